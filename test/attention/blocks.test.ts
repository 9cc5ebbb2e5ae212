import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import {
  Dense,
  Embedding,
  FeedForward,
  LayerNorm,
  MultiHeadAttention,
  TransformerDecoder,
  TransformerDecoderBlock,
  TransformerEncoder,
  TransformerEncoderBlock,
  collectVariables,
  countParameters,
  embeddingLookup,
  sinusoidalPositionalEncoding,
} from "../../src/lib/attention";
import { scaledDotProductAttention } from "../../src/lib/attention/scaledDotProduct";

// Pinned to wasm (also where tfjs-node is installed): the wasm backend is the one that lacks
// UnsortedSegmentSum, which the Embedding's custom gradient works around.
let backend = "";
beforeAll(async () => {
  backend = (await initBackend({ backend: "wasm", log: false })).id;
});

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-5) => {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
};

const maxAbs = (t: tf.Tensor) => tf.max(tf.abs(t)).dataSync()[0]!;

describe("layers", () => {
  it("run on the wasm backend here", () => {
    expect(backend).toBe("wasm");
  });

  it("Dense maps [B, T, in] to [B, T, units] and equals x·W + b", () => {
    const d = new Dense({ inputDim: 3, units: 5, seed: 1 });
    d.b!.assign(tf.range(0, 5, 1, "float32"));
    const x = tf.randomNormal([2, 4, 3], 0, 1, "float32", 2);
    const y = d.apply(x);
    expect(y.shape).toEqual([2, 4, 5]);
    close(y, tf.reshape(tf.add(tf.matMul(tf.reshape(x, [8, 3]), d.w), d.b!), [2, 4, 5]));
    expect(Object.keys(d.variables())).toEqual(["w", "b"]);
    expect(() => d.apply(tf.zeros([2, 4]))).toThrow(/last dimension must be 3, got shape \[2, 4\]/);
    d.dispose();
  });

  it("Glorot-uniform init is seeded and within ±√(6/(in+out))", () => {
    const a = new Dense({ inputDim: 20, units: 30, seed: 7 });
    const b = new Dense({ inputDim: 20, units: 30, seed: 7 });
    const c = new Dense({ inputDim: 20, units: 30, seed: 8 });
    close(a.w, b.w, 0);
    expect(maxAbs(tf.sub(a.w, c.w))).toBeGreaterThan(0.01);
    const limit = Math.sqrt(6 / 50);
    expect(maxAbs(a.w)).toBeLessThanOrEqual(limit);
    expect(maxAbs(a.w)).toBeGreaterThan(0.8 * limit);
    for (const m of [a, b, c]) m.dispose();
  });

  it("LayerNorm gives zero mean and unit variance per row before gamma/beta", () => {
    const ln = new LayerNorm({ dim: 16 });
    const y = ln.apply(tf.randomNormal([3, 5, 16], 4, 3, "float32", 3));
    const { mean, variance } = tf.moments(y, -1);
    expect(maxAbs(mean)).toBeLessThan(1e-5);
    expect(maxAbs(tf.sub(variance, 1))).toBeLessThan(1e-3);
    ln.dispose();
  });

  it("FeedForward keeps the shape and its dropout is active only in training", () => {
    const ffn = new FeedForward({ dModel: 8, dFF: 32, dropout: 0.5, seed: 4 });
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 5);
    const a = ffn.apply(x);
    expect(a.shape).toEqual([2, 3, 8]);
    close(a, ffn.apply(x), 0);
    expect(maxAbs(tf.sub(a, ffn.apply(x, true)))).toBeGreaterThan(1e-3);
    expect(Object.keys(ffn.variables())).toEqual(["fc1.w", "fc1.b", "fc2.w", "fc2.b"]);
    ffn.dispose();
  });

  it("sinusoidal positional encoding matches the formula", () => {
    const pe = sinusoidalPositionalEncoding(7, 6);
    expect(pe.shape).toEqual([7, 6]);
    const v = pe.arraySync();
    expect(v[3]![0]).toBeCloseTo(Math.sin(3), 6);
    expect(v[3]![1]).toBeCloseTo(Math.cos(3), 6);
    expect(v[5]![4]).toBeCloseTo(Math.sin(5 / Math.pow(10000, 4 / 6)), 6);
    expect(v[5]![5]).toBeCloseTo(Math.cos(5 / Math.pow(10000, 4 / 6)), 6);
    expect(sinusoidalPositionalEncoding(2, 5).shape).toEqual([2, 5]);
  });
});

describe("Embedding", () => {
  it("looks up rows: [B, T] int32 → [B, T, d]", () => {
    const emb = new Embedding({ vocabSize: 10, dim: 4, seed: 1 });
    const ids = tf.tensor2d(
      [
        [1, 2, 2],
        [9, 0, 1],
      ],
      [2, 3],
      "int32",
    );
    const y = emb.apply(ids);
    expect(y.shape).toEqual([2, 3, 4]);
    close(y, tf.gather(emb.table, ids));
    expect(() => emb.checkIds(tf.tensor1d([3, 10], "int32"))).toThrow(
      /id 10 at flat index 1 is outside \[0, 10\)/,
    );
    emb.dispose();
  });

  it("gradient on wasm equals the cpu gather gradient, summing duplicate ids", async () => {
    const table = tf.randomNormal([6, 3], 0, 1, "float32", 9) as tf.Tensor2D;
    const ids = tf.tensor2d(
      [
        [1, 1, 4],
        [1, 0, 4],
      ],
      [2, 3],
      "int32",
    );
    const weights = tf.randomNormal([2, 3, 3], 0, 1, "float32", 10) as tf.Tensor3D;
    const loss = (t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, ids), weights));
    const ours = tf.grad(loss)(table);
    const oursValues = ours.dataSync().slice();
    const tableValues = table.arraySync();
    const idsValues = ids.arraySync();
    const wValues = weights.arraySync();

    await tf.setBackend("cpu");
    try {
      const t = tf.tensor2d(tableValues);
      const i = tf.tensor2d(idsValues, [2, 3], "int32");
      const w = tf.tensor3d(wValues);
      const ref = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, i), w)))(t);
      const r = ref.dataSync();
      for (let k = 0; k < r.length; k++) expect(oursValues[k]).toBeCloseTo(r[k]!, 5);
      // Row 1 appears three times: its gradient is the sum of three rows of `weights`.
      const w3 = w.arraySync();
      expect(oursValues[3]).toBeCloseTo(w3[0]![0]![0]! + w3[0]![1]![0]! + w3[1]![0]![0]!, 5);
      // Unused rows get zero gradient.
      expect(Array.from(oursValues.slice(6, 9))).toEqual([0, 0, 0]);
    } finally {
      await tf.setBackend(backend);
    }
  });
});

describe("MultiHeadAttention", () => {
  it("with 1 head and identity projections equals scaledDotProductAttention", () => {
    const d = 6;
    const mha = new MultiHeadAttention({ dModel: d, heads: 1, seed: 3 });
    for (const [name, v] of Object.entries(mha.variables()))
      v.assign(name.startsWith("w") ? tf.eye(d) : tf.zeros([d]));
    const x = tf.randomNormal([2, 5, d], 0, 1, "float32", 11);
    const kv = tf.randomNormal([2, 7, d], 0, 1, "float32", 12);
    const got = mha.apply(x, kv, { returnWeights: true });
    const want = scaledDotProductAttention(tf.expandDims(x, 1), tf.expandDims(kv, 1), tf.expandDims(kv, 1), {
      returnWeights: true,
    });
    close(got.output, tf.squeeze(want.output, [1]));
    close(got.weights!, want.weights!);
    mha.dispose();
  });

  it("returns per-head weights [B, h, T_q, T_k] that sum to 1 and honour a padding mask", () => {
    const mha = new MultiHeadAttention({ dModel: 8, heads: 4, seed: 1 });
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 13);
    const mem = tf.randomNormal([2, 5, 8], 0, 1, "float32", 14);
    const mask = tf.tensor4d(
      [[[[true, true, true, false, false]]], [[[true, true, true, true, true]]]],
      [2, 1, 1, 5],
      "bool",
    );
    const { output, weights } = mha.apply(x, mem, { mask, returnWeights: true });
    expect(output.shape).toEqual([2, 3, 8]);
    expect(weights!.shape).toEqual([2, 4, 3, 5]);
    close(tf.sum(weights!, -1), tf.ones([2, 4, 3]));
    const w = weights!.arraySync() as number[][][][];
    expect(w[0]![2]![1]![3]).toBe(0);
    expect(w[0]![2]![1]![4]).toBe(0);
    expect(Object.keys(mha.variables())).toEqual(["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo"]);
    mha.dispose();
  });

  it("rejects heads that do not divide dModel and wrong input shapes, naming them", () => {
    expect(() => new MultiHeadAttention({ dModel: 10, heads: 3 })).toThrow(/dividing dModel=10, got heads=3/);
    const mha = new MultiHeadAttention({ dModel: 8, heads: 2 });
    expect(() => mha.apply(tf.zeros([2, 3, 6]))).toThrow(/query input must be \[B, T, 8\], got \[2, 3, 6\]/);
    mha.dispose();
  });
});

describe("transformer blocks", () => {
  it("encoder and decoder blocks keep [B, T, dModel] and name their variables stably", () => {
    const enc = new TransformerEncoderBlock({ dModel: 16, heads: 4, dFF: 32, seed: 1 });
    const dec = new TransformerDecoderBlock({ dModel: 16, heads: 4, dFF: 32, seed: 2 });
    const src = tf.randomNormal([2, 5, 16], 0, 1, "float32", 1);
    const tgt = tf.randomNormal([2, 3, 16], 0, 1, "float32", 2);
    const mem = enc.apply(src);
    expect(mem.shape).toEqual([2, 5, 16]);
    const r = dec.applyWithWeights(tgt, mem);
    expect(r.output.shape).toEqual([2, 3, 16]);
    expect(r.selfWeights.shape).toEqual([2, 4, 3, 3]);
    expect(r.crossWeights.shape).toEqual([2, 4, 3, 5]);
    expect(Object.keys(enc.variables())).toContain("attn.wq");
    expect(Object.keys(enc.variables())).toContain("ffn.fc2.b");
    expect(Object.keys(dec.variables())).toContain("crossAttn.wo");
    expect(Object.keys(dec.variables())).toContain("ln3.gamma");
    // 4 projections (d²+d) + 2 FFN layers + 2 LayerNorms
    expect(countParameters(enc.variables())).toBe(
      4 * (16 * 16 + 16) + (16 * 32 + 32) + (32 * 16 + 16) + 2 * 32,
    );
    enc.dispose();
    dec.dispose();
  });

  it("decoder self-attention is causal: changing later target tokens leaves earlier outputs unchanged", () => {
    const dec = new TransformerDecoder({ dModel: 8, heads: 2, dFF: 16, layers: 2, seed: 5 });
    const mem = tf.randomNormal([1, 4, 8], 0, 1, "float32", 3);
    const a = tf.randomNormal([1, 6, 8], 0, 1, "float32", 4);
    const changed = tf.concat(
      [tf.slice(a, [0, 0, 0], [1, 3, 8]), tf.randomNormal([1, 3, 8], 0, 1, "float32", 5)],
      1,
    );
    const ya = dec.apply(a, mem);
    const yb = dec.apply(changed, mem);
    close(tf.slice(ya, [0, 0, 0], [1, 3, 8]), tf.slice(yb, [0, 0, 0], [1, 3, 8]));
    expect(maxAbs(tf.slice(tf.sub(ya, yb), [0, 3, 0], [1, 1, 8]))).toBeGreaterThan(1e-3);
    dec.dispose();
  });

  it("stacks name blocks by index (0.attn.wq … ln.beta) and return weights per block", () => {
    const enc = new TransformerEncoder({ dModel: 8, heads: 2, dFF: 16, layers: 2, seed: 1 });
    const names = Object.keys(enc.variables());
    expect(names).toContain("0.attn.wq");
    expect(names).toContain("1.ffn.fc1.w");
    expect(names[names.length - 1]).toBe("ln.beta");
    const x = tf.randomNormal([2, 3, 8], 0, 1, "float32", 6);
    const r = enc.applyWithWeights(x);
    expect(r.weights.map((w) => w.shape)).toEqual([
      [2, 2, 3, 3],
      [2, 2, 3, 3],
    ]);
    close(r.output, enc.apply(x));
    const dec = new TransformerDecoder({ dModel: 8, heads: 2, dFF: 16, layers: 2, seed: 1 });
    const rd = dec.applyWithWeights(tf.randomNormal([2, 4, 8], 0, 1, "float32", 7), x);
    expect(rd.selfWeights.map((w) => w.shape)).toEqual([
      [2, 2, 4, 4],
      [2, 2, 4, 4],
    ]);
    expect(rd.crossWeights[1]!.shape).toEqual([2, 2, 4, 3]);
    // Causal: the first target position attends only to itself.
    expect((rd.selfWeights[0]!.arraySync() as number[][][][])[0]![0]![0]).toEqual([1, 0, 0, 0]);
    dec.dispose();
    // Different blocks get different initial weights.
    const v = enc.variables();
    expect(maxAbs(tf.sub(v["0.attn.wq"]!, v["1.attn.wq"]!))).toBeGreaterThan(1e-3);
    enc.dispose();
  });
});

describe("memory", () => {
  it("leaks no tensors in a forward pass or a training step", () => {
    const emb = new Embedding({ vocabSize: 12, dim: 16, seed: 1 });
    const enc = new TransformerEncoder({ dModel: 16, heads: 4, dFF: 32, layers: 1, dropout: 0.1, seed: 2 });
    const dec = new TransformerDecoder({ dModel: 16, heads: 4, dFF: 32, layers: 1, dropout: 0.1, seed: 3 });
    const out = new Dense({ inputDim: 16, units: 12, seed: 4 });
    const src = tf.tensor2d(
      [
        [1, 2, 3, 0],
        [4, 5, 0, 0],
      ],
      [2, 4],
      "int32",
    );
    const tgt = tf.tensor2d(
      [
        [2, 3, 4],
        [5, 6, 7],
      ],
      [2, 3],
      "int32",
    );
    const labels = tf.tensor2d(
      [
        [3, 4, 1],
        [6, 7, 1],
      ],
      [2, 3],
      "int32",
    );
    const mask = tf.reshape(tf.notEqual(src, 0), [2, 1, 1, 4]);
    const varList = [emb, enc, dec, out].flatMap((m) => Object.values(m.variables()));
    const lossFn = (training: boolean) => () =>
      tf.tidy(() => {
        const mem = enc.apply(emb.apply(src), { mask, training });
        const logits = out.apply(dec.apply(emb.apply(tgt), mem, { memoryMask: mask, training }));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 12), logits) as tf.Scalar;
      });
    const before = tf.memory().numTensors;
    lossFn(false)().dispose();
    expect(tf.memory().numTensors).toBe(before);
    const opt = tf.train.adam(1e-3);
    opt.minimize(lossFn(true), false, varList); // creates Adam's slots once
    const afterFirst = tf.memory().numTensors;
    opt.minimize(lossFn(true), false, varList);
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    for (const m of [emb, enc, dec, out]) m.dispose();
  });
});

describe("gradients", () => {
  it("of a small encoder with embedding match central finite differences", () => {
    const emb = new Embedding({ vocabSize: 7, dim: 8, seed: 1 });
    const enc = new TransformerEncoderBlock({ dModel: 8, heads: 2, dFF: 16, dropout: 0, seed: 2 });
    const vars = collectVariables({ emb, enc });
    const ids = tf.tensor2d([[1, 3, 3, 6]], [1, 4], "int32");
    const target = tf.randomNormal([1, 4, 8], 0, 1, "float32", 21);
    const loss = () => tf.tidy(() => tf.sum(tf.mul(enc.apply(emb.apply(ids)), target)) as tf.Scalar);
    const { grads } = tf.variableGrads(loss, Object.values(vars));
    const eps = 1e-2;
    const cases: [string, number][] = [
      ["emb.table", 3 * 8 + 2], // a repeated id
      ["emb.table", 6 * 8 + 5],
      ["enc.attn.wq", 9],
      ["enc.attn.wv", 30],
      ["enc.ln1.gamma", 4],
      ["enc.ffn.fc1.w", 17],
      ["enc.ln2.beta", 7],
    ];
    for (const [name, index] of cases) {
      const v = vars[name]!;
      const g = grads[v.name]!.dataSync()[index]!;
      const original = v.dataSync().slice();
      const at = (delta: number) => {
        const values = original.slice();
        values[index] = values[index]! + delta;
        v.assign(tf.tensor(values, v.shape));
        return loss().dataSync()[0]!;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(original, v.shape));
      expect(Math.abs(g - numeric), `${name}[${index}]: analytic ${g}, numeric ${numeric}`).toBeLessThan(
        2e-2 * Math.max(1, Math.abs(numeric)),
      );
    }
    tf.dispose(Object.values(grads));
    emb.dispose();
    enc.dispose();
  });
});
