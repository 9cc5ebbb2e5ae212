import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import "../../../src/lib/backend/gradients";
import { train } from "../../../src/lib/models/train";
import {
  GPT,
  evaluateWindows,
  generate,
  gptTrainTask,
  makeGptBatch,
  sequenceWindows,
  targetCount,
} from "../../../src/lib/models/generation";
import { mulberry32 } from "../../../src/lib/util/random";

let backend = "";
beforeAll(async () => {
  backend = (await initBackend({ backend: "wasm", log: false })).id;
});

const PAD = 0;
const BOS = 2;
const EOS = 3;
const opts = { bosId: BOS, eosId: EOS, padId: PAD, contextLength: 8 };

describe("sequenceWindows", () => {
  it("keeps a sequence that fits as one window: [BOS] c… → c… [EOS]", () => {
    expect(sequenceWindows([10, 11, 12], opts)).toEqual([
      { input: [BOS, 10, 11, 12], target: [10, 11, 12, EOS] },
    ]);
    expect(sequenceWindows([], opts)).toEqual([{ input: [BOS], target: [EOS] }]);
    const seven = [10, 11, 12, 13, 14, 15, 16]; // 8 targets: exactly the context
    expect(sequenceWindows(seven, opts)).toHaveLength(1);
  });

  it("cuts a long sequence into full windows every `stride`, each target scored once", () => {
    const seq = Array.from({ length: 20 }, (_, i) => 10 + i); // 21 targets
    for (const stride of [1, 3, 4, 8]) {
      const w = sequenceWindows(seq, { ...opts, stride });
      const x = [BOS, ...seq, EOS];
      expect(w.every((win) => win.input.length === 8 && win.target.length === 8)).toBe(true);
      // Every target of x[1 … 21] is scored exactly once, with its true value …
      const scored = new Map<number, number>();
      for (const win of w) {
        const start = x.indexOf(win.input[0]!); // ids are distinct
        win.target.forEach((t, j) => {
          if (t === PAD) return;
          expect(t).toBe(x[start + 1 + j]);
          scored.set(start + 1 + j, (scored.get(start + 1 + j) ?? 0) + 1);
        });
      }
      expect([...scored.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect([...scored.values()].every((c) => c === 1)).toBe(true);
      expect(targetCount(w, PAD)).toBe(21);
      // … and after the first window from at least C − stride predecessors.
      for (const win of w.slice(1))
        expect(win.target.slice(0, 8 - stride).every((t) => t === PAD)).toBe(true);
    }
  });

  it("rejects a stride outside [1, C]", () => {
    expect(() => sequenceWindows([1, 2], { ...opts, stride: 9 })).toThrow(
      /stride must be an integer in \[1, contextLength=8\]/,
    );
  });
});

describe("makeGptBatch", () => {
  it("pads inputs and targets to the longest window and counts the scored targets", () => {
    const b = makeGptBatch(
      [
        { input: [BOS, 10], target: [10, EOS] },
        { input: [BOS, 11, 12, 13], target: [11, 12, 13, EOS] },
      ],
      PAD,
    );
    expect(b.input.arraySync()).toEqual([
      [BOS, 10, PAD, PAD],
      [BOS, 11, 12, 13],
    ]);
    expect(b.target.arraySync()).toEqual([
      [10, EOS, PAD, PAD],
      [11, 12, 13, EOS],
    ]);
    expect(b.tokens).toBe(6);
    tf.dispose([b.input, b.target]);
  });
});

describe("gptTrainTask", () => {
  it("trains a tiny GPT with the project's loop on wasm until it writes the pattern it was shown", async () => {
    expect(backend).toBe("wasm");
    // "Poems" that count upwards from a random start modulo 12 (ids 4 … 15): each id fixes the next.
    const random = mulberry32(5);
    const poem = () => {
      const s = Math.floor(random() * 12);
      return Array.from({ length: 6 + Math.floor(random() * 10) }, (_, i) => 4 + ((s + i) % 12));
    };
    const data = { train: Array.from({ length: 96 }, poem), validation: Array.from({ length: 16 }, poem) };
    const model = new GPT({
      vocabSize: 16,
      dModel: 32,
      heads: 4,
      layers: 1,
      contextLength: 8,
      dropout: 0,
      seed: 1,
    });
    const task = gptTrainTask(model, data, { bosId: BOS, eosId: EOS, batchSize: 16, stride: 4 });
    const before = evaluateWindows(model, task.validationWindows);
    expect(task.trainTargets).toBe(data.train.reduce((n, p) => n + p.length + 1, 0));
    const result = await train(task, {
      epochs: 12,
      learningRate: 1e-2,
      warmupSteps: 10,
      progress: "none",
      patience: 100,
    });
    task.dispose();
    const after = evaluateWindows(model, task.validationWindows);
    expect(before.bitsPerToken).toBeGreaterThan(3.5); // ≈ log₂ 16 = 4 untrained
    // After the first id the sequence is determined; what remains is the first id and the length.
    expect(after.bitsPerToken).toBeLessThan(1.2);
    expect(result.best.validationLoss).toBeCloseTo(after.loss, 4);
    const out = generate(model, [9], { bosId: BOS, eosId: EOS, maxTokens: 6, temperature: 0 });
    expect(out.slice(0, 3)).toEqual([10, 11, 12]);
    model.dispose();
  });
});
