import { describe, expect, test } from "vitest";
import { joulesPerUnit, parseEnergyRecord, recordWork } from "../../src/lib/energy/schema";
import { sampleRecord, sampleV1Record } from "./fixtures";

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

  test("reads a version 1 record (no unit of work) unchanged", () => {
    const v1 = sampleV1Record();
    expect(parseEnergyRecord(v1)).toEqual(v1);
    expect(recordWork(v1)).toBeNull();
    expect(joulesPerUnit(v1)).toBeNull();
  });

  test("a version 2 record without work is refused, naming the field", () => {
    const { work: _work, ...rest } = sampleRecord();
    expect(() => parseEnergyRecord(rest)).toThrow(/field "work"/);
  });

  test("an unknown schema version is refused, naming the versions read", () => {
    expect(() => parseEnergyRecord({ ...sampleRecord(), schemaVersion: 3 })).toThrow(
      /field "schemaVersion": must be 1 or 2 .*got 3/,
    );
  });

  const badWork: [string, Record<string, unknown>, RegExp][] = [
    ["an unknown unit", { unit: "poems", count: 3 }, /field "work\.unit"/],
    ["a fractional count", { unit: "tokens", count: 2.5 }, /field "work\.count": must be a whole number/],
    ["a zero count", { unit: "tokens", count: 0 }, /field "work\.count"/],
  ];
  test.each(badWork)("rejects work with %s", (_name, work, message) => {
    expect(() => parseEnergyRecord({ ...sampleRecord(), work })).toThrow(message);
  });

  test("a flops work unit must count the record's flops", () => {
    expect(() =>
      parseEnergyRecord(sampleRecord({ flops: 2e9, work: { unit: "flops", count: 1e9 } })),
    ).toThrow(/field "work\.count": a work unit of "flops" must count the record's flops/);
    expect(parseEnergyRecord(sampleRecord({ flops: 2e9, work: { unit: "flops", count: 2e9 } })).flops).toBe(
      2e9,
    );
  });

  test("energy per unit is derived from joules and the count, and only for the record's unit", () => {
    const r = sampleRecord(); // 43.45 J, 1,000 predictions
    expect(joulesPerUnit(r)).toBeCloseTo(0.04345, 12);
    expect(joulesPerUnit(r, "predictions")).toBeCloseTo(0.04345, 12);
    expect(joulesPerUnit(r, "sentences")).toBeNull();
  });
});
