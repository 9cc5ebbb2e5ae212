/**
 * Evaluating a poetry run (Node only; `npm run generate -- --evaluate <run>`), into
 * <run>/evaluation.json and the run's ledger:
 *
 *   - test bits per character: every character of each test poem given [BOS] and what precedes it
 *     (sliding window past the context), [EOS] not counted, characters outside the vocabulary scored
 *     as [UNK] (counted);
 *   - the n-gram baselines on the same split and vocabulary, trained on the whole training split:
 *     unigram (add-one), bigram and trigram (interpolated modified Kneser–Ney);
 *   - the KV cache: ms and energy per generated character with and without the cache at
 *     16 … 256 generated characters (both curves), and energy per 1,000 generated characters
 *     (poems sampled as the CLI does) with and without it — two ledger records whose unit of work
 *     is the characters generated;
 *   - form: the share of 200 poems sampled at temperature 0.8 whose lines are all 5 or all 7
 *     characters followed by ，or 。, next to the share among the test poems;
 *   - a few samples at several temperatures.
 *
 * Energy here is estimated (the meter's method labels say how), never measured by a power meter.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { loadTangPoems, TANG_QUICK_SUBSET, type TangPoemsOptions } from "../data/tangPoems";
import { appendToLedger, startMeter } from "../energy";
import type { EnergyRecord, Work } from "../energy/schema";
import { bitsPerCharacter, trainAddK, trainKneserNey, type NgramModel } from "../eval/ngram";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { GPT } from "../models/generation";
import type { CharacterTokenizer } from "../tokenizers/characters";
import {
  POET_EVALUATION_FILE,
  POET_RUN_LEDGER,
  POET_TRAINING_FILE,
  ledgerRecordId,
  loadPoet,
  reportPath,
} from "./generationStore";
import { formShares, scoreTexts, writePoem, type WriteOptions } from "./generationText";
import type { PoetTrainingReport } from "./generationTrain";

/** How the CLI samples by default; energy per 1,000 characters is measured with it. */
export const DEFAULT_SAMPLING = { temperature: 0.8, topK: 40, topP: 0.95, maxChars: 64 } as const;

export interface PoetEvaluateOptions {
  /** Corpus options (must match the training run's: dataDir, seed, fractions). */
  data?: TangPoemsOptions;
  /** Score only the quick subset of the test split (default: the run's quick flag). Promotion refuses subset scores. */
  quick?: boolean;
  /** Generated lengths of the KV-cache curves (default 16, 32, 64, 128, 256). */
  lengths?: number[];
  /** Characters generated per curve point, at least (default 256): short lengths are repeated. */
  curveCharacters?: number;
  /** Generated characters per energy-per-1,000 measurement, at least (default 1000). */
  per1000Characters?: number;
  /** Poems sampled for the form statistics (default 200; quick 50). */
  formSamples?: number;
  /** Ledger file for the records (default <run>/ledger.jsonl), or false for none. */
  ledger?: string | false;
  log?: (line: string) => void;
}

export interface BaselineScore {
  name: string;
  bitsPerCharacter: number;
  characters: number;
}

export interface CurveRun {
  /** Generations run and characters generated in all. */
  repetitions: number;
  characters: number;
  /** Wall-clock seconds and ms per character (what a user waits; inflated when the CPU is shared). */
  seconds: number;
  msPerCharacter: number;
  /** CPU ms of this process per character (the energy estimate's input; steadier on a shared machine). */
  cpuMsPerCharacter: number;
  joules: number;
  joulesPerCharacter: number;
  energyMethod: EnergyRecord["method"];
}

export interface CurvePoint {
  /** Characters generated per generation. */
  length: number;
  cache: CurveRun;
  recompute: CurveRun;
  /** Recompute / cache CPU ms per character. */
  speedup: number;
  /** Recompute / cache wall-clock ms per character. */
  wallSpeedup: number;
}

export interface Per1000Run {
  characters: number;
  poems: number;
  seconds: number;
  joules: number;
  joulesPer1000Characters: number;
  gCO2ePer1000Characters: number;
  ledgerId: string | null;
  energy: EnergyRecord;
}

export interface PoetEvaluationReport {
  date: string;
  runDir: string;
  /** CRC-32 of the weights evaluated (model.json weightsChecksum): promotion checks it. */
  weightsChecksum: string;
  parameters: number;
  backend: string;
  test: {
    /** True when only the quick subset was scored. */
    subset: boolean;
    poems: number;
    characters: number;
    bits: number;
    bitsPerCharacter: number;
    /** Characters outside the vocabulary, scored as [UNK]. */
    unknown: number;
    unknownDistinct: number;
    seconds: number;
  };
  /** Same split, vocabulary and convention, trained on the whole training split. */
  baselines: { unigram: BaselineScore; bigram: BaselineScore; trigram: BaselineScore };
  kvCache: {
    contextLength: number;
    /** Positions the window moves past the context (1: every step past it rebuilds the cache). */
    windowShift: number;
    sampling: WriteOptions;
    points: CurvePoint[];
  };
  per1000: {
    sampling: typeof DEFAULT_SAMPLING;
    cache: Per1000Run;
    recompute: Per1000Run;
    samePoems: boolean;
  };
  form: {
    samples: number;
    temperature: number;
    maxChars: number;
    five: number;
    seven: number;
    regular: number;
    /** The same shares among the test poems. */
    testSplit: { five: number; seven: number; regular: number };
  };
  samples: { temperature: number; prompt: string; seed: number; text: string }[];
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (e) {
    throw new Error(`${file}: cannot read the ${what} (${(e as Error).message})`);
  }
}

/** Runs fn under a meter and returns its result, seconds and energy record (its unit of work counted by `work`). */
async function metered<T>(
  label: string,
  notes: string[],
  fn: () => T,
  work: (result: T) => Work,
): Promise<{ result: T; energy: EnergyRecord }> {
  const meter = startMeter(label, { notes });
  let result: T;
  try {
    result = fn();
  } catch (e) {
    await meter.abort();
    throw e;
  }
  return { result, energy: await meter.stop(work(result)) };
}

/** Generates exactly `length` characters `repetitions` times (no [EOS] stop), metered. */
async function curveRun(
  model: GPT,
  tokenizer: CharacterTokenizer,
  length: number,
  repetitions: number,
  useCache: boolean,
  sampling: WriteOptions,
): Promise<CurveRun> {
  const cpu0 = process.cpuUsage();
  const { energy } = await metered(
    `generation: ${length} characters ×${repetitions}, ${useCache ? "KV cache" : "recompute"}`,
    [],
    () => {
      for (let r = 0; r < repetitions; r++)
        writePoem(model, tokenizer, "", {
          ...sampling,
          maxChars: length,
          seed: r + 1,
          useCache,
          stopAtEos: false,
        });
    },
    () => ({ unit: "characters", count: length * repetitions }),
  );
  const cpu = process.cpuUsage(cpu0);
  const characters = length * repetitions;
  return {
    repetitions,
    characters,
    seconds: energy.seconds,
    msPerCharacter: (energy.seconds * 1000) / characters,
    cpuMsPerCharacter: (cpu.user + cpu.system) / 1000 / characters,
    joules: energy.joules.total,
    joulesPerCharacter: energy.joules.total / characters,
    energyMethod: energy.method,
  };
}

/** Samples poems as the CLI does (seeds 1, 2, …) until at least `minCharacters` are generated, metered. */
async function per1000Run(
  model: GPT,
  tokenizer: CharacterTokenizer,
  minCharacters: number,
  useCache: boolean,
  appendRecord: (r: EnergyRecord) => string | null,
): Promise<{ run: Per1000Run; poems: string[] }> {
  const label = `generation: sample Tang poems (T ${DEFAULT_SAMPLING.temperature}, top-k ${DEFAULT_SAMPLING.topK}, top-p ${DEFAULT_SAMPLING.topP}), ${useCache ? "KV cache" : "recompute"}`;
  let characters = 0;
  const poems: string[] = [];
  const { energy: raw } = await metered(
    label,
    [],
    () => {
      for (let seed = 1; characters < minCharacters; seed++) {
        const p = writePoem(model, tokenizer, "", { ...DEFAULT_SAMPLING, seed, useCache });
        characters += p.generated;
        poems.push(p.text);
      }
    },
    () => ({ unit: "characters", count: characters }),
  );
  const energy: EnergyRecord = {
    ...raw,
    notes: [...(raw.notes ?? []), `unit of work: ${characters} characters generated (${poems.length} poems)`],
  };
  const ledgerId = appendRecord(energy);
  return {
    poems,
    run: {
      characters,
      poems: poems.length,
      seconds: energy.seconds,
      joules: energy.joules.total,
      joulesPer1000Characters: (energy.joules.total * 1000) / characters,
      gCO2ePer1000Characters: (energy.gCO2e * 1000) / characters,
      ledgerId,
      energy,
    },
  };
}

/** Evaluates a run folder (see the module comment) and writes <run>/evaluation.json. */
export async function evaluatePoet(
  runDir: string,
  options: PoetEvaluateOptions = {},
): Promise<PoetEvaluationReport> {
  const dir = path.resolve(runDir);
  const log = options.log ?? ((l: string) => console.log(l));
  const training = readJson<PoetTrainingReport>(path.join(dir, POET_TRAINING_FILE), "training report");
  const modelJson = readJson<{ weightsChecksum?: { value: string } }>(path.join(dir, "model.json"), "model");
  const quick = options.quick ?? training.quick ?? false;
  const ledgerFile =
    options.ledger === false ? null : path.resolve(options.ledger ?? path.join(dir, POET_RUN_LEDGER));
  const appendRecord = (r: EnergyRecord) =>
    ledgerFile ? ledgerRecordId(appendToLedger(r, ledgerFile, { exports: false })) : null;

  const { model, tokenizer } = await loadPoet(dir);
  try {
    // The whole corpus: the baselines always learn from the full training split.
    const splits = await loadTangPoems({ ...(options.data ?? {}), quick: false });
    const test = quick ? splits.test.slice(0, TANG_QUICK_SUBSET.maxTest) : splits.test;
    if (test.length === 0) throw new Error(`evaluatePoet: the test split of ${splits.dir} is empty`);
    const testTexts = test.map((p) => p.body);

    // Test bits per character
    const t0 = performance.now();
    const scored = scoreTexts(model, tokenizer, testTexts);
    const testReport = {
      subset: quick,
      poems: test.length,
      characters: scored.totalCharacters,
      bits: scored.totalBits,
      bitsPerCharacter: scored.bitsPerCharacter,
      unknown: scored.unknown,
      unknownDistinct: scored.unknownDistinct,
      seconds: (performance.now() - t0) / 1000,
    };
    log(
      `test${quick ? " (quick subset)" : ""}: ${testReport.bitsPerCharacter.toFixed(3)} bits/char over ${testReport.characters} characters ` +
        `of ${testReport.poems} poems (${testReport.unknown} outside the vocabulary, scored as [UNK]) in ${testReport.seconds.toFixed(0)} s`,
    );

    // n-gram baselines
    const trainIds = splits.train.map((p) => Int32Array.from(tokenizer.encode(p.body)));
    const testIds = test.map((p) => Int32Array.from(tokenizer.encode(p.body)));
    const baseline = (m: NgramModel): BaselineScore => {
      const b = bitsPerCharacter(m, testIds);
      return { name: m.name, bitsPerCharacter: b.bitsPerCharacter, characters: b.characters };
    };
    const baselines = {
      unigram: baseline(trainAddK(trainIds, tokenizer, { order: 1, k: 1 })),
      bigram: baseline(trainKneserNey(trainIds, tokenizer, { order: 2 })),
      trigram: baseline(trainKneserNey(trainIds, tokenizer, { order: 3 })),
    };
    log(
      `baselines on the same poems: ` +
        Object.values(baselines)
          .map((b) => `${b.name} ${b.bitsPerCharacter.toFixed(3)}`)
          .join(", "),
    );

    // KV cache vs recomputation
    const sampling: WriteOptions = { temperature: DEFAULT_SAMPLING.temperature };
    writePoem(model, tokenizer, "", { ...sampling, maxChars: 8, useCache: true }); // kernel set-up, not timed
    writePoem(model, tokenizer, "", { ...sampling, maxChars: 8, useCache: false });
    const points: CurvePoint[] = [];
    for (const length of options.lengths ?? [16, 32, 64, 128, 256]) {
      const repetitions = Math.max(1, Math.ceil((options.curveCharacters ?? 256) / length));
      const cache = await curveRun(model, tokenizer, length, repetitions, true, sampling);
      const recompute = await curveRun(model, tokenizer, length, repetitions, false, sampling);
      const point: CurvePoint = {
        length,
        cache,
        recompute,
        speedup: recompute.cpuMsPerCharacter / cache.cpuMsPerCharacter,
        wallSpeedup: recompute.msPerCharacter / cache.msPerCharacter,
      };
      points.push(point);
      log(
        `${String(length).padStart(3)} characters: ${cache.msPerCharacter.toFixed(2)} ms/char with the cache, ` +
          `${recompute.msPerCharacter.toFixed(2)} without (CPU ${cache.cpuMsPerCharacter.toFixed(2)} and ` +
          `${recompute.cpuMsPerCharacter.toFixed(2)} ms/char: ×${point.speedup.toFixed(1)})`,
      );
    }

    // Energy per 1,000 generated characters
    const min1000 = options.per1000Characters ?? 1000;
    const withCache = await per1000Run(model, tokenizer, min1000, true, appendRecord);
    const without = await per1000Run(model, tokenizer, min1000, false, appendRecord);
    const samePoems = withCache.poems.join("\n") === without.poems.join("\n");
    log(
      `energy per 1,000 generated characters: ${withCache.run.joulesPer1000Characters.toFixed(1)} J with the cache, ` +
        `${without.run.joulesPer1000Characters.toFixed(1)} J without (${withCache.run.energy.method.cpu})`,
    );

    // Form statistics
    const formSamples = options.formSamples ?? (quick ? 50 : 200);
    const formMaxChars = 2 * model.config.contextLength;
    const formTexts = Array.from(
      { length: formSamples },
      (_, i) =>
        writePoem(model, tokenizer, "", { temperature: 0.8, maxChars: formMaxChars, seed: i + 1 }).text,
    );
    const shares = formShares(formTexts);
    const form = {
      samples: formSamples,
      temperature: 0.8,
      maxChars: formMaxChars,
      ...shares,
      testSplit: formShares(testTexts),
    };
    log(
      `form: ${(100 * shares.regular).toFixed(1)} % of ${formSamples} samples at T 0.8 are regular ` +
        `(5: ${(100 * shares.five).toFixed(1)} %, 7: ${(100 * shares.seven).toFixed(1)} %); test poems ${(100 * form.testSplit.regular).toFixed(1)} %`,
    );

    // Samples
    const samples: PoetEvaluationReport["samples"] = [];
    for (const temperature of [0, 0.5, 0.8, 1, 1.2])
      for (const prompt of ["", "春", "月"])
        samples.push({
          temperature,
          prompt,
          seed: 1,
          text: writePoem(model, tokenizer, prompt, { temperature, seed: 1 }).text,
        });

    const report: PoetEvaluationReport = {
      date: new Date().toISOString(),
      runDir: reportPath(dir),
      weightsChecksum: modelJson.weightsChecksum?.value ?? "",
      parameters: model.parameterCount(),
      backend: tf.getBackend(),
      test: testReport,
      baselines,
      kvCache: { contextLength: model.config.contextLength, windowShift: 1, sampling, points },
      per1000: { sampling: DEFAULT_SAMPLING, cache: withCache.run, recompute: without.run, samePoems },
      form,
      samples,
    };
    writeFileAtomic(path.join(dir, POET_EVALUATION_FILE), JSON.stringify(report, null, 1) + "\n");
    return report;
  } finally {
    model.dispose();
  }
}
