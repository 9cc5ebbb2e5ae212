import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import {
  EarlyStopping,
  TimeBudget,
  clipByGlobalNorm,
  learningRateAt,
  learningRateByTime,
  resolveTrainConfig,
  type HistoryPoint,
} from "../../../src/lib/models/train";

beforeAll(async () => {
  await initBackend({ log: false });
});

const point = (step: number, validationLoss: number, validationAccuracy?: number): HistoryPoint => ({
  step,
  epoch: step,
  seconds: step,
  learningRate: 1e-3,
  trainLoss: 1,
  validationLoss,
  validationAccuracy,
});

describe("learningRateAt", () => {
  const c = { learningRate: 1e-3, warmupSteps: 10, decay: "linear" as const, minLearningRateFraction: 0.1 };

  it.each([
    ["halfway through warm-up", 5, 5e-4],
    ["at the end of warm-up: the peak", 10, 1e-3],
    ["halfway through the decay", 55, 5.5e-4],
    ["at the last step: the floor", 100, 1e-4],
  ])("%s", (_name, step, expected) => {
    expect(learningRateAt(step, 100, c)).toBeCloseTo(expected, 12);
  });

  it('stays at the peak after warm-up with decay "none"', () => {
    expect(learningRateAt(90, 100, { ...c, decay: "none" })).toBe(1e-3);
  });
});

describe("learningRateByTime (decay over the time budget)", () => {
  const c = {
    learningRate: 1e-3,
    warmupSteps: 10,
    decay: "linear-time" as const,
    minLearningRateFraction: 0.1,
  };

  it.each([
    ["warm-up still counts steps", 5, 0.02, 0.02, 5e-4],
    ["the decay starts where warm-up ended", 11, 0.2, 0.2, 1e-3],
    ["halfway through the rest of the budget", 400, 0.6, 0.2, 5.5e-4],
    ["the budget used up: the floor", 900, 1, 0.2, 1e-4],
    ["past the budget: still the floor", 901, 1.3, 0.2, 1e-4],
  ])("%s", (_name, step, fraction, warmupEnd, expected) => {
    expect(learningRateByTime(step, fraction, warmupEnd, c)).toBeCloseTo(expected, 12);
  });

  it("is refused by the step schedule, which cannot know the clock", () => {
    expect(() => learningRateAt(50, 100, c)).toThrow(/learningRateByTime/);
  });

  it("needs a finite time budget", () => {
    expect(() => resolveTrainConfig({ decay: "linear-time" })).toThrow(/config.decay.*finite maxSeconds/);
    expect(resolveTrainConfig({ decay: "linear-time", maxSeconds: 60 }).decay).toBe("linear-time");
  });
});

describe("clipByGlobalNorm", () => {
  it("scales a gradient of global norm 5 down to the max norm 1, keeping its direction", () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) }; // √(9 + 16) = 5
    const clipped = clipByGlobalNorm(grads, 1);
    expect(Array.from(clipped.a!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(clipped.b!.dataSync())).toEqual([expect.closeTo(0.8, 6)]);
    tf.dispose([grads.a, grads.b, clipped.a!, clipped.b!]);
  });

  it("leaves a gradient within the max norm unchanged", () => {
    const grads = { a: tf.tensor1d([0.3, 0.4]) };
    const clipped = clipByGlobalNorm(grads, 1);
    expect(Array.from(clipped.a!.dataSync())).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
    tf.dispose([grads.a, clipped.a!]);
  });
});

describe("EarlyStopping", () => {
  it("says stop after `patience` validations without improvement, and restores the best snapshot", () => {
    const v = tf.variable(tf.scalar(0));
    const stopping = new EarlyStopping({ monitor: "loss", patience: 2 });
    const decisions: boolean[] = [];
    for (const [i, loss] of [1, 0.5, 0.7, 0.6].entries()) {
      v.assign(tf.scalar(i + 1));
      decisions.push(stopping.observe(point(i + 1, loss), [v]).stop);
    }
    expect(decisions).toEqual([false, false, false, true]);
    expect(stopping.best?.step).toBe(2);
    stopping.restoreBest([v]);
    expect(v.dataSync()[0]).toBe(2);
    v.dispose();
  });

  it("with monitor accuracy, higher accuracy wins and equal accuracy falls back to lower loss", () => {
    const stopping = new EarlyStopping({ monitor: "accuracy", patience: 10 });
    stopping.observe(point(1, 0.5, 0.8), []);
    expect(stopping.isBetter(point(2, 0.9, 0.85))).toBe(true);
    expect(stopping.isBetter(point(2, 0.4, 0.8))).toBe(true);
    expect(stopping.isBetter(point(2, 0.6, 0.8))).toBe(false);
  });
});

describe("TimeBudget", () => {
  it("is exhausted once the injected clock has advanced by the budget", () => {
    let now = 100;
    const budget = new TimeBudget(10, () => now);
    now = 109;
    expect(budget.exhausted()).toBe(false);
    expect(budget.elapsed()).toBe(9);
    now = 110;
    expect(budget.exhausted()).toBe(true);
  });
});

describe("resolveTrainConfig", () => {
  it("keeps a default when a field is explicitly undefined", () => {
    expect(resolveTrainConfig({ epochs: undefined, learningRate: 5e-4 })).toMatchObject({
      epochs: 3,
      learningRate: 5e-4,
    });
  });

  it("names the field and the accepted values on bad input", () => {
    expect(() => resolveTrainConfig({ epochs: 0 })).toThrow(
      "train: config.epochs must be a positive integer, got 0",
    );
  });
});
