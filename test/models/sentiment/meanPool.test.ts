import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { maskedMeanPool } from "../../../src/lib/models/sentiment/classifier";
import { MeanPoolClassifier } from "../../../src/lib/models/sentiment/meanPool";
import { buildMeanPoolModel, fit } from "../../../src/lib/models/sentiment/training";
import { padIds } from "../../../src/lib/models/train";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("maskedMeanPool", () => {
  it("averages the real positions only; a row of [PAD] only gives zeros, not NaN", () => {
    const h = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [100, 100],
      ],
      [
        [5, 5],
        [6, 6],
        [7, 7],
      ],
    ]); // [B=2, T=3, d=2]
    const ids = tf.tensor2d(
      [
        [4, 5, 0],
        [0, 0, 0],
      ],
      [2, 3],
      "int32",
    );
    expect(maskedMeanPool(h, ids, 0).arraySync()).toEqual([
      [2, 3],
      [0, 0],
    ]);
    tf.dispose([h, ids]);
  });

  it("a NaN or Infinity at a masked position contributes exactly zero", () => {
    const h = tf.tensor3d([
      [
        [1, 3],
        [NaN, Infinity],
      ],
    ]);
    const ids = tf.tensor2d([[7, 0]], [1, 2], "int32");
    expect(maskedMeanPool(h, ids, 0).arraySync()).toEqual([[1, 3]]);
    tf.dispose([h, ids]);
  });
});

describe("MeanPoolClassifier (the transformer without attention)", () => {
  const tiny = { vocabSize: 30, dModel: 8, maxLength: 10, seed: 4 };

  it("maps ids [B, T] to logits [B, 2], ignores [PAD] and word order, and leaks no tensors", () => {
    const model = new MeanPoolClassifier(tiny);
    const before = tf.memory().numTensors;
    const p = (rows: number[][], length?: number) => {
      const ids = padIds(rows, 0, length);
      const out = model.predictProba(ids);
      const v = Array.from(out.dataSync());
      tf.dispose([ids, out]);
      return v;
    };
    const [a] = p([[5, 6, 7]]);
    const [padded] = p([[5, 6, 7]], 8);
    const [permuted] = p([[7, 5, 6]]);
    expect(padded).toBeCloseTo(a!, 6);
    expect(permuted).toBeCloseTo(a!, 6);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("refuses an input longer than maxLength and a bad config", () => {
    const model = new MeanPoolClassifier(tiny);
    const ids = padIds([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]], 0);
    expect(() => model.logits(ids)).toThrow(/T=11 exceeds maxLength=10/);
    ids.dispose();
    model.dispose();
    expect(() => new MeanPoolClassifier({ vocabSize: 2 })).toThrow(/vocabSize must be an integer ≥ 3/);
    expect(() => new MeanPoolClassifier({ vocabSize: 9, dropout: 1 })).toThrow(/dropout must be in \[0, 1\)/);
  });

  it("trains with the transformer's loop and learns a word list", async () => {
    const words = ["good", "great", "fine", "bad", "awful", "poor"];
    const rows = Array.from({ length: 120 }, (_, i) => {
      const w = words[i % 6]!;
      return { text: `the film is ${w}`, label: (i % 6 < 3 ? 1 : 0) as 0 | 1 };
    });
    const config = {
      model: { dModel: 8, maxLength: 16, dropout: 0 },
      batchSize: 16,
      train: {
        epochs: 15,
        learningRate: 0.03,
        warmupSteps: 0,
        evaluateEvery: 8,
        patience: 100,
        progress: "none" as const,
      },
    };
    const { model, vocab } = buildMeanPoolModel(rows, config);
    const result = await fit(model, vocab, rows, rows.slice(0, 30), config);
    expect(result.best.validationAccuracy).toBe(1);
    model.dispose();
  });
});
