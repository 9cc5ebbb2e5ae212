import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import "../../../src/lib/backend/gradients";
import { decodeModel, encodeModel, assignWeights } from "../../../src/lib/models/serialize";
import { GPT, gptParameterCount, resolveGptConfig } from "../../../src/lib/models/generation";
import type { GptConfig } from "../../../src/lib/models/generation";

// Pinned to wasm: the backend whose tf.gather has no gradient, which the embeddings work around.
let backend = "";
beforeAll(async () => {
  backend = (await initBackend({ backend: "wasm", log: false })).id;
});

const tiny: GptConfig = {
  vocabSize: 23,
  dModel: 16,
  heads: 2,
  layers: 2,
  contextLength: 12,
  dropout: 0,
  seed: 5,
};

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
};

describe("GPT config", () => {
  it("fills the documented defaults", () => {
    const c = resolveGptConfig({ vocabSize: 6000 });
    expect(c).toMatchObject({
      dModel: 128,
      heads: 4,
      layers: 4,
      dFF: 512,
      contextLength: 128,
      dropout: 0,
      tiedEmbeddings: true,
      padId: 0,
      seed: 0,
    });
  });

  it.each([
    ["a missing vocabulary size", {}, /vocabSize must be a positive integer/],
    [
      "heads that do not divide dModel",
      { vocabSize: 10, dModel: 30, heads: 4 },
      /heads \(4\) must divide dModel \(30\)/,
    ],
    ["a dropout of 1", { vocabSize: 10, dropout: 1 }, /dropout must be in \[0, 1\)/],
    [
      "a padId outside the vocabulary",
      { vocabSize: 10, padId: 10 },
      /padId must be an integer in \[0, vocabSize=10\)/,
    ],
    ["a zero context", { vocabSize: 10, contextLength: 0 }, /contextLength must be a positive integer/],
  ])("rejects %s, naming the field", (_, config, message) => {
    expect(() => resolveGptConfig(config as GptConfig)).toThrow(message);
  });

  it("counts the parameters of the default model at about 1.6M for 6,000 characters, as built", () => {
    expect(gptParameterCount({ vocabSize: 6000 })).toBeGreaterThan(1.55e6);
    expect(gptParameterCount({ vocabSize: 6000 })).toBeLessThan(1.65e6);
    for (const tiedEmbeddings of [true, false]) {
      const m = new GPT({ ...tiny, tiedEmbeddings });
      expect(m.parameterCount()).toBe(gptParameterCount({ ...tiny, tiedEmbeddings }));
      m.dispose();
    }
  });
});

describe("GPT forward pass", () => {
  it("runs on the wasm backend here", () => {
    expect(backend).toBe("wasm");
  });

  it("maps ids [B, T] to logits [B, T, V] and names its variables stably", () => {
    const m = new GPT(tiny);
    const ids = tf.tensor2d(
      [
        [2, 5, 6, 7],
        [2, 8, 9, 0],
      ],
      undefined,
      "int32",
    );
    const logits = m.logits(ids);
    expect(logits.shape).toEqual([2, 4, 23]);
    const names = Object.keys(m.variables());
    expect(names).toContain("tokenEmbedding.table");
    expect(names).toContain("positionEmbedding.table");
    expect(names).toContain("transformer.0.attn.wq");
    expect(names).toContain("transformer.1.ffn.fc2.w");
    expect(names).toContain("transformer.ln.gamma");
    expect(names).toContain("head.b");
    expect(names).not.toContain("head.w"); // tied to the token table
    tf.dispose([ids, logits]);
    m.dispose();
  });

  it("is causal: changing a later id leaves the logits of earlier positions unchanged", () => {
    const m = new GPT(tiny);
    const a = tf.tensor2d([[2, 5, 6, 7, 8, 9]], undefined, "int32");
    const b = tf.tensor2d([[2, 5, 6, 7, 20, 21]], undefined, "int32");
    const la = m.logits(a);
    const lb = m.logits(b);
    expect(maxDiff(tf.slice(la, [0, 0, 0], [1, 4, 23]), tf.slice(lb, [0, 0, 0], [1, 4, 23]))).toBeLessThan(
      1e-6,
    );
    expect(maxDiff(tf.slice(la, [0, 4, 0], [1, 2, 23]), tf.slice(lb, [0, 4, 0], [1, 2, 23]))).toBeGreaterThan(
      1e-3,
    );
    tf.dispose([a, b, la, lb]);
    m.dispose();
  });

  it("uses the transposed token table as output weights when tied, its own W otherwise", () => {
    for (const tiedEmbeddings of [true, false]) {
      const m = new GPT({ ...tiny, tiedEmbeddings });
      m.outputBias.assign(tf.randomNormal([23], 0, 1, "float32", 3));
      const ids = tf.tensor2d([[2, 5, 6]], undefined, "int32");
      const h = m.hidden(ids);
      const w = tiedEmbeddings ? tf.transpose(m.tokenEmbedding.table) : m.head!.w;
      const expected = tf.add(tf.matMul(tf.reshape(h, [3, 16]), w), m.outputBias);
      expect(maxDiff(tf.reshape(m.logits(ids), [3, 23]), expected)).toBeLessThan(1e-5);
      m.dispose();
    }
  });

  it("rejects sequences longer than the context, saying how to fix it", () => {
    const m = new GPT(tiny);
    const ids = tf.zeros([1, 13], "int32") as tf.Tensor2D;
    expect(() => m.logits(ids)).toThrow(/positions 0…12 exceed the context of 12; slide a window/);
    ids.dispose();
    m.dispose();
  });

  it("leaves no tensor behind after a forward pass and a loss", () => {
    const m = new GPT(tiny);
    const ids = tf.tensor2d([[2, 5, 6, 7]], undefined, "int32");
    const target = tf.tensor2d([[5, 6, 7, 3]], undefined, "int32");
    const before = tf.memory().numTensors;
    m.logits(ids).dispose();
    const r = m.loss({ input: ids, target, tokens: 4 });
    tf.dispose([r.loss, r.correct]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ids, target]);
    m.dispose();
  });
});

describe("GPT loss", () => {
  it("is the mean cross-entropy in nats over the targets that are not PAD", () => {
    const m = new GPT(tiny);
    const input = tf.tensor2d(
      [
        [2, 5, 6, 7],
        [2, 8, 0, 0],
      ],
      undefined,
      "int32",
    );
    const target = tf.tensor2d(
      [
        [5, 6, 7, 3],
        [8, 3, 0, 0],
      ],
      undefined,
      "int32",
    ); // 0 = PAD
    const { loss, correct } = m.loss({ input, target, tokens: 6 });
    // Reference: −log softmax(logits)[target] by hand, averaged over the six real targets.
    const logp = tf.logSoftmax(m.logits(input)).arraySync() as number[][][];
    const t = target.arraySync();
    let sum = 0;
    let hits = 0;
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 4; i++) {
        if (t[b]![i] === 0) continue;
        const row = logp[b]![i]!;
        sum -= row[t[b]![i]!]!;
        if (row.indexOf(Math.max(...row)) === t[b]![i]) hits++;
      }
    expect(loss.dataSync()[0]).toBeCloseTo(sum / 6, 5);
    expect(correct.dataSync()[0]).toBe(hits);
    // Untrained, the loss is near ln V (uniform over 23 ids).
    expect(Math.abs(loss.dataSync()[0]! - Math.log(23))).toBeLessThan(0.5);
    tf.dispose([input, target, loss, correct]);
    m.dispose();
  });

  it("rejects input and target of different shapes", () => {
    const m = new GPT(tiny);
    const input = tf.zeros([1, 4], "int32") as tf.Tensor2D;
    const target = tf.zeros([1, 3], "int32") as tf.Tensor2D;
    expect(() => m.loss({ input, target, tokens: 3 })).toThrow(
      /input \[1, 4\] and target \[1, 3\] must have the same shape/,
    );
    tf.dispose([input, target]);
    m.dispose();
  });

  it.each([true, false])(
    "has the gradients of tfjs's composed softmax cross-entropy (tied output: %s)",
    (tiedEmbeddings) => {
      const m = new GPT({ ...tiny, tiedEmbeddings });
      m.outputBias.assign(tf.randomNormal([23], 0, 0.5, "float32", 8));
      const input = tf.tensor2d(
        [
          [2, 5, 6, 7],
          [2, 8, 0, 0],
        ],
        undefined,
        "int32",
      );
      const target = tf.tensor2d(
        [
          [5, 6, 7, 3],
          [8, 3, 0, 0],
        ],
        undefined,
        "int32",
      );
      const ours = tf.variableGrads(() => m.loss({ input, target, tokens: 6 }).loss);
      const reference = tf.variableGrads(() => {
        const flat = tf.reshape(m.logits(input), [8, 23]);
        const t = tf.reshape(target, [8]);
        const mask = tf.cast(tf.notEqual(t, 0), "float32");
        const summed = tf.losses.softmaxCrossEntropy(tf.oneHot(t, 23), flat, mask, 0, tf.Reduction.SUM);
        return tf.div(summed, 6) as tf.Scalar;
      });
      expect(ours.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0]!, 5);
      for (const [name, v] of Object.entries(m.variables()))
        expect(maxDiff(ours.grads[v.name]!, reference.grads[v.name]!), name).toBeLessThan(1e-5);
      tf.dispose([
        input,
        target,
        ours.value,
        reference.value,
        ...Object.values(ours.grads),
        ...Object.values(reference.grads),
      ]);
      m.dispose();
    },
  );

  it("has gradients for every variable on wasm, including both embedding tables", () => {
    const m = new GPT(tiny);
    const input = tf.tensor2d([[2, 5, 5, 7]], undefined, "int32");
    const target = tf.tensor2d([[5, 5, 7, 3]], undefined, "int32");
    const { value, grads } = tf.variableGrads(() => m.loss({ input, target, tokens: 4 }).loss);
    for (const [name, v] of Object.entries(m.variables())) {
      const g = grads[v.name];
      expect(g, name).toBeDefined();
      expect(g!.shape, name).toEqual(v.shape);
    }
    // The position lookup's scatter-add gradient reaches exactly the rows that were read.
    const pos = grads[m.positionEmbedding.name]!.arraySync() as number[][];
    expect(pos[4]!.every((x) => x === 0)).toBe(true); // position 4 is beyond T = 4
    expect(pos[0]!.some((x) => x !== 0)).toBe(true);
    tf.dispose([value, input, target, ...Object.values(grads)]);
    m.dispose();
  });
});

describe("GPT serialisation", () => {
  it("round-trips through the project's weights format into a fresh model with the same logits", async () => {
    const m = new GPT(tiny);
    const { modelJson, weightData } = await encodeModel(m.variables(), m.config);
    const decoded = decodeModel(modelJson, weightData);
    const copy = new GPT({ ...(decoded.config as GptConfig), seed: 99 }); // other initial weights
    assignWeights(copy.variables(), decoded.weights);
    tf.dispose(Object.values(decoded.weights));
    const ids = tf.tensor2d([[2, 5, 6, 7, 8]], undefined, "int32");
    expect(maxDiff(m.logits(ids), copy.logits(ids))).toBe(0);
    tf.dispose(ids);
    m.dispose();
    copy.dispose();
  });
});
