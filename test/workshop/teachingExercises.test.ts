// The exercises of notebook 01's follow-ups and of the transformer-block notebook: the model solution
// passes, the stub the learner starts from fails every case, and the classic mistakes fail.
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import type { CheckReport, Exercise } from "../../src/lib/workshop";
import {
  attentionCrossoverExercise,
  check,
  layerNormExercise,
  logSumExpExercise,
  scoreScaleExercise,
} from "../../src/lib/workshop";
import * as solutions from "../../src/lib/workshop/solutions";

beforeAll(async () => {
  await initBackend({ log: false });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const run = (ex: Exercise<any, any>, fn: (...a: any[]) => unknown): CheckReport =>
  check(ex, fn, () => undefined);
const failed = (r: CheckReport) => r.cases.filter((c) => !c.passed).map((c) => c.name);

// The exact bodies learners see in the notebooks before they fill them in.
const stubs = {
  logSumExp: (): number => NaN,
  scoreDivisor: (): number => NaN,
  attentionCrossover: (): number => NaN,
  layerNorm: (x: number[][]) => x.map((): number[] => []),
};

const table = [
  { ex: logSumExpExercise, solution: solutions.logSumExp, stub: stubs.logSumExp },
  { ex: scoreScaleExercise, solution: solutions.scoreDivisor, stub: stubs.scoreDivisor },
  { ex: attentionCrossoverExercise, solution: solutions.attentionCrossover, stub: stubs.attentionCrossover },
  { ex: layerNormExercise, solution: solutions.layerNorm, stub: stubs.layerNorm },
];

describe("teaching exercises", () => {
  for (const { ex, solution, stub } of table) {
    it(`the model solution passes '${ex.title}'`, () => {
      const report = run(ex, solution);
      expect(report.cases.filter((c) => !c.passed)).toEqual([]);
      expect(report.passed).toBe(true);
    });
    it(`the unfilled stub fails '${ex.title}' on every case`, () => {
      const report = run(ex, stub);
      expect(report.passed).toBe(false);
      expect(report.cases.every((c) => !c.passed)).toBe(true);
    });
  }

  it("catches the classic mistakes", () => {
    const naive = (x: number[]) => Math.log(x.reduce((s, v) => s + Math.exp(v), 0));
    expect(failed(run(logSumExpExercise, naive))).toEqual([
      "large logits [1000, 1001] (exp overflows)",
      "very negative logits [−1000, −1000] (exp underflows to 0)",
    ]);
    // σ·√d_k: the standard deviation of one component instead of its variance.
    const sigmaOnce = (sigma: number, dk: number) => sigma * Math.sqrt(dk);
    expect(failed(run(scoreScaleExercise, sigmaOnce))).toEqual([
      "σ = 2, d_k = 16",
      "σ = 0.5, d_k = 64",
      "σ = 3, d_k = 1",
    ]);
    // Ignoring the softmax and scaling terms: T = 2·d_model.
    const roughCrossover = (d: number) => 2 * d;
    expect(run(attentionCrossoverExercise, roughCrossover).passed).toBe(false);
    const sampleVariance = (x: number[][], eps: number) =>
      x.map((row) => {
        const m = row.reduce((a, b) => a + b, 0) / row.length;
        const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / (row.length - 1);
        return row.map((u) => (u - m) / Math.sqrt(v + eps));
      });
    expect(failed(run(layerNormExercise, sampleVariance))).toContain(
      "the population variance (divide by n), ε = 0.1",
    );
    const noEpsilon = (x: number[][]) => solutions.layerNorm(x, 0);
    expect(failed(run(layerNormExercise, noEpsilon))).toContain(
      "a constant row gives zeros, not NaN (ε = 1e-5)",
    );
  });
});
