// Names for the calculator's grid regions. @tgwf/co2's Ember averages are keyed by ISO 3166-1
// alpha-3 codes ("ABW") plus a few groups ("EU", "WORLD"); Intl.DisplayNames names regions by
// alpha-2 code, so this table maps alpha-3 → alpha-2 and the browser supplies the country's name in
// the reader's language ("Aruba", "阿鲁巴").

/** ISO 3166-1 alpha-3 → alpha-2, for the country codes of @tgwf/co2's average intensities. */
// prettier-ignore
export const ALPHA3_TO_ALPHA2: Readonly<Record<string, string>> = {
  ABW: "AW", AFG: "AF", AGO: "AO", ALB: "AL", AND: "AD", ARE: "AE", ARG: "AR", ARM: "AM", ASM: "AS",
  ATG: "AG", AUS: "AU", AUT: "AT", AZE: "AZ", BDI: "BI", BEL: "BE", BEN: "BJ", BFA: "BF", BGD: "BD",
  BGR: "BG", BHR: "BH", BHS: "BS", BIH: "BA", BLR: "BY", BLZ: "BZ", BMU: "BM", BOL: "BO", BRA: "BR",
  BRB: "BB", BRN: "BN", BTN: "BT", BWA: "BW", CAF: "CF", CAN: "CA", CHE: "CH", CHL: "CL", CHN: "CN",
  CIV: "CI", CMR: "CM", COD: "CD", COG: "CG", COK: "CK", COL: "CO", COM: "KM", CPV: "CV", CRI: "CR",
  CUB: "CU", CYM: "KY", CYP: "CY", CZE: "CZ", DEU: "DE", DJI: "DJ", DMA: "DM", DNK: "DK", DOM: "DO",
  DZA: "DZ", ECU: "EC", EGY: "EG", ERI: "ER", ESP: "ES", EST: "EE", ETH: "ET", FIN: "FI", FJI: "FJ",
  FLK: "FK", FRA: "FR", FRO: "FO", GAB: "GA", GBR: "GB", GEO: "GE", GHA: "GH", GIN: "GN", GLP: "GP",
  GMB: "GM", GNB: "GW", GNQ: "GQ", GRC: "GR", GRD: "GD", GRL: "GL", GTM: "GT", GUF: "GF", GUM: "GU",
  GUY: "GY", HKG: "HK", HND: "HN", HRV: "HR", HTI: "HT", HUN: "HU", IDN: "ID", IND: "IN", IRL: "IE",
  IRN: "IR", IRQ: "IQ", ISL: "IS", ISR: "IL", ITA: "IT", JAM: "JM", JOR: "JO", JPN: "JP", KAZ: "KZ",
  KEN: "KE", KGZ: "KG", KHM: "KH", KIR: "KI", KNA: "KN", KOR: "KR", KWT: "KW", LAO: "LA", LBN: "LB",
  LBR: "LR", LBY: "LY", LCA: "LC", LKA: "LK", LSO: "LS", LTU: "LT", LUX: "LU", LVA: "LV", MAC: "MO",
  MAR: "MA", MDA: "MD", MDG: "MG", MDV: "MV", MEX: "MX", MKD: "MK", MLI: "ML", MLT: "MT", MMR: "MM",
  MNE: "ME", MNG: "MN", MOZ: "MZ", MRT: "MR", MSR: "MS", MTQ: "MQ", MUS: "MU", MWI: "MW", MYS: "MY",
  NAM: "NA", NCL: "NC", NER: "NE", NGA: "NG", NIC: "NI", NLD: "NL", NOR: "NO", NPL: "NP", NRU: "NR",
  NZL: "NZ", OMN: "OM", PAK: "PK", PAN: "PA", PER: "PE", PHL: "PH", PNG: "PG", POL: "PL", PRI: "PR",
  PRK: "KP", PRT: "PT", PRY: "PY", PSE: "PS", PYF: "PF", QAT: "QA", REU: "RE", ROU: "RO", RUS: "RU",
  RWA: "RW", SAU: "SA", SDN: "SD", SEN: "SN", SGP: "SG", SLB: "SB", SLE: "SL", SLV: "SV", SOM: "SO",
  SPM: "PM", SRB: "RS", SSD: "SS", STP: "ST", SUR: "SR", SVK: "SK", SVN: "SI", SWE: "SE", SWZ: "SZ",
  SYC: "SC", SYR: "SY", TCA: "TC", TCD: "TD", TGO: "TG", THA: "TH", TJK: "TJ", TKM: "TM", TON: "TO",
  TTO: "TT", TUN: "TN", TUR: "TR", TWN: "TW", TZA: "TZ", UGA: "UG", UKR: "UA", URY: "UY", USA: "US",
  UZB: "UZ", VCT: "VC", VEN: "VE", VGB: "VG", VIR: "VI", VNM: "VN", VUT: "VU", WSM: "WS", XKX: "XK",
  YEM: "YE", ZAF: "ZA", ZMB: "ZM", ZWE: "ZW",
};

export type RegionOption = { code: string; name: string; group: boolean };

/**
 * Each code with its name in `locale` (countries through Intl.DisplayNames; groups through
 * `groupName`, which returns undefined to keep the code), countries sorted by name in the locale's
 * collation after the groups. countryNames false: countries as their codes (the server render,
 * whose Intl data is not the browser's).
 */
export function regionOptions(
  codes: readonly string[],
  locale: string,
  groupName: (code: string) => string | undefined,
  { countryNames = true }: { countryNames?: boolean } = {},
): RegionOption[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = countryNames
      ? new Intl.DisplayNames([locale, "en"], { type: "region", fallback: "none" })
      : undefined;
  } catch {
    names = undefined; // a runtime without Intl.DisplayNames shows the codes
  }
  const options = codes.map((code): RegionOption => {
    const alpha2 = ALPHA3_TO_ALPHA2[code];
    if (!alpha2) return { code, name: groupName(code) ?? code, group: true };
    const name = names?.of(alpha2);
    return { code, name: name ? `${name} (${code})` : code, group: false };
  });
  const collator = new Intl.Collator(locale);
  return [
    ...options.filter((o) => o.group).sort((a, b) => collator.compare(a.name, b.name)),
    ...options.filter((o) => !o.group).sort((a, b) => collator.compare(a.name, b.name)),
  ];
}
