import type { EnergyRecordV1, EnergyRecordV2 } from "../../src/lib/energy/schema";

/** A valid estimated v2 record with hand-checkable numbers: 43.45 J for 1,000 predictions. */
export function sampleRecord(overrides: Partial<EnergyRecordV2> = {}): EnergyRecordV2 {
  const { schemaVersion: _v, ...v1 } = sampleV1Record();
  return { schemaVersion: 2, ...v1, work: { unit: "predictions", count: 1000 }, ...overrides };
}

/** The same record as version 1 wrote it (no unit of work). */
export function sampleV1Record(overrides: Partial<EnergyRecordV1> = {}): EnergyRecordV1 {
  return {
    schemaVersion: 1,
    label: "test:sample",
    date: "2026-11-29T12:00:00.000Z",
    seconds: 10,
    method: { cpu: "estimated:tdp", dram: "estimated:tdp" },
    // cpu: 8 CPU-s × 4.5 W = 36 J; dram: 2 GB × 10 s × 0.3725 W/GB = 7.45 J
    joules: { total: 43.45, cpu: 36, dram: 7.45 },
    facilityJoules: 43.45,
    gCO2e: (43.45 / 3.6e6) * 400,
    region: "TEST",
    intensity: { gCO2ePerKWh: 400, source: "test", year: "2024" },
    pue: { value: 1, source: "test" },
    hardware: { cpuModel: "Test CPU", cpuCores: 2, memoryGB: 16, gpu: null, cpuPowerSource: "test" },
    backend: "wasm",
    gitCommit: "abc123",
    estimate: { cpuSeconds: 8, wattsPerCore: 4.5, memoryGBAverage: 2, wattsPerGB: 0.3725 },
    ...overrides,
  };
}
