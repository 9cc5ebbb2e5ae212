/**
 * The retrieval baseline of notebook 05, scored and metered (Node only): build a TF-IDF translation
 * memory from the training pairs (models/translation/retrieval.ts), return for every test sentence
 * the translation of its nearest training sentence, and score the outputs with the same BLEU and
 * chrF code, and the same pairs, as the transformer's evaluation (each distinct English sentence
 * retrieved once, every pair scored against its own reference).
 *
 * Both steps run under the project's energy meter with their unit of work (sentences indexed,
 * sentences retrieved). A step shorter than `minSeconds` is repeated until it lasts that long, so
 * that the CPU-time estimate is not dominated by the meter's resolution; the record's work counts
 * every repetition. Nothing is written: the records are returned, not appended to a ledger.
 */
import { corpusBleu } from "../eval/bleu";
import { corpusChrf } from "../eval/chrf";
import { startMeter, type MeterOptions } from "../energy/meter";
import type { EnergyRecordV2 } from "../energy/schema";
import {
  buildTranslationMemory,
  retrieve,
  type Retrieved,
  type TranslationMemory,
} from "../models/translation/retrieval";

export interface RetrievalBaselineOptions {
  /** Training pairs: the memory. */
  train: readonly { en: string; zh: string }[];
  /** Test pairs, scored like the transformer's (use evaluation.json's `test` for the same set). */
  test: readonly { en: string; zh: string }[];
  /** Each metered step is repeated until it lasts at least this long (default 1 s). */
  minSeconds?: number;
  /** Options of the energy meter (region, intensity, …). */
  meter?: MeterOptions;
}

export interface RetrievalBaselineReport {
  date: string;
  /** Distinct English sentences in the memory. */
  memorySentences: number;
  /** Test pairs scored. */
  testPairs: number;
  /** Distinct English test sentences retrieved. */
  sentences: number;
  /** Corpus BLEU, sacreBLEU "zh" tokenization, 0–100. */
  bleu: number;
  /** Corpus chrF (n = 6, β = 2), 0–100. */
  chrf: number;
  /** One output per test pair, in order. */
  hypotheses: string[];
  /** What was retrieved for each distinct test sentence, in first-occurrence order. */
  retrieved: Array<Retrieved & { query: string }>;
  /** Distinct test sentences whose English occurs verbatim in the memory (score 1). */
  exactMatches: number;
  /** Distinct test sentences with no term in common with any training sentence (empty output). */
  noMatch: number;
  /** Energy of building the memory (unit: sentences indexed, repetitions included). */
  indexEnergy: EnergyRecordV2;
  /** Energy of retrieving (unit: sentences retrieved, repetitions included). */
  retrievalEnergy: EnergyRecordV2;
  /** Joules per 1,000 retrieved sentences. */
  joulesPer1000: number;
}

/** Runs `once` at least once and until `minSeconds` have passed; returns the last result and the count. */
function repeatFor<T>(minSeconds: number, once: () => T): { result: T; repeats: number } {
  const start = performance.now();
  let repeats = 0;
  let result: T;
  do {
    result = once();
    repeats++;
  } while ((performance.now() - start) / 1000 < minSeconds);
  return { result, repeats };
}

/** Builds the memory, retrieves every distinct test sentence, scores BLEU and chrF, meters both steps. */
export async function evaluateRetrievalBaseline(
  options: RetrievalBaselineOptions,
): Promise<RetrievalBaselineReport> {
  const minSeconds = options.minSeconds ?? 1;
  if (!(minSeconds >= 0 && Number.isFinite(minSeconds)))
    throw new Error(`evaluateRetrievalBaseline: minSeconds must be a finite number ≥ 0, got ${minSeconds}`);
  if (options.train.length === 0)
    throw new Error(
      "evaluateRetrievalBaseline: no training pairs (the memory would be empty); pass the train split",
    );
  if (options.test.length === 0)
    throw new Error("evaluateRetrievalBaseline: no test pairs; pass the test split");

  const indexMeter = startMeter(
    "translation: TF-IDF retrieval baseline, index the training sentences",
    options.meter,
  );
  let memory: TranslationMemory;
  let indexRepeats: number;
  try {
    ({ result: memory, repeats: indexRepeats } = repeatFor(minSeconds, () =>
      buildTranslationMemory(options.train),
    ));
  } catch (e) {
    await indexMeter.abort();
    throw e;
  }
  const indexEnergy = await indexMeter.stop({
    unit: "sentences",
    count: memory.entries.length * indexRepeats,
  });

  const distinct = [...new Set(options.test.map((p) => p.en))];
  const retrievalMeter = startMeter(
    "translation: TF-IDF retrieval baseline, translate Tatoeba test",
    options.meter,
  );
  let outputs: Retrieved[];
  let retrievalRepeats: number;
  try {
    ({ result: outputs, repeats: retrievalRepeats } = repeatFor(minSeconds, () =>
      distinct.map((en) => retrieve(memory, en)),
    ));
  } catch (e) {
    await retrievalMeter.abort();
    throw e;
  }
  const retrievalEnergy = await retrievalMeter.stop({
    unit: "sentences",
    count: distinct.length * retrievalRepeats,
  });

  const byEnglish = new Map(distinct.map((en, i) => [en, outputs[i]!.zh]));
  const hypotheses = options.test.map((p) => byEnglish.get(p.en)!);
  const references = options.test.map((p) => p.zh);
  return {
    date: new Date().toISOString(),
    memorySentences: memory.entries.length,
    testPairs: options.test.length,
    sentences: distinct.length,
    bleu: corpusBleu(hypotheses, references, { tokenize: "zh" }).score,
    chrf: corpusChrf(hypotheses, references).score,
    hypotheses,
    retrieved: outputs.map((r, i) => ({ ...r, query: distinct[i]! })),
    exactMatches: outputs.filter((r) => r.score >= 1 - 1e-9).length,
    noMatch: outputs.filter((r) => r.index < 0).length,
    indexEnergy,
    retrievalEnergy,
    joulesPer1000: (retrievalEnergy.joules.total / (distinct.length * retrievalRepeats)) * 1000,
  };
}
