/**
 * The ledger: data/energy/ledger.jsonl, one EnergyRecord per line, append-only. Node-only.
 *
 * A record is validated before it is written and written with a single `appendFile` of one
 * complete line. The whole file is validated first: if any line is not a valid record, or the file
 * does not end with a newline (an earlier crash mid-write), nothing is appended, so fixing the file
 * and retrying never duplicates a record.
 *
 * Lines are v1 or v2 records (see schema.ts); both are read and appended. A record's id is the hash of
 * its line (`ledgerRecordId`); shipped models name the record of the run that trained them by that id.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  statSync,
} from "node:fs";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { toCodeCarbonCsv } from "./csv";
import type { EnergyRecord, EnergyRecordV1, EnergyRecordV2, Work } from "./schema";
import { EnergyRecordV1Schema, parseEnergyRecord } from "./schema";

export const DEFAULT_LEDGER = path.join("data", "energy", "ledger.jsonl");

function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(1);
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Validates `record` and appends it as one line to `file` (default data/energy/ledger.jsonl).
 * Then rewrites the derived files next to the ledger, `ledger.json` (what the site imports) and
 * `emissions.csv` (CodeCarbon layout), unless `exports: false`; by default only for a ledger named
 * ledger.jsonl, so scratch ledgers get no siblings.
 */
export function appendToLedger(
  record: EnergyRecord,
  file: string = DEFAULT_LEDGER,
  opts: { exports?: boolean } = {},
): EnergyRecord {
  const valid = parseEnergyRecord(record, `energy record "${(record as { label?: string })?.label ?? "?"}"`);
  const line = JSON.stringify(valid) + "\n";
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file) && !endsWithNewline(file)) {
    throw new Error(
      `${file} does not end with a newline: its last line is incomplete. Fix or remove that line by hand ` +
        `(the ledger is append-only; nothing was written).`,
    );
  }
  try {
    readLedger(file);
  } catch (e) {
    throw new Error(
      `${(e as Error).message}. Fix or remove that line by hand (the ledger is append-only); nothing was written.`,
    );
  }
  appendFileSync(file, line, { encoding: "utf8" });
  if (opts.exports ?? path.basename(file) === "ledger.jsonl") writeLedgerExports(file);
  return valid;
}

/** Regenerates ledger.json and emissions.csv next to `file` from its records; returns their paths. */
export function writeLedgerExports(file: string = DEFAULT_LEDGER): { json: string; csv: string } {
  const records = readLedger(file);
  const dir = path.dirname(file);
  const json = path.join(dir, "ledger.json");
  const csv = path.join(dir, "emissions.csv");
  writeFileAtomic(json, ledgerJson(records));
  writeFileAtomic(csv, toCodeCarbonCsv(records));
  return { json, csv };
}

/** Reads and validates every line of a ledger; errors name the file and line number. */
export function readLedger(file: string = DEFAULT_LEDGER): EnergyRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file}:${n}: not valid JSON (${(err as Error).message})`);
      }
      return parseEnergyRecord(value, `record at ${file}:${n}`);
    });
}

/**
 * The ledger as a JSON array (data/energy/ledger.json), the form the site imports at build time
 * (webpack reads JSON, not JSONL). Derived: rewritten by appendToLedger, or `npm run energy -- --export`;
 * test/energy/ledgerFile.test.ts fails when it drifts from ledger.jsonl.
 */
export function ledgerJson(records: readonly EnergyRecord[]): string {
  return JSON.stringify(records, null, 1) + "\n";
}

/**
 * The id of a ledger record: "sha256:" + the first 16 hex digits of the SHA-256 of its line in the
 * ledger (JSON.stringify of the validated record, as appendToLedger writes it). Anyone can recompute it
 * from data/energy/ledger.jsonl.
 */
export function ledgerRecordId(record: EnergyRecord): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 16)}`;
}

/** Every id a record answers to: its own, and for a migrated record the id of the v1 line it replaced. */
export function ledgerRecordIds(record: EnergyRecord): string[] {
  const ids = [ledgerRecordId(record)];
  if (record.schemaVersion === 2 && record.migratedFrom) ids.push(record.migratedFrom.id);
  return ids;
}

/**
 * The record with this id (its own or, for a migrated record, the id it had as v1), or undefined.
 * Ids written before a migration (e.g. in a model's training.json) therefore keep resolving.
 */
export function findLedgerRecord(records: readonly EnergyRecord[], id: string): EnergyRecord | undefined {
  return records.find((r) => ledgerRecordIds(r).includes(id));
}

/** The v1 record a migrated v2 record was made from (work and migratedFrom dropped), byte for byte. */
export function originalV1(record: EnergyRecordV2): EnergyRecordV1 {
  const { work: _work, migratedFrom: _from, ...rest } = record;
  return EnergyRecordV1Schema.parse({ ...rest, schemaVersion: 1 });
}

/**
 * Migrates a v1 record to v2 by adding its unit of work; `work.source` must say where the count comes
 * from (a report, a notebook output, the record's own notes). Every other field is kept as it was.
 */
export function migrateToV2(record: EnergyRecordV1, work: Work & { source: string }): EnergyRecordV2 {
  const migrated = parseEnergyRecord(
    { ...record, schemaVersion: 2, work, migratedFrom: { schemaVersion: 1, id: ledgerRecordId(record) } },
    `migrated record "${record.label}"`,
  ) as EnergyRecordV2;
  if (ledgerRecordId(originalV1(migrated)) !== ledgerRecordId(record))
    throw new Error(`migrateToV2: record "${record.label}" changed beyond its work unit`);
  return migrated;
}
