import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import {
  causalMask,
  chunkedAttention,
  paddingMaskFromLengths,
  scaledDotProductAttention,
} from "../../src/lib/attention";
import { isolateNonFiniteKeys, maskToBias, mayHoldNonFinite } from "../../src/lib/attention/masks";
import { expectClose, randomTensor, values } from "./reference";

beforeAll(async () => {
  await initBackend({ log: false });
});

// Keys masked for SOME queries only (causal masks): a NaN or ±∞ in such a key or value row must
// not reach the queries it is masked for (0·NaN = NaN in weights·V; NaN + bias = NaN in the scores).
const [B, H, T, d] = [2, 2, 40, 4]; // T ≥ 32: the sliced strategy's fused path runs on wasm
const [p1, p2] = [20, 30]; // rows holding non-finite values; queries before p1 may see neither
/** [b, h, row, column, value]: a NaN and an ∞ in a key row and in a value row at each of p1 and p2. */
const keyBad: [number, number, number, number, number][] = [
  [0, 0, p1, 1, NaN],
  [1, 1, p1, 3, Infinity],
  [1, 0, p2, 2, -Infinity],
];
const valueBad: [number, number, number, number, number][] = [
  [1, 1, p1, 2, Infinity],
  [0, 1, p2, 0, NaN],
  [0, 0, p2, 3, NaN],
];

/** x [B, H, T, d] with the entries of `bad` set. */
function withBad(x: tf.Tensor, bad: typeof keyBad): tf.Tensor {
  const buf = x.bufferSync();
  const out = tf.buffer(x.shape, "float32", Float32Array.from(buf.values as Float32Array));
  for (const [b, h, t, c, value] of bad) out.set(value, b, h, t, c);
  return out.toTensor();
}

/** x [B, H, T, d] with rows p1 and p2 set to zero. */
function withZeroRows(x: tf.Tensor): tf.Tensor {
  const buf = x.bufferSync();
  const out = tf.buffer(x.shape, "float32", Float32Array.from(buf.values as Float32Array));
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) for (const t of [p1, p2]) for (let c = 0; c < d; c++) out.set(0, b, h, t, c);
  return out.toTensor();
}

type Attend = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor;
interface Variant {
  /** Query rows (the LAST Tq positions of the T keys). */
  Tq: number;
  attend: Attend;
  /** Also checks the returned weights of these rows. */
  weights?: (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor;
}

const sdpa = (options: Parameters<typeof scaledDotProductAttention>[3]) => ({
  attend: ((q, k, v) => scaledDotProductAttention(q, k, v, options).output) as Attend,
});
const lowerTriangle = () => causalMask(T); // bool [T, T], what GPT.hidden passes
const additiveCausal = () => tf.tidy(() => tf.where(causalMask(T), tf.scalar(0), tf.scalar(-Infinity))); // float [T, T]
const padding = () => paddingMaskFromLengths([T, 36], T); // [B, 1, 1, T]: p1 and p2 are real positions

const variants: [string, Variant][] = [
  ["batched, causal", { Tq: T, ...sdpa({ causal: true, strategy: "batched" }) }],
  ["sliced (fused), causal", { Tq: T, ...sdpa({ causal: true, strategy: "sliced" }) }],
  [
    "sliced, causal, returning weights",
    {
      Tq: T,
      ...sdpa({ causal: true, strategy: "sliced", returnWeights: true }),
      weights: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { causal: true, strategy: "sliced", returnWeights: true })
          .weights!,
    },
  ],
  [
    "batched, lower-triangular bool mask (as GPT.hidden)",
    {
      Tq: T,
      attend: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { mask: lowerTriangle(), strategy: "batched" }).output,
    },
  ],
  [
    "sliced (fused), lower-triangular bool mask (as GPT.hidden)",
    {
      Tq: T,
      attend: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { mask: lowerTriangle(), strategy: "sliced" }).output,
    },
  ],
  [
    "sliced (fused), additive -∞ causal mask",
    {
      Tq: T,
      attend: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { mask: additiveCausal(), strategy: "sliced" }).output,
    },
  ],
  [
    "batched, causal and padding",
    {
      Tq: T,
      attend: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { mask: padding(), causal: true, strategy: "batched" }).output,
    },
  ],
  [
    "sliced (fused), causal and padding",
    {
      Tq: T,
      attend: (q, k, v) =>
        scaledDotProductAttention(q, k, v, { mask: padding(), causal: true, strategy: "sliced" }).output,
    },
  ],
  [
    "sliced (fused), causal, 33 queries after 7 cached keys",
    { Tq: 33, ...sdpa({ causal: true, strategy: "sliced" }) },
  ],
  [
    "batched, causal, 24 queries after 16 cached keys",
    { Tq: 24, ...sdpa({ causal: true, strategy: "batched" }) },
  ],
  [
    "chunked, causal",
    { Tq: T, attend: (q, k, v) => chunkedAttention(q, k, v, { causal: true, chunkSize: 16 }) },
  ],
  [
    "chunked, lower-triangular bool mask",
    { Tq: T, attend: (q, k, v) => chunkedAttention(q, k, v, { mask: lowerTriangle(), chunkSize: 16 }) },
  ],
  [
    "chunked, causal and padding, one chunk",
    { Tq: T, attend: (q, k, v) => chunkedAttention(q, k, v, { mask: padding(), causal: true }) },
  ],
];

describe("keys masked for some queries only contribute exactly zero to those queries, even when NaN or ∞", () => {
  it.each(variants)(
    "%s: earlier queries' outputs and all gradients equal those with zero rows",
    (_, { Tq, attend, weights }) => {
      const offset = T - Tq; // query i sits at position i + offset
      const early = p1 - offset; // query rows [0, early) may attend neither p1 nor p2
      const [q, k, v] = [1, 2, 3].map((seed, i) => randomTensor([B, H, i === 0 ? Tq : T, d], seed));
      // The loss reads the earlier queries only: dO is zero from row `early` on.
      const dO = tf.tidy(() => {
        const rows = tf.reshape(tf.less(tf.range(0, Tq, 1, "int32"), early), [1, 1, Tq, 1]);
        return tf.where(rows, randomTensor([B, H, Tq, d], 4), tf.zeros([B, H, Tq, d]));
      });
      const [kBad, vBad, kZero, vZero] = [
        withBad(k!, keyBad),
        withBad(v!, valueBad),
        withZeroRows(k!),
        withZeroRows(v!),
      ];
      const before = tf.memory().numTensors;
      const run = (kk: tf.Tensor, vv: tf.Tensor) =>
        tf.tidy(() => {
          const output = attend(q!, kk, vv);
          const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => attend(a, b, c))(
            [q!, kk, vv],
            dO,
          );
          return [output, ...grads, ...(weights ? [weights(q!, kk, vv)] : [])];
        });
      const got = run(kBad, vBad);
      const want = run(kZero, vZero);
      const [out, wantOut] = [values(got[0]!), values(want[0]!)];
      // Outputs of the earlier queries: finite and equal to those with zero rows.
      const earlyRows = (x: Float64Array, width: number) =>
        Array.from({ length: B * H }, (_, s) =>
          Array.from(x.subarray(s * Tq * width, (s * Tq + early) * width)),
        ).flat();
      const earlyOut = earlyRows(out, d);
      expect(earlyOut.every(Number.isFinite), "an earlier query's output is not finite").toBe(true);
      expectClose(earlyOut, earlyRows(wantOut, d), 1e-6, 0);
      // Gradients w.r.t. q, k and v: finite everywhere and equal to those with zero rows.
      ["q", "k", "v"].forEach((name, i) => {
        const g = values(got[i + 1]!);
        expect(g.every(Number.isFinite), `∂/∂${name} is not finite`).toBe(true);
        expectClose(g, values(want[i + 1]!), 1e-6, 0);
      });
      if (weights) {
        const w = earlyRows(values(got[4]!), T);
        expect(w.every(Number.isFinite), "an earlier query's weights are not finite").toBe(true);
        expectClose(w, earlyRows(values(want[4]!), T), 1e-6, 0);
      }
      // A query that may attend a NaN or ∞ key or value is not silently repaired: slice (0, 0) holds a
      // NaN key at p1, so its outputs from p1 on are not finite.
      const slice00 = Array.from(out.subarray(early * d, Tq * d));
      expect(
        slice00.some((x) => !Number.isFinite(x)),
        "a query attending a NaN key gave a finite output",
      ).toBe(true);
      // Nor is the gradient of a loss that reads such a query (it was finite, as if the NaN were 0).
      const gradsReadingAll = tf.tidy(() =>
        tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => attend(a, b, c))(
          [q!, kBad, vBad],
          tf.onesLike(got[0]!),
        ),
      );
      expect(
        gradsReadingAll.some((g) => !values(g).every(Number.isFinite)),
        "a loss reading a query that attends a NaN key got finite gradients",
      ).toBe(true);
      tf.dispose([...got, ...want, ...gradsReadingAll]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([q!, k!, v!, dO, kBad, vBad, kZero, vZero]);
    },
  );
});

describe("isolateNonFiniteKeys (the exact path; GPU backends take it without reading the data)", () => {
  const Tk = 6;
  const k = () =>
    tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, NaN],
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ]); // [1, T_k, 2]
  const v = () => tf.tensor3d([[[1], [2], [3], [4], [Infinity], [6]]]); // [1, T_k, 1]: rows 2 and 4 are bad
  const poisonOf = (r: { poison: tf.Tensor }) =>
    Array.from(r.poison.dataSync(), (x) => (Number.isNaN(x) ? "NaN" : x));

  it("leaves finite keys and values unchanged and poisons no query", () => {
    const [kk, vv] = [
      tf.tensor3d([
        [
          [1, 2],
          [3, 4],
        ],
      ]),
      tf.tensor3d([[[5], [6]]]),
    ];
    const r = isolateNonFiniteKeys(kk, vv, maskToBias(causalMask(2)), false, 2);
    expect(Array.from(r.keys.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(r.values.dataSync())).toEqual([5, 6]);
    expect(poisonOf(r)).toEqual([0, 0]);
    tf.dispose([kk, vv, r.keys, r.values, r.poison]);
  });

  it.each([
    ["causal flag, 5 queries after 1 cached key", undefined, true, 5, [0, "NaN", "NaN", "NaN", "NaN"]],
    ["causal flag, 6 queries", undefined, true, 6, [0, 0, "NaN", "NaN", "NaN", "NaN"]],
    // More queries than keys: query i may attend keys j ≤ i − 2 (a negative slice start before).
    ["causal flag, 8 queries over 6 keys", undefined, true, 8, [0, 0, 0, 0, "NaN", "NaN", "NaN", "NaN"]],
    [
      "a [T_q, T_k] causal bool mask",
      () => maskToBias(causalMask(6)),
      false,
      6,
      [0, 0, "NaN", "NaN", "NaN", "NaN"],
    ],
    // Keys 0–1 only for query 0, keys 3 and 5 only for query 1, every key for query 2.
    [
      "a mask varying along the queries",
      () =>
        maskToBias(
          tf.tensor2d(
            [
              [1, 1, 0, 0, 0, 0],
              [0, 0, 0, 1, 0, 1],
              [1, 1, 1, 1, 1, 1],
            ],
            [3, Tk],
            "bool",
          ),
        ),
      false,
      3,
      [0, 0, "NaN"],
    ],
    [
      "a padding mask hiding key 4, with the causal flag",
      () => maskToBias(paddingMaskFromLengths([4], Tk)),
      true,
      6,
      [0, 0, "NaN", "NaN", "NaN", "NaN"],
    ],
  ] as const)("%s: NaN exactly for the queries that may attend a bad row", (_, bias, causal, Tq, want) => {
    const [kk, vv, b] = [k(), v(), bias?.()];
    const r = isolateNonFiniteKeys(kk, vv, b, causal, Tq);
    expect(poisonOf(r)).toEqual(want);
    expect(Array.from(r.keys.dataSync())).toEqual([1, 2, 3, 4, 5, 0, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(r.values.dataSync())).toEqual([1, 2, 3, 4, 0, 6]);
    tf.dispose([kk, vv, r.keys, r.values, r.poison, ...(b ? [b] : [])]);
  });

  it("mayHoldNonFinite reads the data on wasm and cpu", () => {
    const [a, bad] = [tf.ones([2, 3]), tf.tensor1d([1, -Infinity])];
    expect(mayHoldNonFinite(a, a)).toBe(false);
    expect(mayHoldNonFinite(a, bad)).toBe(true);
    tf.dispose([a, bad]);
  });
});
