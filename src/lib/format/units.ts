/**
 * How the project writes quantities for a reader: energy, emissions and durations, on the site,
 * in notebooks, in CLI output and in training progress lines. Browser-safe (no imports).
 *
 * One rule everywhere: three significant figures (trailing zeros kept, so a column reads evenly:
 * "1.60 kJ", "12.0 s") in the unit that puts the number between 1 and 1000.
 *   energy    µJ, mJ, J, kJ, MJ below one kilowatt-hour; kWh, MWh, GWh, TWh from 1 kWh up
 *             (what electricity bills and published training runs use)
 *   emissions µg, mg, g, kg, t CO₂e
 *   duration  ms and s below a minute; then "m min s s"; from an hour "h h m min"
 * Zero prints as "0" in the base unit, negative values keep their sign, and a missing or
 * non-finite value (null, undefined, NaN, ±Infinity) prints as "—".
 */

/** What a formatter prints for a missing or non-finite value. */
export const MISSING = "—";

/** Significant figures of every formatted quantity. */
export const SIGNIFICANT_DIGITS = 3;

type Unit = { symbol: string; scale: number };

const JOULES_PER_KWH = 3.6e6;

const ENERGY_UNITS: Unit[] = [
  { symbol: "µJ", scale: 1e-6 },
  { symbol: "mJ", scale: 1e-3 },
  { symbol: "J", scale: 1 },
  { symbol: "kJ", scale: 1e3 },
  { symbol: "MJ", scale: 1e6 },
  { symbol: "kWh", scale: JOULES_PER_KWH },
  { symbol: "MWh", scale: JOULES_PER_KWH * 1e3 },
  { symbol: "GWh", scale: JOULES_PER_KWH * 1e6 },
  { symbol: "TWh", scale: JOULES_PER_KWH * 1e9 },
];

const CO2E_UNITS: Unit[] = [
  { symbol: "µg CO₂e", scale: 1e-6 },
  { symbol: "mg CO₂e", scale: 1e-3 },
  { symbol: "g CO₂e", scale: 1 },
  { symbol: "kg CO₂e", scale: 1e3 },
  { symbol: "t CO₂e", scale: 1e6 },
];

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * `x` with `digits` significant figures: plain decimals from 0.001 to below a million ("0.0123",
 * "2.00", "1,230" with thousands grouped), scientific notation outside ("3.86 × 10²³",
 * "1.23 × 10⁻⁷"). "—" when `x` is missing or not finite.
 */
export function formatSignificant(x: number | null | undefined, digits = SIGNIFICANT_DIGITS): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  if (x === 0) return "0";
  const rounded = Number(x.toPrecision(digits));
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  if (magnitude >= 6 || magnitude < -3) {
    const [mantissa, exponent] = rounded.toExponential(digits - 1).split("e") as [string, string];
    const power = String(Number(exponent))
      .replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!)
      .replace("-", "⁻");
    return `${mantissa} × 10${power}`;
  }
  // Fixed decimals keep trailing zeros ("2.00"); from 1,000 up, thousands are grouped.
  const decimals = Math.max(0, digits - 1 - magnitude);
  if (magnitude >= 3) {
    return rounded.toLocaleString("en-US", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  }
  return rounded.toFixed(decimals);
}

/** Picks the largest unit at most |x| (after rounding), so the number reads between 1 and 1000. */
function withUnit(x: number | null | undefined, units: readonly Unit[], zero: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  if (x === 0) return zero;
  const sign = x < 0 ? "-" : "";
  // Round first, so 999.96 J becomes "1.00 kJ", not "1.00e+3 J".
  const a = Number(Math.abs(x).toPrecision(SIGNIFICANT_DIGITS));
  let unit = units[0]!;
  for (const u of units) if (a >= u.scale) unit = u;
  return `${sign}${formatSignificant(a / unit.scale)} ${unit.symbol}`;
}

/** Energy in joules: "512 mJ", "1.60 kJ", "3.60 MJ", "1.29 GWh" (see the module comment). */
export function formatEnergy(joules: number | null | undefined): string {
  return withUnit(joules, ENERGY_UNITS, "0 J");
}

/** Emissions in grams of CO2e: "17.4 µg CO₂e", "210 mg CO₂e", "552 t CO₂e". */
export function formatCO2e(grams: number | null | undefined): string {
  return withUnit(grams, CO2E_UNITS, "0 g CO₂e");
}

/** A duration in seconds: "512 ms", "12.3 s", "23 min 8 s", "2 h 5 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING;
  if (seconds === 0) return "0 s";
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  const s = Number(seconds.toPrecision(SIGNIFICANT_DIGITS));
  if (s < 1) return `${formatSignificant(s * 1e3)} ms`;
  if (s < 60) return `${formatSignificant(s)} s`;
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 3600) return `${Math.floor(wholeSeconds / 60)} min ${wholeSeconds % 60} s`;
  const wholeMinutes = Math.round(seconds / 60);
  return `${Math.floor(wholeMinutes / 60)} h ${wholeMinutes % 60} min`;
}

/** A unit shared by every value of a table column: "J", "kJ", "mg CO₂e". */
export type ColumnUnit = { symbol: string; scale: number };

/** The unit in which the median of `values` reads between 1 and 1000 (missing values ignored). */
function columnUnit(values: readonly (number | null | undefined)[], units: readonly Unit[]): ColumnUnit {
  const finite = values
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v) && v !== 0)
    .map(Math.abs)
    .sort((a, b) => a - b);
  const median = finite.length ? finite[Math.floor((finite.length - 1) / 2)]! : 1;
  let unit = units[0]!;
  for (const u of units) if (median >= u.scale) unit = u;
  return { symbol: unit.symbol, scale: unit.scale };
}

/** One energy unit for a column of joule values, so the column reads in one unit ("J", "kJ"). */
export function energyColumnUnit(joules: readonly (number | null | undefined)[]): ColumnUnit {
  return columnUnit(joules, ENERGY_UNITS);
}

/** One emissions unit for a column of gram values ("mg CO₂e", "g CO₂e"). */
export function co2eColumnUnit(grams: readonly (number | null | undefined)[]): ColumnUnit {
  return columnUnit(grams, CO2E_UNITS);
}

/** `x` (in the unit's base: J, g) as a number of `unit`, without the symbol: "13,600", "0.133". */
export function formatInUnit(x: number | null | undefined, unit: ColumnUnit): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  return formatSignificant(x / unit.scale);
}
