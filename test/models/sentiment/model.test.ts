import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { loadSst2 } from "../../../src/lib/data/sst2";
import { SentimentClassifier, predictTexts } from "../../../src/lib/models/sentiment/classifier";
import { padIds } from "../../../src/lib/models/train";
import { loadModel, saveModel } from "../../../src/lib/experiments/sentiment";
import { encodeRows, evaluateEncoded, trainSentiment } from "../../../src/lib/models/sentiment/training";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("SentimentClassifier", () => {
  const tiny = { vocabSize: 50, dModel: 16, heads: 2, layers: 1, maxLength: 12, seed: 3 } as const;

  it("maps ids [B, T] to logits [B, 2] and leaks no tensors", () => {
    const model = new SentimentClassifier(tiny);
    const ids = padIds([[5, 6, 7], [8]], 0);
    const before = tf.memory().numTensors;
    const p = model.predictProba(ids);
    expect(p.shape).toEqual([2]);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const logits = model.logits(ids);
    expect(logits.shape).toEqual([2, 2]);
    tf.dispose([ids, logits]);
    model.dispose();
  });

  it("with mean pooling, extra [PAD] positions do not change the prediction", () => {
    const model = new SentimentClassifier(tiny);
    const short = padIds([[5, 6, 7]], 0);
    const long = padIds([[5, 6, 7]], 0, 9);
    const [a, b] = [model.predictProba(short).dataSync()[0]!, model.predictProba(long).dataSync()[0]!];
    expect(b).toBeCloseTo(a, 5);
    model.dispose();
  });

  it("is seeded: the same seed gives the same weights", () => {
    const m1 = new SentimentClassifier(tiny);
    const m2 = new SentimentClassifier(tiny);
    const v1 = m1.variables();
    for (const [name, v] of Object.entries(m2.variables()))
      expect(Array.from(v.dataSync())).toEqual(Array.from(v1[name]!.dataSync()));
    m1.dispose();
    m2.dispose();
  });

  it("returns one attention map per layer, rows summing to 1", () => {
    const model = new SentimentClassifier({ ...tiny, layers: 2 });
    const ids = padIds([[5, 6, 7, 0]], 0);
    const { weights } = model.forwardWithAttention(ids);
    expect(weights.map((w) => w.shape)).toEqual([
      [1, 2, 4, 4],
      [1, 2, 4, 4],
    ]);
    const sums = tf.sum(weights[0]!, -1).dataSync();
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    const padColumn = tf.slice(weights[0]!, [0, 0, 0, 3], [1, 2, 4, 1]).dataSync();
    for (const v of padColumn) expect(v).toBe(0);
    model.dispose();
  });
});

describe("training on real SST-2 (FOOTPRINT_DATA_DIR)", () => {
  it("a short run lowers the validation loss, and the saved model reloads with the same predictions", async () => {
    const s = await loadSst2({ download: false, maxTrain: 3000, maxValidation: 300 });
    const config = {
      model: { dModel: 32, heads: 2, layers: 1, maxLength: 32 },
      maxVocabulary: 2000,
      batchSize: 32,
      seed: 1,
      train: { epochs: 1, warmupSteps: 10, learningRate: 2e-3, progress: "none" as const },
    };
    // The same seed builds the same untrained model: its validation loss is the baseline.
    const untrained = await trainSentiment(s.train, s.validation, {
      ...config,
      train: { ...config.train, maxSteps: 1, learningRate: 1e-12 },
    });
    const before = evaluateEncoded(
      untrained.model,
      encodeRows(s.validation, untrained.vocab, untrained.model),
    );
    untrained.model.dispose();
    const { model, vocab, result } = await trainSentiment(s.train, s.validation, config);
    const after = evaluateEncoded(model, encodeRows(s.validation, vocab, model));
    expect(result.steps).toBeGreaterThan(50);
    expect(after.loss).toBeLessThan(before.loss - 0.03);

    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "sentiment-")), "model");
    const texts = ["A wonderful, moving film.", "It isn't good at all.", "some words"];
    const expected = predictTexts(model, vocab, texts);
    await saveModel(dir, model, vocab, { test: true });
    const loaded = await loadModel(dir);
    const got = predictTexts(loaded.model, loaded.vocab, texts);
    got.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6));
    expect(loaded.metadata).toEqual({ test: true });
    model.dispose();
    loaded.model.dispose();
  });
});
