import { describe, expect, test } from "vitest";
import { gridIntensity, regionCodes, resolvePue } from "../../src/lib/energy/carbon";
import { CODECARBON_FALLBACK_CPU_WATTS, cpuPowerFor, estimateJoules } from "../../src/lib/energy/cpuPower";
import { formatCO2e, formatEnergy, gramsCO2e, joulesToKWh, kWhToJoules } from "../../src/lib/energy/units";

describe("carbon arithmetic", () => {
  test("3.6 MJ is 1 kWh, and back", () => {
    expect(joulesToKWh(3.6e6)).toBe(1);
    expect(kWhToJoules(2.5)).toBe(9e6);
  });

  test("grams CO2e = J / 3.6e6 × PUE × intensity (hand-computed)", () => {
    // 7.2 MJ = 2 kWh; × PUE 1.5 = 3 kWh; × 400 g/kWh = 1200 g
    expect(gramsCO2e(7.2e6, 400, 1.5)).toBeCloseTo(1200, 9);
    expect(gramsCO2e(7.2e6, 400)).toBeCloseTo(800, 9);
  });

  test("rejects a PUE below 1 and negative energy", () => {
    expect(() => gramsCO2e(1, 400, 0.8)).toThrow(/PUE must be/);
    expect(() => gramsCO2e(-1, 400)).toThrow(/joules must be/);
  });

  test("formats energies and emissions in readable units", () => {
    expect(formatEnergy(500)).toBe("500 J");
    expect(formatEnergy(3.6e6 * 1287e3)).toBe("1.29 GWh");
    expect(formatCO2e(552e6)).toBe("552 t CO₂e");
  });
});

describe("grid intensity", () => {
  test("reads Ember's yearly average for a country code, case-insensitively", () => {
    const usa = gridIntensity("usa");
    expect(usa.region).toBe("USA");
    expect(usa.gCO2ePerKWh).toBe(383.55); // @tgwf/co2 0.19.0 averageIntensity.data.USA
    expect(usa.source).toMatch(/Ember/);
    expect(usa.year).toMatch(/20\d\d/);
  });

  test("an unknown region fails and lists the valid codes", () => {
    expect(() => gridIntensity("Atlantis")).toThrow(/Unknown grid region "Atlantis".*FRA.*USA.*WORLD/s);
    expect(regionCodes()).toContain("WORLD");
  });

  test("an explicit override wins and keeps its stated source", () => {
    const i = gridIntensity("FRA", { gCO2ePerKWh: 20, source: "supplier contract", year: "2025" });
    expect(i).toEqual({ region: "FRA", gCO2ePerKWh: 20, source: "supplier contract", year: "2025" });
  });

  test("PUE defaults to 1.0 and validates overrides", () => {
    expect(resolvePue().value).toBe(1);
    expect(resolvePue(1.58)).toEqual({ value: 1.58, source: "user override" });
    expect(() => resolvePue(0.5)).toThrow(/PUE must be/);
  });
});

describe("estimated:tdp", () => {
  test("CPU and memory energy against hand-computed values", () => {
    // 12 CPU-s × 3.75 W = 45 J; 4 GB × 20 s × 0.3725 W/GB = 29.8 J
    const e = estimateJoules({ cpuSeconds: 12, wattsPerCore: 3.75, memoryGBAverage: 4, seconds: 20 });
    expect(e.cpu).toBeCloseTo(45, 12);
    expect(e.dram).toBeCloseTo(29.8, 12);
  });

  test("per-core power comes from the SKU table when the model is named", () => {
    const p = cpuPowerFor({ model: "AMD EPYC 9654 96-Core Processor", logicalCpus: 192 });
    expect(p.wattsPerCore).toBeCloseTo(360 / 96, 12);
    expect(p.source).toMatch(/EPYC 9654: 360 W TDP \/ 96 cores/);
  });

  test("a VM that hides the SKU is matched by CPU family (Zen 5 → EPYC 9655)", () => {
    const p = cpuPowerFor({
      model: "AMD EPYC",
      logicalCpus: 2,
      vendor: "AuthenticAMD",
      family: 26,
      modelNumber: 2,
    });
    expect(p.wattsPerCore).toBeCloseTo(400 / 96, 12);
    expect(p.source).toMatch(/SKU hidden.*Zen 5.*representative AMD EPYC 9655/);
  });

  test("an unknown CPU uses CodeCarbon's 42.5 W spread over the logical CPUs", () => {
    const p = cpuPowerFor({ model: "Mystery CPU", logicalCpus: 4 });
    expect(CODECARBON_FALLBACK_CPU_WATTS).toBe(42.5);
    expect(p.wattsPerCore).toBeCloseTo(42.5 / 4, 12);
    expect(p.source).toMatch(/CodeCarbon fallback/);
  });
});
