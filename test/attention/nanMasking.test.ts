import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import {
  TransformerEncoder,
  chunkedAttention,
  paddingMaskFromLengths,
  scaledDotProductAttention,
} from "../../src/lib/attention";
import { expectClose, randomTensor, values } from "./reference";

beforeAll(async () => {
  await initBackend({ log: false });
});

const [B, H, T, d] = [2, 2, 40, 4]; // T ≥ 32: the sliced strategy's fused path runs on wasm
const lengths = [25, 40];

/** x [B, H, T, d] with the rows of padded positions (t ≥ lengths[b]) replaced by `fill` (NaN or 0). */
function fillPadded(x: tf.Tensor, fill: number): tf.Tensor {
  return tf.tidy(() => {
    const pos = tf.reshape(tf.range(0, T, 1, "int32"), [1, 1, T, 1]);
    const lens = tf.reshape(tf.tensor1d(lengths, "int32"), [B, 1, 1, 1]);
    return tf.where(tf.less(pos, lens), x, tf.fill(x.shape, fill));
  });
}

type Attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor) => tf.Tensor;
const variants: [string, Attend][] = [
  ["batched", (q, k, v, mask) => scaledDotProductAttention(q, k, v, { mask, strategy: "batched" }).output],
  [
    "sliced (fused)",
    (q, k, v, mask) => scaledDotProductAttention(q, k, v, { mask, strategy: "sliced" }).output,
  ],
  [
    "sliced, returning weights",
    (q, k, v, mask) =>
      scaledDotProductAttention(q, k, v, { mask, strategy: "sliced", returnWeights: true }).output,
  ],
  [
    "batched, causal",
    (q, k, v, mask) => scaledDotProductAttention(q, k, v, { mask, causal: true, strategy: "batched" }).output,
  ],
  [
    "sliced, causal",
    (q, k, v, mask) => scaledDotProductAttention(q, k, v, { mask, causal: true, strategy: "sliced" }).output,
  ],
  ["chunked", (q, k, v, mask) => chunkedAttention(q, k, v, { mask, chunkSize: 16 })],
];

describe("masked keys contribute exactly zero, even when their key and value rows are NaN", () => {
  it.each(variants)(
    "%s: outputs and gradients equal those with zero rows, with zero gradient on them",
    (_, attend) => {
      const mask = paddingMaskFromLengths(lengths, T); // [B, 1, 1, T]
      const [q, k, v, dO] = [1, 2, 3, 4].map((seed) => randomTensor([B, H, T, d], seed));
      const [kNaN, vNaN, kZero, vZero] = [
        fillPadded(k!, NaN),
        fillPadded(v!, NaN),
        fillPadded(k!, 0),
        fillPadded(v!, 0),
      ];
      const before = tf.memory().numTensors;
      const run = (kk: tf.Tensor, vv: tf.Tensor) =>
        tf.tidy(() => {
          const output = attend(q!, kk, vv, mask);
          const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => attend(a, b, c, mask))(
            [q!, kk, vv],
            dO!,
          );
          return [output, ...grads];
        });
      const got = run(kNaN, vNaN);
      const want = run(kZero, vZero);
      got.forEach((t, i) => {
        const g = values(t);
        expect(g.some(Number.isNaN), `result ${i} has NaN`).toBe(false);
        expectClose(g, values(want[i]!), 1e-6);
      });
      // ∂/∂k and ∂/∂v of padded rows are exactly zero.
      for (const grad of [got[2]!, got[3]!]) {
        const zeroed = fillPadded(grad, 0);
        expect(values(zeroed)).toEqual(values(grad));
        zeroed.dispose();
      }
      tf.dispose([...got, ...want]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([mask, q!, k!, v!, dO!, kNaN, vNaN, kZero, vZero]);
    },
  );
});

describe("a NaN embedding at padded positions stays at those positions", () => {
  it("a 2-block encoder gives the real positions the same outputs as with zero padding embeddings", () => {
    const enc = new TransformerEncoder({ dModel: 8, heads: 2, dFF: 16, layers: 2, seed: 3 });
    const mask = paddingMaskFromLengths(lengths, T); // [B, 1, 1, T]
    const x = randomTensor([B, T, 8], 9);
    const rows = (fill: number) =>
      tf.tidy(() => {
        const pos = tf.reshape(tf.range(0, T, 1, "int32"), [1, T, 1]);
        const lens = tf.reshape(tf.tensor1d(lengths, "int32"), [B, 1, 1]);
        return tf.where(tf.less(pos, lens), x, tf.fill(x.shape, fill));
      });
    const [xNaN, xZero] = [rows(NaN), rows(0)];
    const [got, want] = [enc.apply(xNaN, { mask }), enc.apply(xZero, { mask })];
    const [g, w] = [values(got), values(want)];
    for (let b = 0; b < B; b++)
      for (let t = 0; t < lengths[b]!; t++)
        for (let c = 0; c < 8; c++) {
          const i = (b * T + t) * 8 + c;
          expect(Number.isNaN(g[i]!), `output [${b}, ${t}, ${c}] is NaN`).toBe(false);
          expect(Math.abs(g[i]! - w[i]!)).toBeLessThan(1e-5);
        }
    tf.dispose([mask, x, xNaN, xZero, got, want]);
    enc.dispose();
  });
});
