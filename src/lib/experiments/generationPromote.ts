/**
 * Promoting a poetry run to the site (Node only; `npm run generate -- --promote <run> [--force]`):
 * the run's model, vocabulary and reports are copied to static/models/poetry/ and its energy records
 * to the project ledger (data/energy/ledger.jsonl), only when the run passes the quality floor:
 *
 *   - it was trained with a non-empty validation split;
 *   - it was evaluated (evaluation.json) on the whole test split, on these very weights;
 *   - its test bits per character are below the trigram Kneser–Ney baseline's on the same poems.
 *
 * `force` promotes a run that fails the floor (the reasons are recorded). The copy is atomic: the
 * new folder is written beside the target and swapped in by rename; the ledger is validated whole and
 * rewritten in one step (records already in it are not added twice); if that fails, the previous
 * folder is put back. promotion.json in the target records the run, the date, the reasons overridden
 * and what was replaced.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_LEDGER } from "../energy/ledger";
import { installPromoted, planLedger } from "./promotionInstall";
import {
  POET_EVALUATION_FILE,
  POET_RUN_LEDGER,
  POET_TRAINING_FILE,
  POET_VOCAB_FILE,
  defaultPoetryModelDir,
  packageRoot,
  reportPath,
} from "./generationStore";
import type { PoetEvaluationReport } from "./generationEvaluate";
import type { PoetTrainingReport } from "./generationTrain";

export const POET_PROMOTION_FILE = "promotion.json";
/** What a promotion copies from the run folder. */
export const PROMOTED_FILES = [
  "model.json",
  "weights.bin",
  POET_VOCAB_FILE,
  POET_TRAINING_FILE,
  POET_EVALUATION_FILE,
];

export interface PromoteOptions {
  /** Promote even when the run fails the quality floor (the reasons are recorded). */
  force?: boolean;
  /** Target folder (default static/models/poetry in this package). */
  modelDir?: string;
  /** Project ledger (default data/energy/ledger.jsonl in this package). */
  ledger?: string;
  /**
   * Other runs of the same configuration with other seeds, each evaluated on the whole test split:
   * their test bits/char are recorded beside the promoted run's as the seed spread.
   */
  seedRuns?: string[];
  log?: (line: string) => void;
}

/** One run of the seed spread. */
export interface SeedRun {
  run: string;
  seed: number;
  seconds: number;
  charactersTrainedOn: number;
  bestValidationBits: number;
  testBitsPerCharacter: number;
}

/** The promoted run and its sibling seeds: test bits/char of each, their mean and range. */
export interface SeedSpread {
  runs: SeedRun[];
  mean: number;
  min: number;
  max: number;
}

export interface PromotionRecord {
  date: string;
  /** The run folder promoted. */
  run: string;
  forced: boolean;
  /** Why the run fails the floor (empty when it passes). */
  floorFailures: string[];
  test: { bitsPerCharacter: number; trigramBitsPerCharacter: number } | null;
  /** Ids of the run's ledger records appended to the project ledger (and those already there). */
  ledger: { file: string; appended: string[]; alreadyPresent: string[] };
  /** The promoted run beside runs of the same configuration with other seeds (null: none given). */
  seedSpread: SeedSpread | null;
  /** The model that was replaced, or null when the target was empty. */
  replaced: {
    weightsChecksum: string | null;
    trainedAt: string | null;
    ledgerId: string | null;
    testBitsPerCharacter: number | null;
    run: string | null;
  } | null;
}

function readJsonOrNull<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Reasons a run fails the quality floor (empty: it passes). Missing files are errors, not reasons. */
export function qualityFloorFailures(runDir: string): string[] {
  const dir = path.resolve(runDir);
  for (const f of PROMOTED_FILES)
    if (!existsSync(path.join(dir, f)))
      throw new Error(
        `promotePoet: ${path.join(dir, f)} is missing. ` +
          (f === POET_EVALUATION_FILE
            ? `Evaluate the run first: npm run generate -- --evaluate ${runDir}`
            : "Is this a run folder written by `npm run generate -- --train`?"),
      );
  const training = readJsonOrNull<PoetTrainingReport>(path.join(dir, POET_TRAINING_FILE));
  const evaluation = readJsonOrNull<PoetEvaluationReport>(path.join(dir, POET_EVALUATION_FILE));
  const modelJson = readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(dir, "model.json"));
  const failures: string[] = [];
  if (!training || !evaluation || !modelJson) {
    failures.push("training.json, evaluation.json or model.json is not valid JSON");
    return failures;
  }
  if (!(training.corpus?.used?.validation > 0) || !(training.history?.length > 0))
    failures.push("the run was trained without a validation split");
  if (evaluation.weightsChecksum !== modelJson.weightsChecksum?.value)
    failures.push(
      "evaluation.json was written for other weights than model.json's (evaluate this run again)",
    );
  if (evaluation.test?.subset !== false)
    failures.push(
      "the test bits/char are from the quick subset of the test split (evaluate without --quick)",
    );
  const bpc = evaluation.test?.bitsPerCharacter;
  const floor = evaluation.baselines?.trigram?.bitsPerCharacter;
  if (!(Number.isFinite(bpc) && Number.isFinite(floor)))
    failures.push("evaluation.json has no test bits/char or trigram baseline");
  else if (!(bpc < floor))
    failures.push(
      `test bits/char ${bpc.toFixed(3)} is not below the trigram Kneser–Ney baseline's ${floor.toFixed(3)}`,
    );
  return failures;
}

/**
 * The seed spread of a promoted run and its sibling runs. Each sibling must pass the same checks
 * as the promoted run except the trigram floor (it is reported, not shipped), and must have been
 * trained with the same model and schedule but another seed; anything else is an error naming
 * the run and the field.
 */
export function seedSpread(promotedRun: string, seedRuns: readonly string[]): SeedSpread {
  const read = (runDir: string) => {
    const dir = path.resolve(runDir);
    const training = readJsonOrNull<PoetTrainingReport>(path.join(dir, POET_TRAINING_FILE));
    const evaluation = readJsonOrNull<PoetEvaluationReport>(path.join(dir, POET_EVALUATION_FILE));
    const modelJson = readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(dir, "model.json"));
    if (!training || !evaluation || !modelJson)
      throw new Error(
        `seed spread: ${dir} needs model.json, ${POET_TRAINING_FILE} and ${POET_EVALUATION_FILE} ` +
          `(train it, then: npm run generate -- --evaluate ${runDir})`,
      );
    if (evaluation.weightsChecksum !== modelJson.weightsChecksum?.value || evaluation.test?.subset !== false)
      throw new Error(
        `seed spread: ${dir}/${POET_EVALUATION_FILE} is not a whole-test-split evaluation of these weights; evaluate it again`,
      );
    return { dir, training, evaluation };
  };
  const promoted = read(promotedRun);
  const runs = [promoted, ...seedRuns.map(read)];
  const sameSetup = (t: PoetTrainingReport) =>
    JSON.stringify({ ...t.model, seed: 0 }) + JSON.stringify({ ...t.config, seed: 0 }) + String(t.quick);
  const want = sameSetup(promoted.training);
  const seeds = new Set<number>();
  for (const r of runs) {
    if (sameSetup(r.training) !== want)
      throw new Error(
        `seed spread: ${r.dir} was trained with another model or schedule than ${promoted.dir} ` +
          "(training.json fields model/config differ beyond the seed): a seed spread compares seeds only",
      );
    if (seeds.has(r.training.config.seed))
      throw new Error(`seed spread: two runs have seed ${r.training.config.seed} (${r.dir})`);
    seeds.add(r.training.config.seed);
  }
  const list: SeedRun[] = runs.map((r) => ({
    run: reportPath(r.dir),
    seed: r.training.config.seed,
    seconds: r.training.seconds,
    charactersTrainedOn: r.training.charactersTrainedOn,
    bestValidationBits: r.training.best.validationBits,
    testBitsPerCharacter: r.evaluation.test.bitsPerCharacter,
  }));
  const bpc = list.map((r) => r.testBitsPerCharacter);
  return {
    runs: list,
    mean: bpc.reduce((a, b) => a + b, 0) / bpc.length,
    min: Math.min(...bpc),
    max: Math.max(...bpc),
  };
}

/** What the current target holds, for the promotion record. */
function describeModel(dir: string): PromotionRecord["replaced"] {
  const modelJson = readJsonOrNull<{
    weightsChecksum?: { value?: string };
    userDefinedMetadata?: { training?: { date?: string; ledgerId?: string } };
  }>(path.join(dir, "model.json"));
  if (!modelJson) return null;
  const evaluation = readJsonOrNull<PoetEvaluationReport>(path.join(dir, POET_EVALUATION_FILE));
  const promotion = readJsonOrNull<PromotionRecord>(path.join(dir, POET_PROMOTION_FILE));
  return {
    weightsChecksum: modelJson.weightsChecksum?.value ?? null,
    trainedAt: modelJson.userDefinedMetadata?.training?.date ?? null,
    ledgerId: modelJson.userDefinedMetadata?.training?.ledgerId ?? null,
    testBitsPerCharacter: evaluation?.test?.bitsPerCharacter ?? null,
    run: promotion?.run ?? null,
  };
}

/**
 * Promotes a run (see the module comment). Throws, changing nothing, when the run fails the floor
 * without `force`, when a file is missing, or when either ledger is invalid.
 */
export async function promotePoet(runDir: string, options: PromoteOptions = {}): Promise<PromotionRecord> {
  const dir = path.resolve(runDir);
  const target = path.resolve(options.modelDir ?? defaultPoetryModelDir());
  const ledgerFile = path.resolve(options.ledger ?? path.join(packageRoot(), DEFAULT_LEDGER));
  const log = options.log ?? ((l: string) => console.log(l));
  if (target === dir) throw new Error(`promotePoet: ${dir} is already the promoted model folder`);
  const failures = qualityFloorFailures(dir);
  if (failures.length > 0 && !options.force)
    throw new Error(
      `promotePoet: ${dir} fails the quality floor, nothing was changed:\n  - ${failures.join("\n  - ")}\n` +
        "Train longer or evaluate on the whole test split; --force promotes it anyway (the reasons are recorded).",
    );

  // Both ledgers validated whole before anything is written.
  const plan = planLedger(path.join(dir, POET_RUN_LEDGER), ledgerFile);
  const evaluation = readJsonOrNull<PoetEvaluationReport>(path.join(dir, POET_EVALUATION_FILE));
  const record: PromotionRecord = {
    date: new Date().toISOString(),
    run: reportPath(dir),
    forced: failures.length > 0,
    floorFailures: failures,
    test: evaluation
      ? {
          bitsPerCharacter: evaluation.test.bitsPerCharacter,
          trigramBitsPerCharacter: evaluation.baselines.trigram.bitsPerCharacter,
        }
      : null,
    ledger: { file: reportPath(ledgerFile), appended: plan.appended, alreadyPresent: plan.alreadyPresent },
    seedSpread: options.seedRuns && options.seedRuns.length > 0 ? seedSpread(dir, options.seedRuns) : null,
    replaced: describeModel(target),
  };

  await installPromoted({
    command: "promotePoet",
    runDir: dir,
    files: PROMOTED_FILES,
    target,
    promotionFile: POET_PROMOTION_FILE,
    record,
    projectLedger: ledgerFile,
    fresh: plan.fresh,
  });
  log(
    `promoted ${dir} → ${target}${record.forced ? " (FORCED: " + failures.join("; ") + ")" : ""}; ` +
      `${plan.fresh.length} ledger records appended to ${ledgerFile}` +
      (record.replaced
        ? `; replaced the model trained ${record.replaced.trainedAt ?? "at an unknown date"}`
        : ""),
  );
  return record;
}
