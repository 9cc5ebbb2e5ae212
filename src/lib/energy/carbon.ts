/**
 * Grid carbon intensity and PUE: where the gCO2e/kWh and the facility overhead come from.
 * Browser-safe (imports only @tgwf/co2's data, no Node modules).
 *
 * Intensity: yearly average grid intensity from Ember, as shipped by CO2.js (@tgwf/co2 0.19.0,
 * `averageIntensity`, CC BY-SA 4.0). CO2.js's generator (data/functions/generate_average_co2.js)
 * keeps, for each country, the LATEST year for which Ember reports an intensity, so years differ
 * by country; its data/output/average-intensities.json lists them (2023–2024 for most countries,
 * e.g. USA 2024 at 383.55 gCO2e/kWh, World 2024). Codes are ISO 3166-1 alpha-3 ("USA", "FRA"),
 * plus Ember aggregates ("WORLD", "EU", "OECD", ...).
 */
import { averageIntensity } from "@tgwf/co2";

export const INTENSITY_SOURCE =
  "Ember yearly average grid intensity via CO2.js (@tgwf/co2 0.19.0 averageIntensity)";
export const INTENSITY_YEAR =
  "latest year Ember reports for the region (2023–2024 for most; USA and World 2024)";

/** Default grid when the caller states none: Ember's world average. */
export const DEFAULT_REGION = "WORLD";

export interface Intensity {
  region: string;
  /** gCO2e per kWh. */
  gCO2ePerKWh: number;
  source: string;
  year: string;
}

/** Every region code the dataset knows, sorted. */
export function regionCodes(): string[] {
  return Object.keys(averageIntensity.data).sort();
}

/**
 * Grid intensity for a region code (case-insensitive), or an explicit override
 * `{ gCO2ePerKWh, source, year }` (e.g. a supplier's contract figure).
 * Throws an error listing valid codes when the region is unknown.
 */
export function gridIntensity(
  region: string = DEFAULT_REGION,
  override?: { gCO2ePerKWh: number; source?: string; year?: string },
): Intensity {
  const code = region.trim().toUpperCase();
  if (override) {
    if (!Number.isFinite(override.gCO2ePerKWh) || override.gCO2ePerKWh < 0) {
      throw new Error(
        `intensity override must be a finite number ≥ 0 gCO2e/kWh, got ${override.gCO2ePerKWh}`,
      );
    }
    return {
      region: code,
      gCO2ePerKWh: override.gCO2ePerKWh,
      source: override.source ?? "user override",
      year: override.year ?? "stated by user",
    };
  }
  const value = averageIntensity.data[code];
  if (value === undefined) {
    throw new Error(
      `Unknown grid region "${region}". Use an ISO 3166-1 alpha-3 code or an Ember aggregate, one of: ` +
        `${regionCodes().join(", ")}. Or pass an explicit intensity override in gCO2e/kWh.`,
    );
  }
  return { region: code, gCO2ePerKWh: value, source: INTENSITY_SOURCE, year: INTENSITY_YEAR };
}

/**
 * Power usage effectiveness = facility energy / IT energy.
 * 1.0 for a personal machine (no separate cooling plant is attributed to the job).
 */
export const DEFAULT_PUE = {
  value: 1.0,
  source: "default for a personal machine or unattributed VM (no overhead)",
};

/** Documented data-centre PUE choices for the calculator and extrapolation. */
export const REFERENCE_PUE = {
  /** Uptime Institute Global Data Center Survey 2023: industry average annual PUE 1.58. */
  industryAverage: { value: 1.58, source: "Uptime Institute Global Data Center Survey 2023 (average)" },
  /** Google's fleet-wide trailing-twelve-month PUE for 2023, 1.10 (Google 2024 Environmental Report). */
  hyperscale: { value: 1.1, source: "Google 2024 Environmental Report, fleet-wide 2023 PUE" },
  /** Patterson et al. 2021 used 1.10 for Google data centres (Table 4) and 1.59 as a global average. */
} as const;

export function resolvePue(pue?: number | { value: number; source?: string }): {
  value: number;
  source: string;
} {
  if (pue === undefined) return DEFAULT_PUE;
  const value = typeof pue === "number" ? pue : pue.value;
  if (!Number.isFinite(value) || value < 1) {
    throw new Error(`PUE must be a finite number ≥ 1 (1.0 = no facility overhead), got ${value}`);
  }
  const source = typeof pue === "number" ? "user override" : (pue.source ?? "user override");
  return { value, source };
}
