import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { maskedMeanPoolExercise, maskedMeanPoolSolution } from "../../src/lib/experiments/sentimentExercise";
import { check } from "../../src/lib/workshop";

beforeAll(async () => {
  await initBackend({ log: false });
});

const quiet = () => undefined;

describe("notebook 04 exercise: the masked mean pool", () => {
  it("the model solution passes every case", () => {
    const report = check(maskedMeanPoolExercise, maskedMeanPoolSolution, quiet);
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("the unfilled stub of the notebook fails every case", () => {
    // The exact body learners see before they fill it in.
    const stub = (_h: number[][], _ids: number[], _padId: number): number[] => [];
    const report = check(maskedMeanPoolExercise, stub, quiet);
    expect(report.passed).toBe(false);
    expect(report.cases.every((c) => !c.passed)).toBe(true);
  });

  it("catches the classic mistakes: averaging [PAD] too, and dividing by zero", () => {
    const unmasked = (h: number[][]) => h[0]!.map((_, j) => h.reduce((s, r) => s + r[j]!, 0) / h.length);
    const failed = (fn: (h: number[][], ids: number[], padId: number) => number[]) =>
      check(maskedMeanPoolExercise, fn, quiet)
        .cases.filter((c) => !c.passed)
        .map((c) => c.name);
    expect(failed(unmasked)).toEqual([
      "two [PAD] positions at the end are left out",
      "a padded position is skipped wherever it is, with another padId",
      "every position is [PAD]: zeros, not NaN",
    ]);
    const noGuard = (h: number[][], ids: number[], padId: number) => {
      const real = ids.map((id, t) => (id === padId ? null : h[t]!)).filter((r): r is number[] => r !== null);
      return h[0]!.map((_, j) => real.reduce((s, r) => s + r[j]!, 0) / real.length);
    };
    expect(failed(noGuard)).toEqual(["every position is [PAD]: zeros, not NaN"]);
  });
});
