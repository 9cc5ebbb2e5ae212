import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { toCodeCarbonCsv } from "../../src/lib/energy/csv";
import { ledgerJson, readLedger } from "../../src/lib/energy/ledger";

const dir = path.join(__dirname, "..", "..", "data", "energy");

describe("the committed ledger", () => {
  const records = readLedger(path.join(dir, "ledger.jsonl"));

  test("every line is a valid record, and there is at least one", () => {
    expect(records.length).toBeGreaterThan(0);
  });

  test("no estimate is labelled as a measurement", () => {
    for (const r of records) {
      if (r.estimate)
        expect(r.method.cpu === "estimated:tdp" || r.method.dram === "estimated:tdp").toBe(true);
      if (r.method.cpu === "estimated:tdp") expect(r.estimate, r.label).toBeDefined();
    }
  });

  test("ledger.json and emissions.csv are up to date (npm run energy -- --export)", () => {
    expect(readFileSync(path.join(dir, "ledger.json"), "utf8")).toBe(ledgerJson(records));
    expect(readFileSync(path.join(dir, "emissions.csv"), "utf8")).toBe(toCodeCarbonCsv(records));
  });
});
