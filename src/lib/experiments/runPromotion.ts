/**
 * Run folders and their promotion, for the sentiment and translation demos (Node only); the same
 * design as the poetry demo's (./generationTrain.ts, ./generationPromote.ts):
 *
 *   - a training command writes a NEW run folder (default .runs/<ISO time>-<demo>/) holding the model,
 *     its reports and the run's scratch ledger (ledger.jsonl); it never writes static/ or data/;
 *   - `promoteRun` copies a run to the shipped folder (static/models/<demo>/) and appends the run's
 *     ledger records to the project ledger (data/energy/ledger.jsonl), only when the run passes the
 *     demo's quality floor, unless forced. The copy is atomic (written beside the target, swapped in by
 *     rename); the ledger is validated whole and rewritten in one step (records already there are not
 *     added twice); if that fails the previous folder is put back. promotion.json records the run, the
 *     date, the floor failures overridden and what was replaced.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_LEDGER } from "../energy/ledger";
import { installPromoted, planLedger } from "./promotionInstall";
import { ledgerRecordId, packageRoot, reportPath } from "./generationStore";

export { ledgerRecordId, packageRoot, reportPath };

/** The run's scratch ledger (its records reach data/energy/ledger.jsonl only through promotion). */
export const RUN_LEDGER = "ledger.jsonl";
/** What a promotion writes beside the model in the shipped folder. */
export const PROMOTION_FILE = "promotion.json";
/** Run folders, relative to the package root (gitignored). */
export const RUNS_DIR = ".runs";

/** A new run folder name: .runs/2026-11-30T03-24-24Z-<demo> (ISO time, colons replaced, no milliseconds). */
export function newRunDir(demo: string, date = new Date()): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return path.join(packageRoot(), RUNS_DIR, `${stamp}-${demo}`);
}

/** The shipped model folder of a demo: static/models/<demo> in this package. */
export function shippedModelDir(demo: string): string {
  return path.join(packageRoot(), "static", "models", demo);
}

/**
 * Throws unless `dir` is absent or empty: training never replaces a folder (least of all a
 * promoted model). `command` names the caller in the message.
 */
export function assertFreshRunDir(dir: string, command: string, demo: string): void {
  const d = path.resolve(dir);
  if (existsSync(d) && readdirSync(d).length > 0)
    throw new Error(
      `${command}: ${d} is not empty${existsSync(path.join(d, "model.json")) ? " (it holds a model)" : ""}; ` +
        `training never replaces a folder. Choose a new --out folder (the default is a new ${RUNS_DIR}/<time>-${demo}/), ` +
        `then promote the run with --promote <run folder>.`,
    );
}

/** Throws when `dir` is a promoted model folder (the shipped one, or any holding promotion.json). */
export function assertNotPromoted(dir: string, command: string, demo: string): void {
  const d = path.resolve(dir);
  if (d === path.resolve(shippedModelDir(demo)) || existsSync(path.join(d, PROMOTION_FILE)))
    throw new Error(
      `${command}: ${d} is a promoted model folder; runs never write into it. Train into a run folder ` +
        `(default ${RUNS_DIR}/<time>-${demo}/) and promote that run.`,
    );
}

export function readJsonOrNull<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** The model a folder holds, as a promotion record names what it replaced. */
export interface ReplacedModel {
  weightsChecksum: string | null;
  trainedAt: string | null;
  /** The run it was promoted from (null: not promoted through this command). */
  run: string | null;
  /** The demo's headline figures of that model, when its reports have them. */
  metrics: Record<string, number | null>;
}

export interface PromotionRecord {
  date: string;
  demo: string;
  /** The run folder promoted. */
  run: string;
  forced: boolean;
  /** The quality floor, in words. */
  floor: string;
  /** Why the run fails the floor (empty when it passes). */
  floorFailures: string[];
  /** The run's headline figures (e.g. dev accuracy, test BLEU). */
  metrics: Record<string, number | null>;
  /** Ids of the run's ledger records appended to the project ledger (and those already there). */
  ledger: { file: string; appended: string[]; alreadyPresent: string[] };
  /** The model that was replaced, or null when the target held none. */
  replaced: ReplacedModel | null;
}

export interface PromoteRunSpec {
  demo: string;
  /** Files copied from the run folder (each must exist). */
  files: readonly string[];
  /** Files copied when the run has them (their absence is for floorFailures to judge, e.g. no evaluation yet). */
  optionalFiles?: readonly string[];
  /** The floor in words, recorded in promotion.json and shown when it fails. */
  floor: string;
  /** Reasons the run fails the floor (empty: it passes). */
  floorFailures: (runDir: string) => string[];
  /** The headline figures of a model folder (a run or the shipped one). */
  metrics: (dir: string) => Record<string, number | null>;
  /** Hint printed when the floor fails, e.g. "Train longer". */
  hint: string;
}

export interface PromoteOptions {
  /** Promote even when the run fails the quality floor (the reasons are recorded). */
  force?: boolean;
  /** Target folder (default static/models/<demo> in this package). */
  modelDir?: string;
  /** Project ledger (default data/energy/ledger.jsonl in this package). */
  ledger?: string;
  log?: (line: string) => void;
}

function describeModel(dir: string, spec: PromoteRunSpec): ReplacedModel | null {
  const modelJson = readJsonOrNull<{
    weightsChecksum?: { value?: string };
    userDefinedMetadata?: { date?: string; trainedAt?: string; training?: { date?: string } };
  }>(path.join(dir, "model.json"));
  if (!modelJson) return null;
  const meta = modelJson.userDefinedMetadata ?? {};
  return {
    weightsChecksum: modelJson.weightsChecksum?.value ?? null,
    trainedAt: meta.training?.date ?? meta.trainedAt ?? meta.date ?? null,
    run: readJsonOrNull<PromotionRecord>(path.join(dir, PROMOTION_FILE))?.run ?? null,
    metrics: spec.metrics(dir),
  };
}

/**
 * Promotes a run (see the module comment). Throws, changing nothing, when the run fails the floor
 * without `force`, when a file is missing, or when either ledger is invalid.
 */
export async function promoteRun(
  spec: PromoteRunSpec,
  runDir: string,
  options: PromoteOptions = {},
): Promise<PromotionRecord> {
  const command = `promote ${spec.demo}`;
  const dir = path.resolve(runDir);
  const target = path.resolve(options.modelDir ?? shippedModelDir(spec.demo));
  const ledgerFile = path.resolve(options.ledger ?? path.join(packageRoot(), DEFAULT_LEDGER));
  const log = options.log ?? ((l: string) => console.log(l));
  if (target === dir) throw new Error(`${command}: ${dir} is already the promoted model folder`);
  for (const f of spec.files)
    if (!existsSync(path.join(dir, f)))
      throw new Error(
        `${command}: ${path.join(dir, f)} is missing. Is ${dir} a run folder written by --train?`,
      );
  const failures = spec.floorFailures(dir);
  if (failures.length > 0 && !options.force)
    throw new Error(
      `${command}: ${dir} fails the quality floor (${spec.floor}); nothing was changed:\n  - ${failures.join("\n  - ")}\n` +
        `${spec.hint}; --force promotes it anyway (the reasons are recorded in ${PROMOTION_FILE}).`,
    );

  // Both ledgers validated whole before anything is written.
  const plan = planLedger(path.join(dir, RUN_LEDGER), ledgerFile);
  const record: PromotionRecord = {
    date: new Date().toISOString(),
    demo: spec.demo,
    run: reportPath(dir),
    forced: failures.length > 0,
    floor: spec.floor,
    floorFailures: failures,
    metrics: spec.metrics(dir),
    ledger: { file: reportPath(ledgerFile), appended: plan.appended, alreadyPresent: plan.alreadyPresent },
    replaced: describeModel(target, spec),
  };

  await installPromoted({
    command: command,
    runDir: dir,
    files: [...spec.files, ...(spec.optionalFiles ?? []).filter((f) => existsSync(path.join(dir, f)))],
    target,
    promotionFile: PROMOTION_FILE,
    record,
    projectLedger: ledgerFile,
    fresh: plan.fresh,
  });
  log(
    `promoted ${dir} → ${target}${record.forced ? " (FORCED: " + failures.join("; ") + ")" : ""}; ` +
      `${plan.fresh.length} ledger records appended to ${ledgerFile}` +
      (record.replaced
        ? `; replaced the model trained ${record.replaced.trainedAt ?? "at an unknown date"} ` +
          `(weights CRC-32 ${record.replaced.weightsChecksum ?? "unknown"})`
        : ""),
  );
  return record;
}
