import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { appendToLedger, readLedger } from "../../src/lib/energy/ledger";
import type { EnergyRecord } from "../../src/lib/energy/schema";
import { sampleRecord } from "./fixtures";

const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), "ledger-")), "sub", "ledger.jsonl");

describe("ledger", () => {
  test("appends one validated line per record and reads them back", () => {
    const file = tmpFile();
    appendToLedger(sampleRecord({ label: "a" }), file);
    appendToLedger(sampleRecord({ label: "b" }), file);
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")).toHaveLength(3); // two lines + trailing newline
    expect(readLedger(file).map((r) => r.label)).toEqual(["a", "b"]);
  });

  test("refuses an invalid record and writes nothing", () => {
    const file = tmpFile();
    appendToLedger(sampleRecord(), file);
    const before = readFileSync(file, "utf8");
    const bad = { ...sampleRecord(), seconds: -3 } as EnergyRecord;
    expect(() => appendToLedger(bad, file)).toThrow(/field "seconds"/);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  test("refuses to append after a partial last line", () => {
    const file = tmpFile();
    appendToLedger(sampleRecord(), file);
    appendFileSync(file, '{"schemaVersion":1,"lab');
    expect(() => appendToLedger(sampleRecord(), file)).toThrow(/does not end with a newline/);
  });

  test.each([
    ["a corrupted line", "{ not json\n", /ledger\.jsonl:2: not valid JSON/],
    [
      "an invalid record",
      JSON.stringify({ ...sampleRecord(), region: "" }) + "\n",
      /ledger\.jsonl:2.*field "region"/,
    ],
  ])(
    "validates the whole ledger before appending: with %s it names file and line and writes nothing",
    (_, bad, message) => {
      const file = tmpFile();
      appendToLedger(sampleRecord({ label: "first" }), file);
      appendFileSync(file, bad);
      appendFileSync(file, JSON.stringify(sampleRecord({ label: "third" })) + "\n");
      const before = readFileSync(file, "utf8");
      const exports = readFileSync(path.join(path.dirname(file), "ledger.json"), "utf8");
      expect(() => appendToLedger(sampleRecord({ label: "new" }), file)).toThrow(message);
      expect(() => appendToLedger(sampleRecord({ label: "new" }), file)).toThrow(/nothing was written/);
      expect(readFileSync(file, "utf8")).toBe(before);
      expect(readFileSync(path.join(path.dirname(file), "ledger.json"), "utf8")).toBe(exports);
    },
  );

  test("reading names the file and line of a bad record", () => {
    const file = tmpFile();
    appendToLedger(sampleRecord(), file);
    appendFileSync(file, JSON.stringify({ ...sampleRecord(), region: "" }) + "\n");
    expect(() => readLedger(file)).toThrow(/ledger\.jsonl:2.*field "region"/);
  });

  test("a missing ledger reads as empty", () => {
    const file = tmpFile();
    writeFileSync(path.join(path.dirname(path.dirname(file)), "other"), "");
    expect(readLedger(file)).toEqual([]);
  });

  test("appending to a ledger.jsonl rewrites ledger.json and emissions.csv next to it", () => {
    const file = tmpFile();
    appendToLedger(sampleRecord({ label: "x" }), file);
    appendToLedger(sampleRecord({ label: "y" }), file);
    const dir = path.dirname(file);
    expect(
      JSON.parse(readFileSync(path.join(dir, "ledger.json"), "utf8")).map((r: EnergyRecord) => r.label),
    ).toEqual(["x", "y"]);
    expect(readFileSync(path.join(dir, "emissions.csv"), "utf8").trimEnd().split("\n")).toHaveLength(3);
  });

  test("a ledger with another name gets no derived files", () => {
    const file = path.join(path.dirname(tmpFile()), "scratch.jsonl");
    appendToLedger(sampleRecord(), file);
    expect(existsSync(path.join(path.dirname(file), "ledger.json"))).toBe(false);
  });
});
