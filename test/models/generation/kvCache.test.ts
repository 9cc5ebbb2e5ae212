import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { GPT, KVCache, decodeForward, generate } from "../../../src/lib/models/generation";
import { mulberry32 } from "../../../src/lib/util/random";

let backend = "";
beforeAll(async () => {
  backend = (await initBackend({ backend: "wasm", log: false })).id;
});

const V = 31;
const config = { vocabSize: V, dModel: 32, heads: 4, layers: 2, contextLength: 80, dropout: 0, seed: 11 };

/** Largest |a − b| over two rows of logits. */
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

/** The values of an append's logits (disposed). */
const read = (r: { logits: tf.Tensor }) => {
  const values = r.logits.dataSync();
  r.logits.dispose();
  return values;
};

/** Logits after the last id, recomputed by the teacher-forced forward pass: [V]. */
function recomputed(m: GPT, seq: number[]): Float32Array {
  return tf.tidy(() => {
    const ids = tf.tensor2d([seq], undefined, "int32");
    return m.nextLogits(ids).dataSync() as Float32Array;
  });
}

describe("KV cache", () => {
  it("gives the logits of recomputation within 1e-4 for 64 steps on wasm", () => {
    expect(backend).toBe("wasm");
    const m = new GPT(config);
    const cache = new KVCache(m, 1);
    const random = mulberry32(3);
    const seq = [2];
    let worst = 0;
    for (let step = 0; step < 64; step++) {
      const cached = read(cache.append([[seq[seq.length - 1]!]]));
      worst = Math.max(worst, maxDiff(cached, recomputed(m, seq)));
      seq.push(4 + Math.floor(random() * (V - 4))); // the next input: any id will do
    }
    expect(cache.length).toBe(64);
    expect(worst).toBeLessThan(1e-4);
    cache.dispose();
    m.dispose();
  });

  it("appending a prompt at once equals appending it id by id, and both continue alike", () => {
    const m = new GPT(config);
    const prompt = [2, 7, 8, 9, 10, 11];
    const whole = new KVCache(m, 1);
    const steps = new KVCache(m, 1);
    const a = read(whole.append([prompt]));
    let b: ArrayLike<number> = [];
    for (const id of prompt) b = read(steps.append([[id]]));
    expect(maxDiff(a, b)).toBeLessThan(1e-4);
    const a2 = read(whole.append([[12]]));
    const b2 = read(steps.append([[12]]));
    expect(maxDiff(a2, b2)).toBeLessThan(1e-4);
    expect(maxDiff(a2, recomputed(m, [...prompt, 12]))).toBeLessThan(1e-4);
    whole.dispose();
    steps.dispose();
    m.dispose();
  });

  it("decodes several sequences side by side, each as if alone", () => {
    const m = new GPT(config);
    const rows = [
      [2, 5, 6, 7],
      [2, 9, 9, 3],
    ];
    const cache = new KVCache(m, 2);
    const both = cache.append(rows).logits;
    const next = cache.append([[10], [11]]).logits;
    expect(both.shape).toEqual([2, V]);
    const nb = next.arraySync();
    expect(maxDiff(nb[0]!, recomputed(m, [...rows[0]!, 10]))).toBeLessThan(1e-4);
    expect(maxDiff(nb[1]!, recomputed(m, [...rows[1]!, 11]))).toBeLessThan(1e-4);
    cache.dispose();
    m.dispose();
  });

  it("returns each block's attention of the new positions, rows summing to 1, causal within a prompt", () => {
    const m = new GPT(config);
    const cache = new KVCache(m, 1);
    const r = cache.append([[2, 5, 6]], { returnWeights: true });
    expect(r.weights!.map((w) => w.shape)).toEqual([
      [1, 4, 3, 3],
      [1, 4, 3, 3],
    ]);
    const w0 = r.weights![0]!.arraySync()[0]![0]!; // head 0: [3, 3]
    expect(w0[0]![1]).toBe(0); // position 0 cannot see position 1
    for (const row of w0) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    const s = cache.append([[7]], { returnWeights: true });
    expect(s.weights![1]!.shape).toEqual([1, 4, 1, 4]);
    tf.dispose([r.logits, s.logits, ...r.weights!, ...s.weights!]);
    cache.dispose();
    m.dispose();
  });

  it("refuses to grow past the context and says what to do", () => {
    const m = new GPT({ ...config, contextLength: 4 });
    const cache = new KVCache(m, 1);
    cache.append([[2, 5, 6]]).logits.dispose();
    expect(() => cache.append([[7, 8]])).toThrow(/exceed the context of 4; reset\(\) the cache/);
    cache.reset();
    expect(cache.length).toBe(0);
    cache.append([[7, 8]]).logits.dispose();
    expect(cache.length).toBe(2);
    cache.dispose();
    m.dispose();
  });

  it("keeps its tensors when appended to inside a caller's tf.tidy", () => {
    const m = new GPT(config);
    const cache = new KVCache(m, 1);
    tf.tidy(() => {
      cache.append([[2, 5]]);
    });
    const r = cache.append([[6]]); // would throw "Tensor is disposed" if the tidy had freed the cache
    expect(maxDiff(r.logits.dataSync(), recomputed(m, [2, 5, 6]))).toBeLessThan(1e-4);
    r.logits.dispose();
    cache.dispose();
    m.dispose();
  });

  it("decodeForward without a cache equals the teacher-forced logits at the last position", () => {
    const m = new GPT(config);
    const ids = tf.tensor2d([[2, 5, 6, 7, 8, 9, 10]], undefined, "int32");
    const r = decodeForward(m, ids);
    const full = tf.tidy(() => tf.slice(m.logits(ids), [0, 6, 0], [1, 1, V]).dataSync());
    expect(maxDiff(r.logits.dataSync(), full)).toBeLessThan(1e-4);
    expect(r.present.keys[0]!.shape).toEqual([4, 7, 8]); // [B·h, t, d_k]
    tf.dispose([ids, r.logits, ...r.present.keys, ...r.present.values]);
    m.dispose();
  });

  it("leaves no tensor behind after generate() with the cache, nor after a cache is disposed", () => {
    const m = new GPT(config);
    const before = tf.memory().numTensors;
    generate(m, [5, 6], { bosId: 2, maxTokens: 20, temperature: 1, seed: 1, useCache: true });
    expect(tf.memory().numTensors).toBe(before);
    const cache = new KVCache(m, 1);
    cache.append([[2, 5, 6]]).logits.dispose();
    cache.append([[7]]).logits.dispose();
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
