import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import { chunkedAttention, paddingMaskFromLengths, scaledDotProductAttention } from "../../src/lib/attention";
import type { MatMulStrategy } from "../../src/lib/attention";
import { expectClose, randomTensor, referenceAttention, values } from "./reference";

beforeAll(async () => {
  await initBackend({ log: false });
});

interface Case {
  name: string;
  batch: number[];
  Tq: number;
  Tk: number;
  d: number;
  chunkSize: number;
  causal?: boolean;
  mask?: () => tf.Tensor;
}

const cases: Case[] = [
  { name: "no mask, chunk divides T_k", batch: [2, 2], Tq: 8, Tk: 8, d: 4, chunkSize: 4 },
  { name: "T_q ≠ T_k, ragged last chunk", batch: [3], Tq: 5, Tk: 7, d: 3, chunkSize: 3 },
  { name: "one chunk larger than T_k", batch: [2], Tq: 4, Tk: 6, d: 5, chunkSize: 64 },
  { name: "chunk of one key", batch: [2], Tq: 3, Tk: 4, d: 2, chunkSize: 1 },
  { name: "causal", batch: [2, 3], Tq: 9, Tk: 9, d: 4, chunkSize: 4, causal: true },
  {
    name: "causal with T_q > T_k (fully masked first rows)",
    batch: [2],
    Tq: 6,
    Tk: 4,
    d: 3,
    chunkSize: 2,
    causal: true,
  },
  {
    name: "padding mask [B,1,1,T] and causal",
    batch: [3, 2],
    Tq: 7,
    Tk: 7,
    d: 4,
    chunkSize: 3,
    causal: true,
    mask: () => paddingMaskFromLengths([7, 3, 5], 7),
  },
  {
    name: "additive [T_q, T_k] mask with -Infinity and a fully masked row",
    batch: [2],
    Tq: 4,
    Tk: 6,
    d: 3,
    chunkSize: 4,
    mask: () =>
      tf.tensor2d(
        Array.from({ length: 24 }, (_, x) => (x < 6 || x % 5 === 2 ? -Infinity : (x % 3) - 1)),
        [4, 6],
      ),
  },
];

describe("chunkedAttention", () => {
  for (const c of cases) {
    for (const strategy of ["batched", "sliced"] as MatMulStrategy[]) {
      it(`equals standard attention, forward and gradients: ${c.name} (${strategy})`, () => {
        const q = randomTensor([...c.batch, c.Tq, c.d], 1);
        const k = randomTensor([...c.batch, c.Tk, c.d], 2);
        const v = randomTensor([...c.batch, c.Tk, c.d + 1], 3);
        const r = randomTensor([...c.batch, c.Tq, c.d + 1], 4);
        const mask = c.mask?.();
        const opts = { mask, causal: c.causal, strategy };
        const standard = scaledDotProductAttention(q, k, v, opts).output;
        const chunked = chunkedAttention(q, k, v, { ...opts, chunkSize: c.chunkSize });
        expect(chunked.shape).toEqual(standard.shape);
        expectClose(values(chunked), values(standard), 1e-6, 1e-5);
        const grads = (f: (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => tf.Tensor) =>
          tf.grads((a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => tf.sum(tf.mul(f(a, b, cc), r)))([q, k, v]);
        const gStd = grads((a, b, cc) => scaledDotProductAttention(a, b, cc, opts).output);
        const gChunk = grads((a, b, cc) => chunkedAttention(a, b, cc, { ...opts, chunkSize: c.chunkSize }));
        gChunk.forEach((g, i) => {
          const gv = values(g);
          expect(gv.every(Number.isFinite)).toBe(true);
          expectClose(gv, values(gStd[i]!), 1e-5, 1e-4);
        });
        tf.dispose([q, k, v, r, standard, chunked, ...gStd, ...gChunk, ...(mask ? [mask] : [])]);
      });
    }
  }

  it("matches the float64 reference directly (causal, T=10, chunk 4)", () => {
    const q = randomTensor([2, 10, 3], 5);
    const k = randomTensor([2, 10, 3], 6);
    const v = randomTensor([2, 10, 2], 7);
    const ref = referenceAttention(
      q.dataSync(),
      k.dataSync(),
      v.dataSync(),
      { N: 2, Tq: 10, Tk: 10, dk: 3, dv: 2 },
      (_n, i, j) => (j <= i ? 0 : false),
    );
    const out = chunkedAttention(q, k, v, { causal: true, chunkSize: 4 });
    expectClose(values(out), ref.output, 1e-6, 1e-5);
    tf.dispose([q, k, v, out]);
  });

  it("gives zeros and zero gradient for fully masked rows", () => {
    const q = randomTensor([1, 3, 2], 8);
    const k = randomTensor([1, 5, 2], 9);
    const v = randomTensor([1, 5, 2], 10);
    const mask = tf.tensor([[[false], [true], [false]]], [1, 3, 1], "bool"); // rows 0 and 2 see nothing
    const out = values(chunkedAttention(q, k, v, { mask, chunkSize: 2 }));
    expect([out[0]!, out[1]!, out[4]!, out[5]!].map(Math.abs)).toEqual([0, 0, 0, 0]);
    expect(out[2]).not.toBe(0);
    const [dq, dk] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(chunkedAttention(a, b, v, { mask, chunkSize: 2 })),
    )([q, k]);
    const dqv = values(dq!);
    expect([...dqv, ...values(dk!)].every(Number.isFinite)).toBe(true);
    expect([dqv[0]!, dqv[1]!, dqv[4]!, dqv[5]!].map(Math.abs)).toEqual([0, 0, 0, 0]);
    tf.dispose([q, k, v, mask, dq!, dk!]);
  });

  it("needs O(T·chunk) peak memory, not O(T²): doubling T doubles its peak, and quadruples standard's", async () => {
    const peak = async (f: () => tf.Tensor | tf.Tensor[]) => {
      const before = tf.memory().numBytes;
      const p = await tf.profile(f);
      tf.dispose(p.result as tf.Tensor | tf.Tensor[]);
      return p.peakBytes - before;
    };
    const measure = async (T: number) => {
      const [q, k, v] = [1, 2, 3].map((s) => randomTensor([2, T, 16], s));
      const grad = (f: (a: tf.Tensor) => tf.Tensor) => () => tf.grads((a: tf.Tensor) => tf.sum(f(a)))([q!]);
      // The batched strategy on every backend, so the comparison does not depend on the backend.
      const std = (a: tf.Tensor) => scaledDotProductAttention(a, k!, v!, { strategy: "batched" }).output;
      const chunked = (a: tf.Tensor) => chunkedAttention(a, k!, v!, { chunkSize: 64, strategy: "batched" });
      const result = {
        std: await peak(() => std(q!)),
        chunked: await peak(() => chunked(q!)),
        stdGrad: await peak(grad(std)),
        chunkedGrad: await peak(grad(chunked)),
      };
      tf.dispose([q!, k!, v!]);
      return result;
    };
    const small = await measure(256);
    const large = await measure(512);
    const scoresBytes = 2 * 512 * 512 * 4; // one [2, 512, 512] float32 tensor
    expect(large.std).toBeGreaterThanOrEqual(scoresBytes);
    expect(large.stdGrad).toBeGreaterThanOrEqual(2 * scoresBytes);
    expect(large.std / small.std).toBeGreaterThan(3.2);
    expect(large.stdGrad / small.stdGrad).toBeGreaterThan(3.2);
    expect(large.chunked / small.chunked).toBeLessThan(2.6);
    expect(large.chunkedGrad / small.chunkedGrad).toBeLessThan(2.6);
    expect(large.chunked).toBeLessThan(large.std / 4);
    expect(large.chunkedGrad).toBeLessThan(large.stdGrad / 2.5);
  });

  it("leaks no tensors in a forward pass or a gradient", () => {
    const [q, k, v] = [1, 2, 3].map((s) => randomTensor([2, 6, 4], s));
    const mask = paddingMaskFromLengths([6, 4], 6);
    const m3 = tf.reshape(mask, [2, 1, 6]);
    const before = tf.memory().numTensors;
    const out = chunkedAttention(q!, k!, v!, { mask: m3, causal: true, chunkSize: 4 });
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(chunkedAttention(a, b, c, { mask: m3, causal: true, chunkSize: 4 })),
    )([q!, k!, v!]);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q!, k!, v!, mask, m3]);
  });

  it("rejects a bad chunk size and bad shapes with messages naming them", () => {
    const x = tf.zeros([2, 4, 3]);
    expect(() => chunkedAttention(x, x, x, { chunkSize: 0 })).toThrow(
      /chunkSize must be an integer ≥ 1, got 0/,
    );
    expect(() => chunkedAttention(x, tf.zeros([2, 4, 5]), x)).toThrow(
      /chunkedAttention: d_k mismatch.*k \[2,4,5\]/,
    );
    expect(() => chunkedAttention(x, x, x, { mask: tf.zeros([3, 4]) })).toThrow(
      /mask \[3,4\] is not broadcastable/,
    );
  });
});
