import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import type { CheckReport, Exercise } from "../../src/lib/workshop";
import {
  attentionExercise,
  causalMaskExercise,
  check,
  co2eExercise,
  ngramPrecisionExercise,
  mergeHeadsExercise,
  softmaxExercise,
  splitHeadsExercise,
  topKExercise,
} from "../../src/lib/workshop";
import * as solutions from "../../src/lib/workshop/solutions";

beforeAll(async () => {
  await initBackend({ log: false });
});

const quiet = () => undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const run = (ex: Exercise<any, any>, fn: (...a: any[]) => unknown): CheckReport => check(ex, fn, quiet);

// The exact bodies learners see in the notebooks before they fill them in.
const stubs = {
  softmax: (x: number[]) => x.map(() => 0),
  attention: (Q: number[][]) => Q.map(() => []),
  causalMask: (T: number) => Array.from({ length: T }, () => Array.from({ length: T }, () => false)),
  splitHeads: (): number[][][] => [],
  mergeHeads: (): number[][] => [],
  co2eGrams: (): number => NaN,
  ngramPrecision: () => ({ matches: NaN, total: NaN }),
  topKProbabilities: (logits: number[]) => logits.map(() => 0),
};

const table = [
  { ex: softmaxExercise, solution: solutions.softmax, stub: stubs.softmax },
  { ex: attentionExercise, solution: solutions.attention, stub: stubs.attention },
  { ex: causalMaskExercise, solution: solutions.causalMask, stub: stubs.causalMask },
  { ex: splitHeadsExercise, solution: solutions.splitHeads, stub: stubs.splitHeads },
  { ex: mergeHeadsExercise, solution: solutions.mergeHeads, stub: stubs.mergeHeads },
  { ex: co2eExercise, solution: solutions.co2eGrams, stub: stubs.co2eGrams },
  { ex: ngramPrecisionExercise, solution: solutions.ngramPrecision, stub: stubs.ngramPrecision },
  { ex: topKExercise, solution: solutions.topKProbabilities, stub: stubs.topKProbabilities },
];

describe("workshop exercises", () => {
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

  it("names the case, expected and got values, and gives the hint", () => {
    const lines: string[] = [];
    const naive = (x: number[]) => x.map((v) => Math.exp(v) / x.reduce((s, u) => s + Math.exp(u), 0));
    const report = check(softmaxExercise, naive, (l) => lines.push(l));
    expect(report.passed).toBe(false);
    // The naive softmax is right except where exp() overflows.
    expect(report.cases.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      "large logits [1000, 1001] (numerical stability)",
    ]);
    expect(lines.join("\n")).toContain("✗ large logits [1000, 1001] (numerical stability): got NaN at [0]");
    expect(lines.at(-1)).toContain("Hint: exponentiate x_i - max(x)");
  });

  it("catches the classic mistakes: no √d_k scaling, an off-by-one mask, a transposed split", () => {
    const unscaled = (Q: number[][], K: number[][], V: number[][]) =>
      solutions.attention(
        Q.map((r) => r.map((v) => v * Math.sqrt(Q[0]!.length))),
        K,
        V,
      );
    expect(run(attentionExercise, unscaled).passed).toBe(false);
    const strict = (T: number) => solutions.causalMask(T).map((row, i) => row.map((_, j) => j < i));
    expect(run(causalMaskExercise, strict).cases[0]!.message).toBe("expected true at [0][0], got false");
    const byRows = (x: number[][], h: number) => solutions.splitHeads(x, h).map((hd) => hd.reverse());
    expect(run(splitHeadsExercise, byRows).passed).toBe(false);
    const unclipped = (h: string[], r: string[], n: number) => {
      const ok = solutions.ngramPrecision(h, r, n);
      return { ...ok, matches: h.filter((w) => r.includes(w)).length };
    };
    expect(
      run(ngramPrecisionExercise, unclipped)
        .cases.filter((c) => !c.passed)
        .map((c) => c.name),
    ).toContain("repeated words are clipped ('the the the the')");
    // Top-k: zeroing the dropped ids without renormalising, or ignoring the temperature.
    const unnormalised = (z: number[], k: number, t: number) => {
      const all = solutions.topKProbabilities(z, z.length, t);
      const kept = solutions.topKProbabilities(z, k, t);
      return all.map((p, i) => (kept[i]! > 0 ? p : 0));
    };
    expect(run(topKExercise, unnormalised).cases.find((c) => !c.passed)?.name).toBe(
      "k = 2 of 4 logits, temperature 1",
    );
    const noTemperature = (z: number[], k: number) => solutions.topKProbabilities(z, k, 1);
    expect(
      run(topKExercise, noTemperature)
        .cases.filter((c) => !c.passed)
        .map((c) => c.name),
    ).toEqual(["temperature 0.5 sharpens the kept distribution"]);
    const unstable = (z: number[], k: number, t: number) =>
      solutions
        .topKProbabilities(z, k, t)
        .map((p, i) => (p > 0 ? Math.exp(z[i]! / t) : 0))
        .map((w, _, ws) => w / ws.reduce((a, b) => a + b, 0));
    expect(run(topKExercise, unstable).cases.find((c) => !c.passed)?.name).toBe(
      "large logits [1000, 999, 0] (numerical stability)",
    );
    const noPue = (j: number, i: number) => (j / 3.6e6) * i;
    expect(run(co2eExercise, noPue).cases[1]!.message).toBe(
      "expected 600, got 400 (PUE multiplies the energy)",
    );
  });

  it("reports a wrong shape and an exception in words, and never throws", () => {
    expect(run(mergeHeadsExercise, () => [[1, 2]]).cases[0]!.message).toBe(
      "expected an array of shape [2, 4], got array of shape [1, 2]",
    );
    const threw = run(softmaxExercise, () => {
      throw new Error("TODO");
    });
    expect(threw.cases[0]!.message).toBe("your function threw: TODO");
  });
});

describe("a check's echo in a notebook", () => {
  it("is one short line, not the whole report again", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(run(softmaxExercise, solutions.softmax))).toBe("[check softmax: passed]");
    expect(inspect(run(softmaxExercise, stubs.softmax))).toBe("[check softmax: not passed yet]");
  });
});
