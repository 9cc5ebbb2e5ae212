/**
 * The held-out metric of each demo for `npm run float16` (Node only; experiments/float16.ts):
 *
 *   poetry       test bits/char over the whole test split, tolerance 0.01 bits/char
 *   sentiment    SST-2 dev accuracy in points (%), tolerance 0.3 points
 *   translation  greedy BLEU on the test pairs of the shipped evaluation.json, tolerance 0.3 BLEU;
 *                chrF and beam search on its subset recorded too (beam BLEU held to the same tolerance)
 *
 * The reasons for the tolerances are rendered from the measured figures, never written by hand.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { loadSst2 } from "../data/sst2";
import { loadTangPoems } from "../data/tangPoems";
import { classificationReport, thresholdPredictions } from "../eval/classification";
import { predictTexts } from "../models/sentiment/classifier";
import { evaluate } from "../models/translation/training";
import type { HeldOutMetric, HeldOutScore } from "./float16";
import { loadPoet } from "./generationStore";
import { scoreTexts } from "./generationText";
import { readJsonOrNull } from "./runPromotion";
import { loadModel as loadSentiment } from "./sentiment";
import type { EvaluationReport } from "./translationReference";
import { loadModel as loadTranslator } from "./translationStore";

export const FLOAT16_DEMOS = ["poetry", "sentiment", "translation"] as const;
export type Float16Demo = (typeof FLOAT16_DEMOS)[number];

/** x with two significant digits, as text ("0.13", "12", "0.0086"). */
export function twoDigits(x: number): string {
  return String(Number(x.toPrecision(2)));
}

/** The spread of the seed runs recorded in a poetry folder's promotion.json, or null. */
export function poetrySeedSpread(dir: string): { runs: number; spread: number } | null {
  const p = readJsonOrNull<{ seedSpread?: { runs?: unknown[]; min?: number; max?: number } | null }>(
    path.join(dir, "promotion.json"),
  );
  const s = p?.seedSpread;
  if (!s || !Array.isArray(s.runs) || s.runs.length < 2 || !Number.isFinite(s.min) || !Number.isFinite(s.max))
    return null;
  return { runs: s.runs.length, spread: s.max! - s.min! };
}

/** The poetry text of toleranceReason, from the float32 figure and the seed spread (exported for tests). */
export function poetryToleranceReason(
  tolerance: number,
  bitsPerCharacter: number,
  seeds: { runs: number; spread: number } | null,
): string {
  const share = `${tolerance} bits/char is ${twoDigits((100 * tolerance) / bitsPerCharacter)} % of the model's ${twoDigits(bitsPerCharacter)} bits/char`;
  return seeds
    ? `${share} and ${twoDigits((100 * tolerance) / seeds.spread)} % of the spread between its ${seeds.runs} seed runs ` +
        `(${twoDigits(seeds.spread)} bits/char, promotion.json)`
    : `${share}; promotion.json records no seed runs to compare with`;
}

function poetryMetric(dataDir: string | undefined, checkpointDir: string): HeldOutMetric {
  let texts: string[] | undefined;
  const tolerance = 0.01;
  return {
    name: "test bits/char (whole test split, EOS not counted)",
    better: "lower",
    tolerance,
    toleranceReason: (f32) => poetryToleranceReason(tolerance, f32.value, poetrySeedSpread(checkpointDir)),
    score: async (dir) => {
      texts ??= (await loadTangPoems(dataDir ? { dataDir } : {})).test.map((p) => p.body);
      const { model, tokenizer } = await loadPoet(dir);
      try {
        return scoreTexts(model, tokenizer, texts).bitsPerCharacter;
      } finally {
        model.dispose();
      }
    },
  };
}

/** Bound for a negligible loss of accuracy or BLEU (issue 20). */
export const NEGLIGIBLE_POINTS = 0.3;

function sentimentMetric(dataDir: string | undefined): HeldOutMetric {
  let dev: { text: string; label: number }[] | undefined;
  return {
    name: "SST-2 dev accuracy (%)",
    better: "higher",
    tolerance: NEGLIGIBLE_POINTS,
    toleranceReason: (f32) => {
      const n = f32.outputs?.length ?? 0;
      const one = 100 / n;
      return (
        `${NEGLIGIBLE_POINTS} accuracy points is the project's bound for a negligible loss; one of the ${n} dev sentences ` +
        `is ${twoDigits(one)} points, so at most ${Math.floor(NEGLIGIBLE_POINTS / one + 1e-9)} more may be misclassified`
      );
    },
    extraNames: { macroF1: "SST-2 dev macro-F1 (%)" },
    outputsName: "dev predictions",
    score: async (dir) => {
      dev ??= (await loadSst2(dataDir ? { dataDir } : {})).dev;
      const { model, vocab } = await loadSentiment(dir);
      try {
        const labels = thresholdPredictions(
          predictTexts(
            model,
            vocab,
            dev.map((r) => r.text),
          ),
        );
        const report = classificationReport(
          dev.map((r) => r.label),
          labels,
        );
        return { value: 100 * report.accuracy, extra: { macroF1: 100 * report.macroF1 }, outputs: labels };
      } finally {
        model.dispose();
      }
    },
    // model.json's figures and its recorded predictions (checked when the model is reloaded) describe
    // the weights beside them; the float32 ones stay in the checkpoint.
    float16Metadata: async (dir, score) => {
      const { model, vocab, metadata } = await loadSentiment(dir);
      try {
        const checks = (metadata.checkPredictions ?? []) as { text: string; p: number }[];
        const p = predictTexts(
          model,
          vocab,
          checks.map((c) => c.text),
        );
        return {
          devAccuracy: score.value / 100,
          devMacroF1: score.extra!.macroF1! / 100,
          checkPredictions: checks.map((c, i) => ({ text: c.text, p: Number(p[i]!.toFixed(6)) })),
        };
      } finally {
        model.dispose();
      }
    },
  };
}

function translationMetric(checkpointDir: string): HeldOutMetric {
  const file = path.join(checkpointDir, "evaluation.json");
  let evaluation: EvaluationReport | undefined;
  const read = () => {
    if (evaluation) return evaluation;
    let e: EvaluationReport;
    try {
      e = JSON.parse(readFileSync(file, "utf8")) as EvaluationReport;
    } catch (err) {
      throw new Error(`${file}: cannot read the evaluation of the float32 model (${(err as Error).message})`);
    }
    if (!Array.isArray(e.test) || e.test.length === 0 || !Array.isArray(e.subset) || !(e.beam?.beam > 1))
      throw new Error(
        `${file}: needs test (the pairs), subset and beam.beam (npm run translate -- --evaluate <run> writes them)`,
      );
    return (evaluation = e);
  };
  return {
    name: "test BLEU, greedy (whole test split of evaluation.json, sacreBLEU zh)",
    better: "higher",
    tolerance: NEGLIGIBLE_POINTS,
    toleranceReason: (f32) =>
      `${NEGLIGIBLE_POINTS} BLEU is the project's bound for a negligible loss, ${twoDigits((100 * NEGLIGIBLE_POINTS) / f32.value)} % ` +
      `of the float32 model's ${twoDigits(f32.value)} BLEU`,
    extraNames: {
      chrf: "test chrF, greedy (whole test split)",
      beamBleu: "test BLEU, beam search (subset of evaluation.json)",
      beamChrf: "test chrF, beam search (subset of evaluation.json)",
    },
    guarded: ["beamBleu"],
    outputsName: "greedy translations of distinct test sentences",
    score: async (dir) => {
      const e = read();
      // evaluation.json keeps en and zh of each pair; the line in the source file is not needed to score.
      const pairs = e.test.map((p, i) => ({ en: p.en, zh: p.zh, line: i + 1 }));
      const { model, vocabs } = await loadTranslator(dir);
      try {
        const greedy = await evaluate(model, vocabs, pairs, { beam: 1 });
        const beam = await evaluate(
          model,
          vocabs,
          e.subset.map((i) => pairs[i]!),
          { beam: e.beam.beam },
        );
        const byEnglish = new Map(e.test.map((p, i) => [p.en, greedy.hypotheses[i]!]));
        const score: HeldOutScore = {
          value: greedy.bleu,
          extra: { chrf: greedy.chrf, beamBleu: beam.bleu, beamChrf: beam.chrf },
          outputs: [...byEnglish.values()],
        };
        return score;
      } finally {
        model.dispose();
      }
    },
  };
}

/** The metric of a demo; checkpointDir is its float32 model (the translation test pairs are read there). */
export function float16Metric(
  demo: Float16Demo,
  options: { dataDir?: string; checkpointDir: string },
): HeldOutMetric {
  switch (demo) {
    case "poetry":
      return poetryMetric(options.dataDir, options.checkpointDir);
    case "sentiment":
      return sentimentMetric(options.dataDir);
    case "translation":
      return translationMetric(options.checkpointDir);
  }
}
