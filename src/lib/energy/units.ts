/**
 * Unit conversions and the carbon arithmetic. Browser-safe: no Node imports, so the site's
 * calculator shares exactly these functions.
 *
 *   kWh = J / 3.6e6
 *   facility energy = IT energy × PUE
 *   gCO2e = facility kWh × grid intensity (gCO2e/kWh)
 */

/** Joules in one kilowatt-hour (1000 W × 3600 s). */
export const JOULES_PER_KWH = 3.6e6;

export function joulesToKWh(joules: number): number {
  return joules / JOULES_PER_KWH;
}

export function kWhToJoules(kWh: number): number {
  return kWh * JOULES_PER_KWH;
}

/** Grams of CO2e for `joules` of IT energy at `intensity` gCO2e/kWh and facility overhead `pue`. */
export function gramsCO2e(joules: number, intensity: number, pue = 1): number {
  assertFiniteNonNegative(joules, "joules");
  assertFiniteNonNegative(intensity, "intensity");
  assertPue(pue);
  return joulesToKWh(joules * pue) * intensity;
}

export function assertFiniteNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
  }
}

export function assertPue(pue: number): void {
  if (!Number.isFinite(pue) || pue < 1) {
    throw new Error(`PUE must be a finite number ≥ 1 (1.0 = no facility overhead), got ${pue}`);
  }
}

// How energies and emissions are written for a reader (one rule for the site, notebooks and CLIs).
export { formatEnergy, formatCO2e } from "../format/units";
