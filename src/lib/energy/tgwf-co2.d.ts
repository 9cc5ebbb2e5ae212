// Minimal types for the part of @tgwf/co2 (0.19.0, ships no types) that we use.
declare module "@tgwf/co2" {
  /** Ember yearly average grid intensity by ISO alpha-3 code or aggregate name, in gCO2e/kWh. */
  export const averageIntensity: { data: Record<string, number>; type: string };
}
