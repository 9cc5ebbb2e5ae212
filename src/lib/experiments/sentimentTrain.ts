/**
 * Training the sentiment classifier into a run folder, and promoting a run (Node only;
 * `npm run sentiment -- --train`, `--promote <run>`). The same design as the poetry demo:
 *
 *   load SST-2 (quick: a subset) → vocabulary and model of notebook 04's reference configuration →
 *   the shared training loop (early stopping on the validation split, time budget), under the energy
 *   meter → dev accuracy of the model and of notebook 04's two baselines (majority class, AFINN lexicon)
 *   → a RUN FOLDER (default .runs/<ISO time>-sentiment/): model.json + weights.bin + vocab.json (one
 *   atomic save), training.json and the run's scratch ledger (ledger.jsonl).
 *
 * Nothing here writes static/ or data/ except `promoteSentiment`, which copies a run that passes
 * SENTIMENT_FLOOR (or is forced) to static/models/sentiment and its records to the project ledger.
 */
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { loadSst2, type Sst2Options } from "../data/sst2";
import { appendToLedger, startMeter } from "../energy";
import { parseEnergyRecord, type EnergyRecord } from "../energy/schema";
import { accuracy, classificationReport, thresholdPredictions } from "../eval/classification";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { LexiconClassifier, majorityClass } from "../models/sentiment/baselines";
import { predictTexts, type SentimentClassifierConfig } from "../models/sentiment/classifier";
import { buildModel, fit, referenceConfig, type SentimentTrainingConfig } from "../models/sentiment/training";
import type { HistoryPoint, StopReason } from "../models/train";
import {
  RUN_LEDGER,
  assertFreshRunDir,
  ledgerRecordId,
  newRunDir,
  promoteRun,
  readJsonOrNull,
  reportPath,
  type PromoteOptions,
  type PromotionRecord,
} from "./runPromotion";
import { saveModel } from "./sentiment";

export const SENTIMENT_TRAINING_FILE = "training.json";
/** The target for dev accuracy, as notebook 04 (section 9) reports it. Recorded, not required. */
export const SENTIMENT_TARGET_ACCURACY = 0.8;
export const SENTIMENT_FLOOR =
  "dev accuracy above both baselines of notebook 04 (majority class and AFINN lexicon), " +
  "a non-empty validation split, not a quick run";
/** What a promotion copies from a run folder. */
export const SENTIMENT_PROMOTED_FILES = [
  "model.json",
  "weights.bin",
  "vocab.json",
  SENTIMENT_TRAINING_FILE,
] as const;
/** Raw sentences whose p(positive) is stored in model.json, so a reload can be checked against them. */
export const CHECK_SENTENCES = [
  "A gorgeous, witty and deeply moving film.",
  "A dull, lifeless mess.",
  "The acting is not good.",
  "The cast is strong, but the script is a tired bore.",
] as const;

export interface SentimentRunOptions {
  /** Run folder to create (default .runs/<ISO time>-sentiment/). Must be absent or empty. */
  out?: string;
  /** Quick mode: a subset of SST-2 and referenceConfig(seed, { quick: true }). */
  quick?: boolean;
  /** Seed of the initial weights and the batch order (default 0). */
  seed?: number;
  /** Wall-clock training budget in seconds (default: the reference configuration's, 20 minutes; quick 60 s). */
  budgetSeconds?: number;
  /** Data options (dataDir, validation fraction, subsets). */
  data?: Sst2Options;
  /** Ledger file for the energy record (default <out>/ledger.jsonl), or false for none. */
  ledger?: string | false;
  log?: (line: string) => void;
  /** Progress lines of the training loop (default "log"). */
  progress?: "log" | "none";
}

export interface SentimentRunReport {
  date: string;
  quick: boolean;
  hardware: string;
  backend: string;
  loadAverageAtStart: number[];
  data: { train: number; validation: number; dev: number; dir: string; source: string };
  vocabulary: number;
  model: SentimentClassifierConfig & { parameters: number };
  config: Omit<SentimentTrainingConfig, "model">;
  steps: number;
  stopReason: StopReason;
  seconds: number;
  cpuSeconds: number;
  history: HistoryPoint[];
  best: HistoryPoint;
  /** GLUE dev (the reported held-out set): the model and notebook 04's baselines. */
  dev: { accuracy: number; macroF1: number; majorityAccuracy: number; lexiconAccuracy: number };
  target: { devAccuracy: number; met: boolean };
  /** CRC-32 of the weights these figures belong to (model.json's weightsChecksum.value). */
  weightsChecksum: string | null;
  energy: EnergyRecord;
  ledger: { file: string; id: string } | null;
  modelBytes: number;
}

/** Trains a sentiment classifier into a new run folder; returns the folder and its training report. */
export async function trainSentimentRun(
  options: SentimentRunOptions = {},
): Promise<{ dir: string; report: SentimentRunReport }> {
  const quick = options.quick ?? false;
  const seed = options.seed ?? 0;
  const log = options.log ?? ((l: string) => console.log(l));
  const dir = path.resolve(options.out ?? newRunDir("sentiment"));
  assertFreshRunDir(dir, "trainSentimentRun", "sentiment");
  const base = referenceConfig(seed, { quick });
  const config: SentimentTrainingConfig = {
    ...base,
    train: {
      ...base.train,
      ...(options.budgetSeconds !== undefined ? { maxSeconds: options.budgetSeconds } : {}),
      progress: options.progress ?? "log",
      log,
    },
  };
  const loadAverageAtStart = os.loadavg();
  const sst2 = await loadSst2({
    ...(quick ? { maxTrain: 4000, maxValidation: 300 } : {}),
    ...(options.data ?? {}),
  });
  if (sst2.validation.length === 0)
    throw new Error(
      `trainSentimentRun: the validation split of ${sst2.dir} is empty; early stopping and the floor need one`,
    );
  const { model, vocab } = buildModel(sst2.train, config);
  const parameters = Object.values(model.variables()).reduce((n, v) => n + v.size, 0);
  log(
    `SST-2${quick ? " (quick subset)" : ""}: ${sst2.train.length} training phrases, ${sst2.validation.length} validation, ` +
      `${sst2.dev.length} dev; vocabulary ${vocab.size}; model ${parameters.toLocaleString("en")} parameters; ` +
      `run folder ${dir}`,
  );
  try {
    const meter = startMeter(`sentiment: train transformer classifier on SST-2${quick ? " (quick)" : ""}`, {
      notes: [
        `wall-clock budget ${config.train?.maxSeconds ?? "none"} s on a CPU shared with other processes (load average at start ${loadAverageAtStart
          .map((x) => x.toFixed(1))
          .join(", ")})`,
      ],
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await fit(model, vocab, sst2.train, sst2.validation, config);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const energy: EnergyRecord = parseEnergyRecord(
      await meter.stop({ unit: "steps", count: result.steps }),
      "training energy record",
    );

    const devLabels = sst2.dev.map((r) => r.label);
    const devTexts = sst2.dev.map((r) => r.text);
    const devReport = classificationReport(
      devLabels,
      thresholdPredictions(predictTexts(model, vocab, devTexts)),
    );
    const majority = majorityClass(sst2.train.map((r) => r.label));
    const dev = {
      accuracy: devReport.accuracy,
      macroF1: devReport.macroF1,
      majorityAccuracy: accuracy(
        devLabels,
        devLabels.map(() => majority),
      ),
      lexiconAccuracy: accuracy(devLabels, new LexiconClassifier(majority).predict(devTexts)),
    };
    const ledgerFile =
      options.ledger === false ? null : path.resolve(options.ledger ?? path.join(dir, RUN_LEDGER));
    const ledger = ledgerFile ? { file: reportPath(ledgerFile), id: ledgerRecordId(energy) } : null;
    const date = new Date().toISOString();
    const { log: _log, ...trainConfig } = config.train ?? {};
    const report: SentimentRunReport = {
      date,
      quick,
      hardware: `${energy.hardware.cpuModel} (${energy.hardware.cpuCores} logical CPUs)`,
      backend: tf.getBackend(),
      loadAverageAtStart,
      data: {
        train: sst2.train.length,
        validation: sst2.validation.length,
        dev: sst2.dev.length,
        dir: reportPath(sst2.dir),
        source: sst2.source,
      },
      vocabulary: vocab.size,
      model: { ...model.config, parameters },
      config: {
        minFrequency: config.minFrequency ?? 1,
        maxVocabulary: config.maxVocabulary ?? 8000,
        batchSize: config.batchSize ?? 64,
        seed,
        train: trainConfig,
      },
      steps: result.steps,
      stopReason: result.stopReason,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      history: result.history,
      best: result.best,
      dev,
      target: { devAccuracy: SENTIMENT_TARGET_ACCURACY, met: dev.accuracy >= SENTIMENT_TARGET_ACCURACY },
      weightsChecksum: null,
      energy,
      ledger,
      modelBytes: 0,
    };
    const checks = predictTexts(model, vocab, [...CHECK_SENTENCES]);
    const saved = await saveModel(dir, model, vocab, {
      task: "SST-2 (GLUE) binary sentiment; p = probability of positive",
      trainedOn: `${sst2.train.length} SST-2 training phrases (validation: ${sst2.validation.length})`,
      quick,
      devAccuracy: dev.accuracy,
      devMacroF1: dev.macroF1,
      trainingSteps: result.steps,
      // The figures of the training's ledger record (test/energy/shippedModels.test.ts matches them).
      trainingSeconds: energy.seconds,
      trainingJoules: energy.joules.total,
      energyMethod: energy.method,
      backend: report.backend,
      date: energy.date,
      training: { date: energy.date, ledgerId: ledger?.id ?? null },
      checkPredictions: CHECK_SENTENCES.map((text, i) => ({ text, p: Number(checks[i]!.toFixed(6)) })),
    });
    report.modelBytes = saved.bytes;
    report.weightsChecksum =
      readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(dir, "model.json"))?.weightsChecksum
        ?.value ?? null;
    if (ledgerFile) appendToLedger(energy, ledgerFile, { exports: false });
    writeFileAtomic(path.join(dir, SENTIMENT_TRAINING_FILE), JSON.stringify(report, null, 1) + "\n");
    log(
      `trained ${result.steps} steps in ${seconds.toFixed(0)} s (${result.stopReason}); dev accuracy ${dev.accuracy.toFixed(4)} ` +
        `(majority ${dev.majorityAccuracy.toFixed(4)}, lexicon ${dev.lexiconAccuracy.toFixed(4)}, target ${SENTIMENT_TARGET_ACCURACY}); ` +
        `energy ${energy.joules.total.toFixed(0)} J (${energy.method.cpu}) → ${dir}`,
    );
    return { dir, report };
  } finally {
    model.dispose();
  }
}

/** Reasons a sentiment run fails the quality floor (empty: it passes). */
export function sentimentFloorFailures(runDir: string): string[] {
  const dir = path.resolve(runDir);
  const training = readJsonOrNull<SentimentRunReport>(path.join(dir, SENTIMENT_TRAINING_FILE));
  const modelJson = readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(dir, "model.json"));
  if (!training || !modelJson)
    return [`${SENTIMENT_TRAINING_FILE} or model.json is missing or not valid JSON`];
  const failures: string[] = [];
  if (training.quick) failures.push("the run was trained in quick mode (a subset of SST-2)");
  if (!(training.data?.validation > 0) || !(training.history?.length > 0))
    failures.push("the run was trained without a validation split (no validation point)");
  if (!training.weightsChecksum || training.weightsChecksum !== modelJson.weightsChecksum?.value)
    failures.push(`${SENTIMENT_TRAINING_FILE} was not written for these weights`);
  const d = training.dev;
  if (!(
    Number.isFinite(d?.accuracy) &&
    Number.isFinite(d?.majorityAccuracy) &&
    Number.isFinite(d?.lexiconAccuracy)
  ))
    failures.push(`${SENTIMENT_TRAINING_FILE} has no dev accuracy or baselines`);
  else {
    if (!(d.accuracy > d.majorityAccuracy))
      failures.push(
        `dev accuracy ${d.accuracy.toFixed(4)} does not beat the majority class's ${d.majorityAccuracy.toFixed(4)}`,
      );
    if (!(d.accuracy > d.lexiconAccuracy))
      failures.push(
        `dev accuracy ${d.accuracy.toFixed(4)} does not beat the AFINN lexicon's ${d.lexiconAccuracy.toFixed(4)}`,
      );
  }
  return failures;
}

function sentimentMetrics(dir: string): Record<string, number | null> {
  const t = readJsonOrNull<SentimentRunReport>(path.join(dir, SENTIMENT_TRAINING_FILE));
  const m = readJsonOrNull<{ userDefinedMetadata?: { devAccuracy?: number } }>(path.join(dir, "model.json"));
  return {
    devAccuracy: t?.dev?.accuracy ?? m?.userDefinedMetadata?.devAccuracy ?? null,
    majorityDevAccuracy: t?.dev?.majorityAccuracy ?? null,
    lexiconDevAccuracy: t?.dev?.lexiconAccuracy ?? null,
    targetDevAccuracy: SENTIMENT_TARGET_ACCURACY,
  };
}

/**
 * Promotes a sentiment run to static/models/sentiment (or options.modelDir) and its ledger records to
 * the project ledger, if it passes SENTIMENT_FLOOR or `force` is set (./runPromotion.ts).
 */
export function promoteSentiment(runDir: string, options: PromoteOptions = {}): Promise<PromotionRecord> {
  return promoteRun(
    {
      demo: "sentiment",
      files: SENTIMENT_PROMOTED_FILES,
      floor: SENTIMENT_FLOOR,
      floorFailures: sentimentFloorFailures,
      metrics: sentimentMetrics,
      hint: "Train the full configuration (npm run sentiment -- --train, without --quick)",
    },
    runDir,
    options,
  );
}
