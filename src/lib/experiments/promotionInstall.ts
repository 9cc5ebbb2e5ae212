/**
 * The two steps every promotion shares (Node only; used by runPromotion.ts for sentiment and
 * translation and by generationPromote.ts for poetry):
 *
 *   planLedger      reads the run's scratch ledger and the project ledger, both validated whole
 *                   (readLedger names file and line), and says which run records are new;
 *   installPromoted copies the run's files and the promotion record into a folder beside the
 *                   target, swaps it in by rename, then rewrites the project ledger with the new
 *                   records in one atomic write. Any failure puts the previous folder and ledger
 *                   back and throws; nothing is half-promoted.
 */
import { randomBytes } from "node:crypto";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { ledgerRecordId, ledgerRecordIds, readLedger, writeLedgerExports } from "../energy/ledger";
import type { EnergyRecord } from "../energy/schema";
import { writeFileAtomic } from "../io/writeFileAtomic";

export interface LedgerPlan {
  /** Run records not yet in the project ledger, in run order. */
  fresh: EnergyRecord[];
  appended: string[];
  alreadyPresent: string[];
}

/** Which records of the run's ledger the project ledger lacks (a v2-migrated record keeps its v1 id). */
export function planLedger(runLedger: string, projectLedger: string): LedgerPlan {
  const runRecords = readLedger(runLedger);
  const present = new Set(readLedger(projectLedger).flatMap(ledgerRecordIds));
  const fresh = runRecords.filter((r) => !present.has(ledgerRecordId(r)));
  return {
    fresh,
    appended: fresh.map(ledgerRecordId),
    alreadyPresent: runRecords.filter((r) => present.has(ledgerRecordId(r))).map(ledgerRecordId),
  };
}

export interface InstallOptions {
  /** Prefix of error messages, e.g. "promote sentiment". */
  command: string;
  /** The run folder and the files to copy from it. */
  runDir: string;
  files: string[];
  /** The shipped folder to replace. */
  target: string;
  /** File name and content of the promotion record written beside the model. */
  promotionFile: string;
  record: unknown;
  projectLedger: string;
  fresh: EnergyRecord[];
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Swaps the run's files in for the target folder and appends the fresh records (see the module comment). */
export async function installPromoted(o: InstallOptions): Promise<void> {
  const parent = path.dirname(o.target);
  const base = path.basename(o.target);
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp = path.join(parent, `.${base}.tmp-${tag}`);
  const old = path.join(parent, `.${base}.old-${tag}`);
  const exportsToo = path.basename(o.projectLedger) === "ledger.jsonl";
  await fs.mkdir(parent, { recursive: true });
  await fs.mkdir(tmp);
  let movedOld = false;
  let swapped = false;
  let ledgerBefore: string | null = null;
  try {
    for (const f of o.files) await fs.copyFile(path.join(o.runDir, f), path.join(tmp, f));
    await fs.writeFile(path.join(tmp, o.promotionFile), JSON.stringify(o.record, null, 1) + "\n");
    if (await exists(o.target)) {
      await fs.rename(o.target, old);
      movedOld = true;
    }
    await fs.rename(tmp, o.target);
    swapped = true;
    if (o.fresh.length > 0) {
      // One atomic rewrite of the validated ledger plus the new lines, then its derived exports.
      const before = existsSync(o.projectLedger) ? readFileSync(o.projectLedger, "utf8") : "";
      const lines = o.fresh.map((r) => JSON.stringify(r) + "\n").join("");
      ledgerBefore = before;
      writeFileAtomic(o.projectLedger, before + (before === "" || before.endsWith("\n") ? "" : "\n") + lines);
      if (exportsToo) writeLedgerExports(o.projectLedger);
    }
  } catch (e) {
    if (ledgerBefore !== null) {
      try {
        writeFileAtomic(o.projectLedger, ledgerBefore);
        if (exportsToo) writeLedgerExports(o.projectLedger);
      } catch {
        // best effort: the records carry ids, a retry does not add them twice
      }
    }
    if (swapped) await fs.rename(o.target, tmp).catch(() => undefined);
    if (movedOld && !(await exists(o.target))) await fs.rename(old, o.target).catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true });
    throw new Error(
      `${o.command}: could not promote ${o.runDir} (previous model kept): ${(e as Error).message}`,
    );
  }
  if (movedOld) await fs.rm(old, { recursive: true, force: true });
}
