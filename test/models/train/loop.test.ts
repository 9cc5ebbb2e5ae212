import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { train, type TrainEvent } from "../../../src/lib/models/train";
import { toyTask } from "./task";

beforeAll(async () => {
  await initBackend({ log: false });
});

const quiet = { progress: "none" as const, warmupSteps: 0, learningRate: 0.1 };

describe("train", () => {
  it("runs epochs × batches steps and keeps the default epochs when config.epochs is undefined", async () => {
    const task = toyTask([3, 2, 1], 2);
    const result = await train(task, { ...quiet, epochs: undefined });
    expect(result.steps).toBe(6); // default 3 epochs × 2 batches
    expect(result.stopReason).toBe("epochs");
    expect(result.history.map((p) => p.step)).toEqual([2, 4, 6]);
    task.w.dispose();
  });

  it("stops early after `patience` validations without improvement and restores the best weights", async () => {
    // validation after every step; the 2nd is the best, the 3rd and 4th are worse → stop at step 4
    const task = toyTask([1, 0.5, 0.7, 0.9, 0.1], 1);
    const result = await train(task, { ...quiet, epochs: 10, patience: 2, evaluateEvery: 1 });
    expect(result.stopReason).toBe("early stopping");
    expect(result.steps).toBe(4);
    expect(result.best.step).toBe(2);
    const atBest = task.seen[1]!;
    expect(atBest).not.toEqual(task.seen[3]); // the weights did move after the best point
    expect(Array.from(task.w.dataSync())).toEqual(atBest);
    task.w.dispose();
  });

  it('stops with stopReason "time budget" once the injected clock passes maxSeconds', async () => {
    let now = 0;
    const clock = () => now;
    const task = toyTask([1], 1);
    const steps: number[] = [];
    const result = await train(task, {
      ...quiet,
      epochs: 100,
      maxSeconds: 10,
      clock,
      progress: (e) => {
        if (e.type === "step") {
          steps.push(e.step);
          now += 4; // each step "takes" 4 s: the budget runs out after step 3
        }
      },
    });
    expect(result.stopReason).toBe("time budget");
    expect(result.steps).toBe(3);
    expect(steps).toEqual([1, 2, 3]);
    expect(result.seconds).toBe(12);
    task.w.dispose();
  });

  it('with decay "linear-time" the learning rate reaches its floor as the budget runs out, however many steps remain', async () => {
    let now = 0;
    const etas: number[] = [];
    const task = toyTask([1], 1);
    const result = await train(task, {
      ...quiet,
      epochs: 100, // 100 steps planned: a step schedule would still be near its peak at step 10
      evaluateEvery: 1,
      patience: Infinity,
      learningRate: 1,
      warmupSteps: 2,
      decay: "linear-time",
      minLearningRateFraction: 0.1,
      maxSeconds: 10,
      clock: () => now,
      progress: (e) => {
        if (e.type === "step") now += 1;
        if (e.type === "validation") etas.push(e.etaSeconds);
      },
    });
    // the ETA is what is left of the budget, not the 90 planned steps still to go
    expect(Math.max(...etas)).toBeLessThanOrEqual(10);
    const lrs = result.history.map((p) => p.learningRate);
    expect(result.steps).toBe(10);
    expect(lrs[1]).toBeCloseTo(1, 12); // end of warm-up (clock at 1 s of 10: decay starts from 0.1)
    // step 10 reads the clock at 9 s: progress (0.9 − 0.1) / 0.9, lr = 1 − 0.9 · 8/9 = 0.2
    expect(lrs[9]).toBeCloseTo(0.2, 12);
    for (let i = 2; i < lrs.length; i++) expect(lrs[i]!).toBeLessThan(lrs[i - 1]!);
    task.w.dispose();
  });

  it('stops with "max steps" before the epochs are done', async () => {
    const task = toyTask([1], 4);
    const result = await train(task, { ...quiet, epochs: 2, maxSteps: 5 });
    expect(result.stopReason).toBe("max steps");
    expect(result.steps).toBe(5);
    task.w.dispose();
  });

  it("reports start, every step, every validation and the end to the progress callback", async () => {
    const task = toyTask([2, 1], 2);
    const events: TrainEvent[] = [];
    await train(task, { ...quiet, epochs: 2, progress: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual([
      "start",
      "step",
      "step",
      "validation",
      "step",
      "step",
      "validation",
      "end",
    ]);
    expect(events[0]).toEqual({ type: "start", totalSteps: 4, stepsPerEpoch: 2 });
    const validations = events.filter((e) => e.type === "validation");
    expect(validations.map((e) => [e.point.step, e.point.validationLoss, e.isBest])).toEqual([
      [2, 2, true],
      [4, 1, true],
    ]);
    expect(events.at(-1)).toMatchObject({ type: "end", steps: 4, stopReason: "epochs" });
    task.w.dispose();
  });

  it('writes one line per validation through log with progress "log"', async () => {
    const task = toyTask([2, 1], 2);
    const lines: string[] = [];
    await train(task, { ...quiet, epochs: 2, progress: "log", log: (l) => lines.push(l) });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^epoch 1\.00 step 2\/4 \| train loss \d\.\d{4} \| val loss 2\.0000 \| lr 5\.25e-2 \| .* \*$/,
    );
    task.w.dispose();
  });

  it("leaks no tensors", async () => {
    const task = toyTask([3, 2, 1], 2);
    const before = tf.memory().numTensors;
    await train(task, { ...quiet, epochs: 3 });
    expect(tf.memory().numTensors).toBe(before);
    task.w.dispose();
  });
});
