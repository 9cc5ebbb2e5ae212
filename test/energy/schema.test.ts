import { describe, expect, test } from "vitest";
import { parseEnergyRecord } from "../../src/lib/energy/schema";
import { sampleRecord } from "./fixtures";

describe("EnergyRecord schema", () => {
  test("accepts a well-formed record", () => {
    expect(parseEnergyRecord(sampleRecord()).label).toBe("test:sample");
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["an unknown method label", { method: { cpu: "guessed", dram: "estimated:tdp" } }, /field "method\.cpu"/],
    ["negative joules", { joules: { total: -1, cpu: -1, dram: 0 } }, /field "joules\.total"/],
    [
      "a total that is not the sum of components",
      { joules: { total: 50, cpu: 36, dram: 7.45 } },
      /field "joules\.total": must equal/,
    ],
    ["a PUE below 1", { pue: { value: 0.9, source: "x" } }, /field "pue\.value"/],
    ["a missing label", { label: "" }, /field "label"/],
    ["a date without timezone", { date: "2026-11-29 12:00" }, /field "date"/],
    [
      "gpu joules without a gpu method",
      { joules: { total: 53.45, cpu: 36, dram: 7.45, gpu: 10 }, facilityJoules: 53.45 },
      /field "method\.gpu"/,
    ],
    ["facility energy inconsistent with PUE", { facilityJoules: 100 }, /field "facilityJoules"/],
  ];
  test.each(bad)("rejects %s, naming the field", (_name, patch, message) => {
    expect(() => parseEnergyRecord({ ...sampleRecord(), ...patch })).toThrow(message);
  });

  test("rejects a record with a missing field, naming it", () => {
    const { region: _region, ...rest } = sampleRecord();
    expect(() => parseEnergyRecord(rest, "ledger line 3")).toThrow(/Invalid ledger line 3: field "region"/);
  });
});
