/**
 * The reference run of notebook 05 (Node only), in three reproducible steps:
 *
 *   1. `trainReference`: load Tatoeba cmn-eng, build vocabularies, train the Translator under a
 *      time budget (energy metered), save model + vocabularies + training.json into a NEW run folder
 *      (default .runs/<ISO time>-translation/) with the run's scratch ledger (ledger.jsonl).
 *   2. `evaluateReference`: translate the run's test set greedily and with beam search (each metered),
 *      score BLEU and chrF, write evaluation.json and the records to the run's scratch ledger.
 *   3. `promoteTranslation`: copy the run to static/models/translation and its records to the project
 *      ledger, only if it passes the quality floor (TRANSLATION_FLOOR) or is forced (./runPromotion.ts).
 *
 * `npm run translate -- --train`, `--evaluate <run>` and `--promote <run>` call them; nothing but a
 * promotion writes static/ or data/. The notebook reads what a promotion put in static/models/translation.
 */
import { existsSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { loadTatoeba, type TatoebaOptions } from "../data/tatoeba";
import { appendToLedger, startMeter } from "../energy";
import { parseEnergyRecord, type EnergyRecord } from "../energy/schema";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { HistoryPoint } from "../models/train";
import { Translator, type TranslatorConfig } from "../models/translation/model";
import {
  evaluate,
  fit,
  prepareData,
  type PrepareOptions,
  type TranslationData,
  type TranslatorTrainConfig,
} from "../models/translation/training";
import { withDefaults } from "../util/withDefaults";
import {
  PROMOTION_FILE,
  RUN_LEDGER,
  assertNotPromoted,
  ledgerRecordId,
  newRunDir,
  promoteRun,
  readJsonOrNull,
  reportPath,
  type PromoteOptions,
  type PromotionRecord,
} from "./runPromotion";
import { loadModel, saveModel } from "./translationStore";

export const TRAINING_FILE = "training.json";
export const EVALUATION_FILE = "evaluation.json";

/** Sizes and schedule of a reference run (the vocabulary sizes come from the data). */
export interface ReferenceConfig {
  /** Model sizes. */
  model: Omit<TranslatorConfig, "srcVocabSize" | "tgtVocabSize">;
  /** Wall-clock training budget in seconds. */
  budgetSeconds: number;
  /** Most epochs. */
  epochs: number;
  batchSize: number;
  /** Peak learning rate (linear warm-up, then linear decay planned to end with the budget). */
  learningRate: number;
  warmupSteps: number;
  /** Validation every this many steps. */
  evaluateEvery: number;
  labelSmoothing: number;
}

/**
 * The configuration of notebook 05's reference run: 2+2 blocks, d_model 128, 4 heads, FFN 256
 * (sizes chosen by measured step time on a 2-core CPU), 30 minutes. Quick mode: a tiny model and
 * 10 seconds, so every code path runs in the tests (notebook 05 in `npm test`).
 */
export function referenceConfig(seed = 0, options: { quick?: boolean } = {}): ReferenceConfig {
  const quick = options.quick ?? false;
  return {
    model: quick
      ? { dModel: 32, heads: 2, dFF: 64, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, seed }
      : { dModel: 128, heads: 4, dFF: 256, encoderLayers: 2, decoderLayers: 2, dropout: 0.1, seed },
    budgetSeconds: quick ? 10 : 1800,
    epochs: 30,
    batchSize: 64,
    learningRate: 2e-3,
    warmupSteps: quick ? 10 : 200,
    evaluateEvery: quick ? 20 : 200,
    labelSmoothing: 0.1,
  };
}

export interface ReferenceTrainOptions extends Partial<ReferenceConfig> {
  /**
   * The run folder (default a new .runs/<ISO time>-translation/). Never a promoted model folder
   * (static/models/translation, or one holding promotion.json); a non-empty folder only when it
   * holds an earlier run (training.json), which is then replaced.
   */
  outDir?: string;
  /** Quick mode: referenceConfig(seed, { quick: true }) for every field not given. Recorded in training.json. */
  quick?: boolean;
  /** Seed of the initial weights when `model` is not given (default 0). */
  seed?: number;
  /** Data options (dataDir, split fractions, subsets for quick runs). */
  data?: TatoebaOptions;
  prepare?: PrepareOptions;
  /** The energy record goes to the run's scratch ledger <outDir>/ledger.jsonl (default, or true), this file, or nowhere (false). */
  ledger?: boolean | string;
  log?: (line: string) => void;
}

export interface TrainingReport {
  date: string;
  /** Trained in quick mode (a tiny model). */
  quick?: boolean;
  hardware: string;
  backend: string;
  loadAverageAtStart: number[];
  pairs: { total: number; train: number; validation: number; test: number; droppedForLength: number };
  vocabulary: { english: number; chinese: number };
  model: TranslatorConfig & { parameters: number };
  config: Record<string, unknown>;
  /** Seconds of the calibration steps and the main run. */
  seconds: number;
  cpuSeconds: number;
  steps: number;
  plannedSteps: number;
  stopReason: string;
  history: HistoryPoint[];
  best: HistoryPoint;
  energy: EnergyRecord;
  /** Where the energy record went (the run's scratch ledger by default) and its id. */
  ledger?: { file: string; id: string } | null;
  modelBytes: number;
}

/** The ledger file of a run: the scratch ledger in the run folder, another file, or none. */
function runLedgerFile(dir: string, ledger: boolean | string | undefined): string | null {
  if (ledger === false) return null;
  return path.resolve(typeof ledger === "string" ? ledger : path.join(dir, RUN_LEDGER));
}

/**
 * Calibration: a few steps at a low learning rate measure the step time, so that the
 * learning-rate schedule (warm-up, then linear decay) can be planned to end with the budget. The
 * first steps are slower (kernel set-up), so only the later ones are timed.
 */
async function calibrate(
  model: Translator,
  data: TranslationData,
  c: ReferenceConfig,
  common: Partial<TranslatorTrainConfig>,
): Promise<{ steps: number; secondsPerStep: number }> {
  const stepsPerEpoch = Math.ceil(data.train.length / c.batchSize);
  let steps = 0;
  let secondsPerStep = 0;
  for (const [n, timed] of [
    [Math.min(5, stepsPerEpoch), false],
    [Math.min(15, stepsPerEpoch), true],
  ] as const) {
    const t = performance.now();
    // A tiny validation set: the loop validates at its last step, which must not count as step time.
    await fit(
      model,
      { ...data, validation: data.validation.slice(0, 8) },
      {
        ...common,
        epochs: 1,
        maxSteps: n,
        learningRate: (c.learningRate * 20) / (2 * c.warmupSteps),
        warmupSteps: 0,
        decay: "none",
        progress: "none",
        seed: 1000 + steps,
      },
    );
    steps += n;
    if (timed) secondsPerStep = (performance.now() - t) / 1000 / n;
  }
  return { steps, secondsPerStep };
}

/**
 * Trains the reference model into a run folder (options.outDir, default a new .runs/<time>-translation/):
 * model + vocabularies (one atomic save), training.json and the energy record in the run's scratch
 * ledger. Never writes a promoted folder (static/models/translation) or the project ledger.
 */
export async function trainReference(options: ReferenceTrainOptions = {}): Promise<TrainingReport> {
  const quick = options.quick ?? false;
  const { seed, ...rest } = options;
  const c = withDefaults(referenceConfig(seed ?? options.model?.seed ?? 0, { quick }), rest);
  const log = options.log ?? ((l: string) => console.log(l));
  const outDir = path.resolve(options.outDir ?? newRunDir("translation"));
  assertNotPromoted(outDir, "trainReference", "translation");
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(path.join(outDir, TRAINING_FILE)))
    throw new Error(
      `trainReference: ${outDir} is not empty and holds no earlier run (${TRAINING_FILE}); training never replaces ` +
        "other files. Choose a new folder (the default is a new .runs/<time>-translation/).",
    );
  const loadAverageAtStart = os.loadavg();
  const splits = await loadTatoeba(options.data ?? {});
  const data = prepareData(splits, options.prepare);
  const model = new Translator({
    srcVocabSize: data.vocabs.src.size,
    tgtVocabSize: data.vocabs.tgt.size,
    ...c.model,
  });
  log(
    `Tatoeba: ${data.train.length} training pairs, ${data.validation.length} validation, ${splits.test.length} test; ` +
      `vocabularies ${data.vocabs.src.size} English words, ${data.vocabs.tgt.size} Chinese characters; ` +
      `model ${model.parameterCount().toLocaleString("en")} parameters`,
  );
  const common = { batchSize: c.batchSize, labelSmoothing: c.labelSmoothing, progress: "log" as const, log };
  const meter = startMeter("translation: train en→zh transformer (Tatoeba)", {
    notes: [
      `wall-clock budget ${c.budgetSeconds} s on a CPU shared with other processes (load average at start ${loadAverageAtStart
        .map((x) => x.toFixed(1))
        .join(", ")})`,
    ],
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const left = () => c.budgetSeconds - (performance.now() - t0) / 1000;
  const calibration = await calibrate(model, data, c, common);
  const stepsPerEpoch = Math.ceil(data.train.length / c.batchSize);
  const plannedSteps = Math.max(
    c.warmupSteps + 1,
    Math.min(c.epochs * stepsPerEpoch, Math.floor(left() / (calibration.secondsPerStep * 1.1))),
  );
  log(
    `calibration: ${calibration.secondsPerStep.toFixed(2)} s/step → planning ${plannedSteps} steps (${(plannedSteps / stepsPerEpoch).toFixed(1)} epochs)`,
  );
  const result = await fit(model, data, {
    ...common,
    epochs: c.epochs,
    maxSteps: plannedSteps,
    learningRate: c.learningRate,
    warmupSteps: c.warmupSteps,
    decay: "linear",
    minLearningRateFraction: 0.05,
    evaluateEvery: c.evaluateEvery,
    patience: 4,
    maxSeconds: Math.max(1, left()),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Validated now, so that the id model.json names is the id of the line the ledger will hold.
  const energy = parseEnergyRecord(
    await meter.stop({ unit: "steps", count: result.steps + calibration.steps }),
    "training energy record",
  );
  const ledgerFile = runLedgerFile(outDir, options.ledger);
  const report: TrainingReport = {
    date: new Date().toISOString(),
    quick,
    hardware: `${energy.hardware.cpuModel} (${energy.hardware.cpuCores} logical CPUs)`,
    backend: tf.getBackend(),
    loadAverageAtStart,
    pairs: {
      total: splits.total,
      train: data.train.length,
      validation: data.validation.length,
      test: splits.test.length,
      droppedForLength: data.droppedForLength,
    },
    vocabulary: { english: data.vocabs.src.size, chinese: data.vocabs.tgt.size },
    model: { ...model.config, parameters: model.parameterCount() },
    config: {
      budgetSeconds: c.budgetSeconds,
      batchSize: c.batchSize,
      peakLearningRate: c.learningRate,
      warmupSteps: c.warmupSteps,
      epochs: c.epochs,
      labelSmoothing: c.labelSmoothing,
    },
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    steps: result.steps + calibration.steps,
    plannedSteps,
    stopReason: result.stopReason,
    history: result.history,
    best: result.best,
    energy,
    ledger: ledgerFile ? { file: reportPath(ledgerFile), id: ledgerRecordId(energy) } : null,
    modelBytes: 0,
  };
  try {
    // The save replaces the folder, so the scratch ledger and training.json are written after it.
    const saved = await saveModel(outDir, model, data.vocabs, {
      task: "English → Chinese (Simplified), Tatoeba cmn-eng",
      trainedAt: report.date,
      quick,
      steps: report.steps,
      bestValidationLoss: result.best.validationLoss,
      // The project ledger's record of this training, once promoted (test/energy/shippedModels.test.ts).
      training: { date: energy.date, ledgerId: report.ledger?.id ?? null },
    });
    report.modelBytes = saved.bytes;
    if (ledgerFile) appendToLedger(energy, ledgerFile, { exports: false });
    writeFileAtomic(path.join(outDir, TRAINING_FILE), JSON.stringify(report, null, 1) + "\n");
  } finally {
    model.dispose();
  }
  log(
    `trained ${report.steps} steps in ${seconds.toFixed(0)} s; best validation loss ${result.best.validationLoss.toFixed(3)}; ` +
      `energy ${energy.joules.total.toFixed(0)} J (${energy.method.cpu}) → ${outDir}`,
  );
  return report;
}

export interface DecodingRun {
  beam: number;
  /** Which pairs were translated: "test" (all) or "subset" (evenly spaced, see EvaluationReport.subset). */
  on: "test" | "subset";
  bleu: number;
  chrf: number;
  /** Distinct English sentences translated. */
  sentences: number;
  seconds: number;
  energy: EnergyRecord;
  /** Joules per 1,000 translated sentences. */
  joulesPer1000: number;
  /** One per pair of `test` (or of the subset), in order. */
  hypotheses: string[];
}

export interface EvaluationReport {
  date: string;
  /** CRC-32 of the weights evaluated (model.json's weightsChecksum.value). */
  weightsChecksum?: string | null;
  /** True when `test` is the whole test split (no maxTest cut). */
  testComplete?: boolean;
  test: { en: string; zh: string }[];
  /** Indices into `test` of the pairs whose English sentences make the beam-search subset. */
  subset: number[];
  /** Greedy decoding of the whole test split. */
  greedy: DecodingRun;
  /** Greedy and beam decoding of the subset (beam search costs several times more). */
  greedySubset: DecodingRun;
  beam: DecodingRun;
}

/**
 * Pairs whose English sentence is among `n` distinct sentences spread evenly over the test split
 * (the file is ordered by length, so the subset spans short and long sentences).
 */
export function evenlySpacedSubset(test: readonly { en: string }[], n: number): number[] {
  const distinct = [...new Set(test.map((p) => p.en))];
  const step = Math.max(1, distinct.length / n);
  const chosen = new Set<string>();
  for (let k = 0; k < Math.min(n, distinct.length); k++) chosen.add(distinct[Math.floor(k * step)]!);
  return test.map((p, i) => (chosen.has(p.en) ? i : -1)).filter((i) => i >= 0);
}

/**
 * Translates the test split greedily, then an evenly spaced subset greedily and with beam search,
 * each metered; writes evaluation.json.
 */
export async function evaluateReference(options: {
  modelDir: string;
  data?: TatoebaOptions;
  beam?: number;
  lengthPenalty?: number;
  /** Distinct English sentences in the beam-search subset (default 300). */
  subsetSentences?: number;
  /** The records go to the run's scratch ledger <modelDir>/ledger.jsonl (default, or true), this file, or nowhere (false). */
  ledger?: boolean | string;
  log?: (line: string) => void;
}): Promise<EvaluationReport> {
  const log = options.log ?? ((l: string) => console.log(l));
  assertNotPromoted(options.modelDir, "evaluateReference", "translation");
  const ledgerFile = runLedgerFile(options.modelDir, options.ledger);
  const { model, vocabs } = await loadModel(options.modelDir);
  const weightsChecksum =
    readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(options.modelDir, "model.json"))
      ?.weightsChecksum?.value ?? null;
  const splits = await loadTatoeba(options.data ?? {});
  const test = splits.test;
  const maxTest = options.data?.maxTest;
  const testComplete = maxTest === undefined || test.length < maxTest;
  const subset = evenlySpacedSubset(test, options.subsetSentences ?? 300);
  const run = async (beam: number, on: "test" | "subset"): Promise<DecodingRun> => {
    const pairs = on === "test" ? test : subset.map((i) => test[i]!);
    const label = `translation: translate Tatoeba test${on === "subset" ? " subset" : ""} (${beam > 1 ? `beam ${beam}` : "greedy"})`;
    const meter = startMeter(label);
    const s = await evaluate(model, vocabs, pairs, {
      beam,
      ...(options.lengthPenalty !== undefined ? { lengthPenalty: options.lengthPenalty } : {}),
    });
    const energy = await meter.stop({ unit: "sentences", count: s.decodedSentences });
    if (ledgerFile) appendToLedger(energy, ledgerFile, { exports: false });
    const r: DecodingRun = {
      beam,
      on,
      bleu: s.bleu,
      chrf: s.chrf,
      sentences: s.decodedSentences,
      seconds: s.seconds,
      energy,
      joulesPer1000: (energy.joules.total / s.decodedSentences) * 1000,
      hypotheses: s.hypotheses,
    };
    log(
      `${label}: BLEU ${r.bleu.toFixed(2)}, chrF ${r.chrf.toFixed(2)}, ${r.sentences} sentences in ${r.seconds.toFixed(0)} s, ` +
        `${r.joulesPer1000.toFixed(0)} J per 1,000 sentences`,
    );
    return r;
  };
  const greedy = await run(1, "test");
  const greedySubset = await run(1, "subset");
  const beam = await run(options.beam ?? 4, "subset");
  const report: EvaluationReport = {
    date: new Date().toISOString(),
    weightsChecksum,
    testComplete,
    test: test.map((p) => ({ en: p.en, zh: p.zh })),
    subset,
    greedy,
    greedySubset,
    beam,
  };
  writeFileAtomic(path.join(options.modelDir, EVALUATION_FILE), JSON.stringify(report) + "\n");
  model.dispose();
  return report;
}

/** notebook 05's target (section 10): test BLEU ≥ 20 with greedy decoding, on the whole test split. */
export const TRANSLATION_BLEU_FLOOR = 20;
export const TRANSLATION_FLOOR =
  `greedy test BLEU ≥ ${TRANSLATION_BLEU_FLOOR} on the whole test split (notebook 05's target), ` +
  "a non-empty validation split, evaluation.json written for these weights";
/** What a promotion copies from a run folder (and evaluation.json, which the floor requires unless forced). */
export const TRANSLATION_PROMOTED_FILES = [
  "model.json",
  "weights.bin",
  "vocab.en.json",
  "vocab.zh.json",
  TRAINING_FILE,
] as const;

/** Reasons a translation run fails the quality floor (empty: it passes). */
export function translationFloorFailures(runDir: string): string[] {
  const dir = path.resolve(runDir);
  const training = readJsonOrNull<TrainingReport>(path.join(dir, TRAINING_FILE));
  const evaluation = readJsonOrNull<EvaluationReport>(path.join(dir, EVALUATION_FILE));
  const modelJson = readJsonOrNull<{ weightsChecksum?: { value?: string } }>(path.join(dir, "model.json"));
  if (!training || !modelJson) return [`${TRAINING_FILE} or model.json is missing or not valid JSON`];
  if (!evaluation)
    return [
      `the run has no ${EVALUATION_FILE} (no test BLEU): evaluate it first, npm run translate -- --evaluate ${runDir}`,
      ...(training.pairs?.validation > 0 ? [] : ["the run was trained without a validation split"]),
    ];
  const failures: string[] = [];
  if (!(training.pairs?.validation > 0) || !(training.history?.length > 0))
    failures.push(
      "the run was trained without a validation split (no validation pairs or no validation point)",
    );
  if (training.quick) failures.push("the run was trained in quick mode (a tiny model)");
  if (!evaluation.weightsChecksum || evaluation.weightsChecksum !== modelJson.weightsChecksum?.value)
    failures.push(`${EVALUATION_FILE} was not written for these weights (evaluate this run again)`);
  if (evaluation.testComplete !== true || evaluation.greedy?.on !== "test")
    failures.push("the greedy BLEU is not from the whole test split (evaluate without a test subset)");
  const bleu = evaluation.greedy?.bleu;
  if (!Number.isFinite(bleu)) failures.push(`${EVALUATION_FILE} has no greedy test BLEU`);
  else if (!(bleu >= TRANSLATION_BLEU_FLOOR))
    failures.push(`greedy test BLEU ${bleu.toFixed(2)} is below the floor of ${TRANSLATION_BLEU_FLOOR}`);
  return failures;
}

function translationMetrics(dir: string): Record<string, number | null> {
  const e = readJsonOrNull<EvaluationReport>(path.join(dir, EVALUATION_FILE));
  return {
    greedyTestBleu: e?.greedy?.bleu ?? null,
    greedyTestChrf: e?.greedy?.chrf ?? null,
    beamSubsetBleu: e?.beam?.bleu ?? null,
  };
}

/**
 * Promotes a translation run to static/models/translation (or options.modelDir) and its ledger
 * records to the project ledger, if it passes TRANSLATION_FLOOR or `force` is set (./runPromotion.ts).
 */
export function promoteTranslation(runDir: string, options: PromoteOptions = {}): Promise<PromotionRecord> {
  return promoteRun(
    {
      demo: "translation",
      files: TRANSLATION_PROMOTED_FILES,
      optionalFiles: [EVALUATION_FILE],
      floor: TRANSLATION_FLOOR,
      floorFailures: translationFloorFailures,
      metrics: translationMetrics,
      hint: "Train longer (npm run translate -- --train --minutes 30), evaluate the run on the whole test split",
    },
    runDir,
    options,
  );
}

export { PROMOTION_FILE };
