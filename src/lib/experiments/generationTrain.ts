/**
 * Training the poetry GPT (Node only; `npm run generate -- --train`, notebook 07).
 *
 *   load the Complete Tang Poems (quick: a subset) → character vocabulary of the training split
 *   → GPT → calibration (a few timed steps, to plan the learning-rate schedule to end with the
 *   budget) → the shared training loop (Adam, warm-up + linear decay, clipping, validation,
 *   early stopping, time budget), under the energy meter
 *   → a RUN FOLDER: model.json + weights.bin + vocab.json (one atomic save), training.json and the
 *     run's scratch ledger (ledger.jsonl) with the energy record, whose unit of work is the
 *     characters trained on.
 *
 * Nothing here writes to static/ or data/: a run reaches the site only through promotePoet.
 */
import { existsSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { loadTangPoems, type TangPoemsCounts, type TangPoemsOptions } from "../data/tangPoems";
import { appendToLedger, startMeter } from "../energy";
import { parseEnergyRecord, type EnergyRecord } from "../energy/schema";
import { writeFileAtomic } from "../io/writeFileAtomic";
import {
  GPT,
  gptTrainTask,
  type GptConfig,
  type GptTrainTask,
  type LmWindow,
  type ResolvedGptConfig,
} from "../models/generation";
import {
  train,
  type GradientSource,
  type HistoryPoint,
  type ProgressCallback,
  type StopReason,
  type TrainConfig,
} from "../models/train";
import { buildCharacterVocabulary } from "../tokenizers/characters";
import { withDefaults } from "../util/withDefaults";
import { splitArray, startDataParallel, type DataParallel } from "./dataParallel";
import {
  POET_RUN_LEDGER,
  POET_TRAINING_FILE,
  defaultRunDir,
  ledgerRecordId,
  reportPath,
  savePoet,
} from "./generationStore";

/** Sizes and schedule of a training run (the vocabulary size comes from the data). */
export interface PoetConfig {
  /** Model sizes: width, heads, blocks, FFN width, context, dropout (models/generation/config.ts). */
  model: Omit<GptConfig, "vocabSize" | "padId" | "seed">;
  /** Wall-clock budget of the whole training, calibration included, in seconds. */
  budgetSeconds: number;
  /** Most passes over the training poems. */
  epochs: number;
  /** Windows (poems, or context-long pieces of longer ones) per batch. */
  batchSize: number;
  /** Peak learning rate of Adam: linear warm-up, then linear decay planned to end with the budget. */
  learningRate: number;
  warmupSteps: number;
  /** Validate every this many steps, on the first `validationPoems` poems of the validation split. */
  evaluateEvery: number;
  validationPoems: number;
  /** Stop after this many validations without improvement. */
  patience: number;
  /** Characters seen fewer times in the training split become [UNK] (the 5). */
  minCount: number;
  /** Seed of the initial weights and of the batch order. */
  seed: number;
}

/**
 * The configuration of a run. Full: the 4 blocks of width 128 (1.6M parameters), context
 * 128 (an 8-line heptasyllabic poem is 64 characters, and the KV cache can only help while the
 * generated text fits the context), no dropout (an hour on one core of the wasm CPU trains about
 * one epoch: nothing to regularise). Quick: a small model for a few minutes on the quick
 * subset, the same code path (tests, CI, FOOTPRINT_QUICK notebooks).
 */
export function poetConfig(options: { quick?: boolean } = {}): PoetConfig {
  if (options.quick)
    return {
      model: { dModel: 64, heads: 2, layers: 2, contextLength: 64, dropout: 0 },
      budgetSeconds: 120,
      epochs: 20,
      batchSize: 32,
      learningRate: 3e-3,
      warmupSteps: 20,
      evaluateEvery: 50,
      validationPoems: 100,
      patience: 4,
      minCount: 5,
      seed: 0,
    };
  return {
    model: { dModel: 128, heads: 4, layers: 4, contextLength: 128, dropout: 0 },
    budgetSeconds: 58 * 60, // the hour, less the corpus load and the save
    epochs: 20,
    batchSize: 32,
    learningRate: 3e-3, // the first (45-minute) run's 2e-3 was still falling steeply: an hour buys one epoch, so step larger
    warmupSteps: 100,
    evaluateEvery: 400,
    validationPoems: 300,
    patience: 4,
    minCount: 5,
    seed: 0,
  };
}

export interface PoetTrainOptions extends Partial<PoetConfig> {
  /** Run folder to create (default .runs/<ISO time>-poetry/ in this package). Must not hold a model already. */
  out?: string;
  /** Quick mode: the quick corpus subset and poetConfig({ quick: true }) for every field not given. */
  quick?: boolean;
  /** Corpus options (dataDir, cacheDir, env, subset sizes …). */
  data?: TangPoemsOptions;
  /** Ledger file for the energy record (default <out>/ledger.jsonl), or false for none. */
  ledger?: string | false;
  /** Progress of the loop: "log" (lines through `log`, default), "none", or a callback (a terminal bar). */
  progress?: "log" | "none" | ProgressCallback;
  log?: (line: string) => void;
  /** Seconds since an arbitrary origin for the budget and the history (default wall clock). */
  clock?: () => number;
  /**
   * CPU threads that compute each step's gradient (default 1): more than 1 splits every batch
   * over worker threads (experiments/dataParallel.ts; from the compiled library only). The wasm
   * backend uses one core per thread, so on a machine with k idle cores up to k threads speed a
   * step up; the update, and so the model, is the one-thread step's up to float rounding.
   */
  threads?: number;
}

/** A history point in bits per predicted id ([EOS] counted as one: about 1.5 % of the targets). */
export interface PoetHistoryPoint {
  step: number;
  epoch: number;
  seconds: number;
  learningRate: number;
  trainBits: number;
  validationBits: number;
}

export interface PoetTrainingReport {
  date: string;
  quick: boolean;
  hardware: string;
  backend: string;
  loadAverageAtStart: number[];
  corpus: {
    /** Counts of the whole prepared corpus (loader). */
    counts: TangPoemsCounts;
    /** Poems and characters this run used (quick mode: a subset). */
    used: { train: number; validation: number; test: number; trainCharacters: number };
    source: string;
    dir: string;
  };
  vocabulary: { size: number; minCount: number; unknownRate: { validation: number; test: number } };
  model: ResolvedGptConfig & { parameters: number };
  config: Omit<PoetConfig, "model">;
  calibration: { steps: number; secondsPerStep: number };
  /** Threads that computed each step's gradient (1: no data parallelism). */
  threads: number;
  plannedSteps: number;
  /** Steps in all, calibration included. */
  steps: number;
  stopReason: StopReason;
  /** Wall-clock seconds of calibration and training (validations included). */
  seconds: number;
  cpuSeconds: number;
  /** The unit of work: targets predicted in training steps (characters, and one [EOS] per window). */
  charactersTrainedOn: number;
  /** charactersTrainedOn / targets of one pass over the training windows. */
  epochs: number;
  throughput: { charactersPerSecond: number; charactersPerCpuSecond: number };
  history: PoetHistoryPoint[];
  best: PoetHistoryPoint;
  energy: EnergyRecord;
  ledger: { file: string; id: string } | null;
  modelBytes: number;
}

export interface TrainedPoet {
  /** The run folder. */
  dir: string;
  report: PoetTrainingReport;
}

const toBits = (p: HistoryPoint): PoetHistoryPoint => ({
  step: p.step,
  epoch: p.epoch,
  seconds: p.seconds,
  learningRate: p.learningRate,
  trainBits: p.trainLoss / Math.LN2,
  validationBits: p.validationLoss / Math.LN2,
});

/**
 * Counts the targets of every training step (the unit of work). Without data parallelism, around
 * the task's loss; with it, around the gradient source (the task's loss sees only shard 0).
 */
function countTargets(
  task: GptTrainTask,
  parallel: DataParallel<LmWindow[]> | undefined,
): { count: () => number; gradients?: GradientSource<LmWindow[]> } {
  let n = 0;
  if (parallel) {
    const source = parallel.gradientsFor(task);
    return {
      count: () => n,
      gradients: async (batch) => {
        const r = await source(batch);
        n += r.count;
        return r;
      },
    };
  }
  const inner = task.loss;
  task.loss = (batch, training) => {
    const r = inner(batch, training);
    if (training) n += r.count;
    return r;
  };
  return { count: () => n };
}

/**
 * A few steps at a low learning rate time the step (the first ones are slower: kernel set-up),
 * so that the schedule can be planned to end with the budget.
 */
async function calibrate(
  task: GptTrainTask,
  c: PoetConfig,
  clock: () => number,
  gradients: GradientSource<LmWindow[]> | undefined,
): Promise<{ steps: number; secondsPerStep: number }> {
  let steps = 0;
  let secondsPerStep = 0;
  for (const [n, timed] of [
    [3, false],
    [12, true],
  ] as const) {
    const t = clock();
    await train(task, {
      epochs: 1,
      maxSteps: n,
      learningRate: (c.learningRate * 10) / Math.max(1, c.warmupSteps),
      warmupSteps: 0,
      decay: "none",
      evaluateEvery: n,
      patience: Infinity,
      progress: "none",
      clock,
      gradients,
    });
    steps += n;
    if (timed) secondsPerStep = (clock() - t) / n;
  }
  return { steps, secondsPerStep };
}

/** Trains a poetry GPT into a new run folder; returns the folder and its training report. */
export async function trainPoet(options: PoetTrainOptions = {}): Promise<TrainedPoet> {
  const quick = options.quick ?? false;
  const c = withDefaults(poetConfig({ quick }), options) as PoetConfig;
  const log = options.log ?? ((l: string) => console.log(l));
  const clock = options.clock ?? (() => performance.now() / 1000);
  const dir = path.resolve(options.out ?? defaultRunDir());
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(
      `trainPoet: ${dir} is not empty${existsSync(path.join(dir, "model.json")) ? " (it holds a model)" : ""}; ` +
        "training never replaces a folder. Choose a new --out folder (the default is a new .runs/<time>-poetry/).",
    );
  const loadAverageAtStart = os.loadavg();
  const splits = await loadTangPoems({ ...(options.data ?? {}), quick });
  if (splits.train.length === 0) throw new Error(`trainPoet: the training split of ${splits.dir} is empty`);
  if (splits.validation.length === 0)
    throw new Error(
      `trainPoet: the validation split of ${splits.dir} is empty (${splits.counts.distinct} distinct poems): ` +
        "early stopping and the promotion floor need one. Use a larger corpus or a validation fraction > 0.",
    );
  const tokenizer = buildCharacterVocabulary(
    splits.train.map((p) => p.body),
    { minCount: c.minCount },
  );
  const encode = (poems: typeof splits.train) => poems.map((p) => tokenizer.encode(p.body));
  const trainIds = encode(splits.train);
  const model = new GPT({ ...c.model, vocabSize: tokenizer.size, padId: tokenizer.padId, seed: c.seed });
  const taskOptions = { bosId: tokenizer.bosId, eosId: tokenizer.eosId, batchSize: c.batchSize };
  const task = gptTrainTask(
    model,
    { train: trainIds, validation: encode(splits.validation.slice(0, c.validationPoems)) },
    { ...taskOptions, seed: c.seed + 1 },
  );
  const calibrationTask = gptTrainTask(
    model,
    { train: trainIds, validation: encode(splits.validation.slice(0, 4)) },
    { ...taskOptions, seed: c.seed + 1000 },
  );
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`trainPoet: threads must be a positive integer, got ${String(threads)}`);
  const parallel =
    threads > 1
      ? await startDataParallel<LmWindow[]>(model.variables(), {
          workers: threads - 1,
          taskModule: require.resolve("./generationShards"),
          factory: "gptShardTask",
          init: { config: model.config },
          split: splitArray,
        })
      : undefined;
  const trained = [countTargets(task, parallel), countTargets(calibrationTask, parallel)];
  const trainCharacters = trainIds.reduce((n, s) => n + s.length, 0);
  log(
    `Tang poems${quick ? " (quick subset)" : ""}: ${splits.train.length} training poems (${trainCharacters.toLocaleString("en")} characters), ` +
      `${splits.validation.length} validation, ${splits.test.length} test; vocabulary ${tokenizer.size} ids; ` +
      `GPT ${model.parameterCount().toLocaleString("en")} parameters; ${threads} thread${threads > 1 ? "s" : ""}; run folder ${dir}`,
  );

  const meter = startMeter(`generation: train character GPT on Tang poems${quick ? " (quick)" : ""}`, {
    notes: [
      `wall-clock budget ${c.budgetSeconds} s on a CPU shared with other processes (load average at start ${loadAverageAtStart
        .map((x) => x.toFixed(1))
        .join(", ")})`,
    ],
  });
  const cpu0 = process.cpuUsage();
  const t0 = clock();
  const left = () => c.budgetSeconds - (clock() - t0);
  let result;
  let calibration;
  let plannedSteps;
  try {
    calibration = await calibrate(calibrationTask, c, clock, trained[1]!.gradients);
    const stepsPerEpoch = task.batches(0).length;
    plannedSteps = Math.max(
      c.warmupSteps + 1,
      Math.min(c.epochs * stepsPerEpoch, Math.floor(left() / (calibration.secondsPerStep * 1.1))),
    );
    log(
      `calibration: ${calibration.secondsPerStep.toFixed(2)} s/step → about ${plannedSteps} steps ` +
        `(${(plannedSteps / stepsPerEpoch).toFixed(2)} epochs of ${stepsPerEpoch} steps); the learning rate decays with the clock`,
    );
    // The decay follows the clock, not the planned steps: on a shared CPU the step time changes
    // during an hour, and a step schedule planned from 15 timed steps would end early or late.
    const trainConfig: TrainConfig<LmWindow[]> = {
      epochs: c.epochs,
      learningRate: c.learningRate,
      warmupSteps: c.warmupSteps,
      decay: "linear-time",
      minLearningRateFraction: 0.05,
      evaluateEvery: c.evaluateEvery,
      patience: c.patience,
      maxSeconds: Math.max(1, left()),
      progress: options.progress ?? "log",
      log,
      clock,
      gradients: trained[0]!.gradients,
    };
    result = await train(task, trainConfig);
  } finally {
    task.dispose();
    calibrationTask.dispose();
    await parallel?.close();
  }
  const seconds = clock() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const charactersTrainedOn = trained[0]!.count() + trained[1]!.count();
  const record = await meter.stop({ unit: "characters", count: charactersTrainedOn });
  const notes = [
    ...(record.notes ?? []),
    `unit of work: ${charactersTrainedOn} characters trained on (targets predicted in training steps, one [EOS] per window included)`,
  ];
  // Validated now, so that model.json can name the record before the ledger gets it (the model
  // store creates the run folder, replacing whatever was in it: the ledger is written after the save).
  const energy: EnergyRecord = parseEnergyRecord({ ...record, notes }, "training energy record");
  const ledgerFile =
    options.ledger === false ? null : path.resolve(options.ledger ?? path.join(dir, POET_RUN_LEDGER));
  const ledger: PoetTrainingReport["ledger"] = ledgerFile
    ? { file: reportPath(ledgerFile), id: ledgerRecordId(energy) }
    : null;
  const counts = (poems: typeof splits.validation) => tokenizer.countUnknown(poems.map((p) => p.body)).rate;
  const history = result.history.map(toBits);
  const report: PoetTrainingReport = {
    date: new Date().toISOString(),
    quick,
    hardware: `${energy.hardware.cpuModel} (${energy.hardware.cpuCores} logical CPUs)`,
    backend: tf.getBackend(),
    loadAverageAtStart,
    corpus: {
      counts: splits.counts,
      used: {
        train: splits.train.length,
        validation: splits.validation.length,
        test: splits.test.length,
        trainCharacters,
      },
      source: splits.source,
      dir: reportPath(splits.dir),
    },
    vocabulary: {
      size: tokenizer.size,
      minCount: c.minCount,
      unknownRate: { validation: counts(splits.validation), test: counts(splits.test) },
    },
    model: { ...model.config, parameters: model.parameterCount() },
    config: {
      budgetSeconds: c.budgetSeconds,
      epochs: c.epochs,
      batchSize: c.batchSize,
      learningRate: c.learningRate,
      warmupSteps: c.warmupSteps,
      evaluateEvery: c.evaluateEvery,
      validationPoems: c.validationPoems,
      patience: c.patience,
      minCount: c.minCount,
      seed: c.seed,
    },
    calibration,
    threads,
    plannedSteps,
    steps: result.steps + calibration.steps,
    stopReason: result.stopReason,
    seconds,
    cpuSeconds,
    charactersTrainedOn,
    epochs: charactersTrainedOn / Math.max(1, task.trainTargets),
    throughput: {
      charactersPerSecond: charactersTrainedOn / seconds,
      charactersPerCpuSecond: charactersTrainedOn / cpuSeconds,
    },
    history,
    best: toBits(result.best),
    energy,
    ledger,
    modelBytes: 0,
  };
  try {
    const saved = await savePoet(dir, model, tokenizer, {
      task: "Tang poems (Complete Tang Poems, Simplified), character language model",
      training: {
        date: report.date,
        quick,
        ledgerId: ledger?.id ?? null,
        charactersTrainedOn,
        steps: report.steps,
        seconds,
        bestValidationBitsPerTarget: report.best.validationBits,
      },
    });
    report.modelBytes = saved.bytes;
    if (ledgerFile) appendToLedger(energy, ledgerFile, { exports: false });
    writeFileAtomic(path.join(dir, POET_TRAINING_FILE), JSON.stringify(report, null, 1) + "\n");
  } finally {
    model.dispose();
  }
  log(
    `trained ${report.steps} steps, ${charactersTrainedOn.toLocaleString("en")} characters ` +
      `(${report.epochs.toFixed(2)} epochs) in ${seconds.toFixed(0)} s (${report.throughput.charactersPerSecond.toFixed(0)} characters/s); ` +
      `best validation ${report.best.validationBits.toFixed(3)} bits per predicted character; ` +
      `energy ${energy.joules.total.toFixed(0)} J (${energy.method.cpu}) → ${dir}`,
  );
  return { dir, report };
}
