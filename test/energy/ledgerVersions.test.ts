import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import {
  appendToLedger,
  findLedgerRecord,
  ledgerRecordId,
  migrateToV2,
  originalV1,
  readLedger,
} from "../../src/lib/energy/ledger";
import type { EnergyRecordV1 } from "../../src/lib/energy/schema";
import { sampleRecord, sampleV1Record } from "./fixtures";

// The project ledger as version 1 wrote it (24 real lines, copied before the migration to v2).
const V1_FIXTURE = path.join(__dirname, "fixtures", "ledger-v1.jsonl");
const COMMITTED = path.join(__dirname, "..", "..", "data", "energy", "ledger.jsonl");
const v1Lines = readFileSync(V1_FIXTURE, "utf8").trimEnd().split("\n");

describe("version 1 records", () => {
  const records = readLedger(V1_FIXTURE);

  test("every real v1 line reads as a v1 record, unchanged", () => {
    expect(records).toHaveLength(v1Lines.length);
    records.forEach((r, i) => {
      expect(r.schemaVersion).toBe(1);
      expect(JSON.stringify(r)).toBe(v1Lines[i]);
    });
  });

  test("their ids are the hashes of their lines: the poetry model's id names line 22", () => {
    expect(ledgerRecordId(records[21]!)).toBe("sha256:542e3e2b0d431f2b");
    expect(records[21]!.label).toBe("generation: train character GPT on Tang poems");
  });

  test("a ledger of v1 lines accepts a v2 record after them", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ledger-v1-")), "scratch.jsonl");
    copyFileSync(V1_FIXTURE, file);
    appendToLedger(sampleRecord({ label: "new v2" }), file);
    const after = readLedger(file);
    expect(after.map((r) => r.schemaVersion)).toEqual([...v1Lines.map(() => 1), 2]);
  });
});

describe("migration to v2", () => {
  test("adds only the work and the v1 id; the v1 record is recovered byte for byte", () => {
    const v1 = sampleV1Record();
    const v2 = migrateToV2(v1, { unit: "sentences", count: 12, source: "test report" });
    expect(v2).toMatchObject({
      schemaVersion: 2,
      work: { unit: "sentences", count: 12, source: "test report" },
      migratedFrom: { schemaVersion: 1, id: ledgerRecordId(v1) },
    });
    expect(JSON.stringify(originalV1(v2))).toBe(JSON.stringify(v1));
    expect(findLedgerRecord([v2], ledgerRecordId(v1))).toBe(v2);
    expect(findLedgerRecord([v2], ledgerRecordId(v2))).toBe(v2);
    expect(findLedgerRecord([v2], "sha256:0000000000000000")).toBeUndefined();
  });

  test("refuses a bad work unit, naming the field", () => {
    expect(() => migrateToV2(sampleV1Record(), { unit: "steps", count: 0, source: "x" })).toThrow(
      /field "work\.count"/,
    );
  });

  describe("the committed ledger", () => {
    const committed = readLedger(COMMITTED);
    const v1 = readLedger(V1_FIXTURE) as EnergyRecordV1[];

    test("starts with the v1 lines, each unchanged or migrated from exactly that line", () => {
      expect(committed.length).toBeGreaterThanOrEqual(v1.length);
      v1.forEach((old, i) => {
        const now = committed[i]!;
        if (now.schemaVersion === 1) expect(JSON.stringify(now)).toBe(v1Lines[i]);
        else {
          expect(now.migratedFrom?.id, now.label).toBe(ledgerRecordId(old));
          expect(JSON.stringify(originalV1(now))).toBe(v1Lines[i]);
        }
      });
    });

    test("every migrated record says where its count came from; no count is invented", () => {
      const migrated = committed.filter((r) => r.schemaVersion === 2 && r.migratedFrom);
      expect(migrated.length).toBeGreaterThan(0);
      for (const r of migrated) if (r.schemaVersion === 2) expect(r.work.source, r.label).toMatch(/\S/);
      // Records whose count no report or output kept stay v1 (a 12:02 greedy decode, the 12:57 decodes).
      expect(committed.slice(0, v1.length).filter((r) => r.schemaVersion === 1).length).toBeGreaterThan(0);
    });

    test("the sentiment baselines say how many predictions their ≈ 5 s cover", () => {
      for (const label of [
        "sentiment: majority-class predictions (SST-2 dev)",
        "sentiment: AFINN lexicon predictions (SST-2 dev)",
      ]) {
        const r = committed.find((x) => x.label === label);
        expect(r?.schemaVersion, label).toBe(2);
        if (r?.schemaVersion !== 2) continue;
        expect(r.work.unit).toBe("predictions");
        expect(r.work.count % 872, "whole passes over the 872 dev sentences").toBe(0);
        expect(r.seconds).toBeGreaterThanOrEqual(5);
      }
    });

    test("records written from now on carry their work (every record after the v1 lines is v2)", () => {
      for (const r of committed.slice(v1.length)) expect(r.schemaVersion, r.label).toBe(2);
    });
  });
});
