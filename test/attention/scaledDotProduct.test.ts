import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import {
  chooseMatMulStrategy,
  paddingMaskFromLengths,
  scaledDotProductAttention,
} from "../../src/lib/attention";
import type { MatMulStrategy } from "../../src/lib/attention";
import { expectClose, randomArray, randomTensor, referenceAttention, values } from "./reference";

beforeAll(async () => {
  await initBackend({ log: false });
});

const STRATEGIES: MatMulStrategy[] = ["batched", "sliced"];

/** The plain composition the library must agree with: matMul(softmax(q·kᵀ/√d), v). */
function plainAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const d = q.shape[q.rank - 1]!;
  return tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d))), v);
}

interface Case {
  name: string;
  batch: number[];
  Tq: number;
  Tk: number;
  dk: number;
  dv: number;
  /** Builds the mask tensor and the matching reference mask (n, i, j) → false | additive. */
  mask?: (
    batch: number[],
    Tq: number,
    Tk: number,
  ) => { tensor: tf.Tensor; ref: (n: number, i: number, j: number) => number | false };
  causal?: boolean;
}

const causalRef = (Tq: number, Tk: number) => (i: number, j: number) => j <= i + (Tk - Tq);

const cases: Case[] = [
  { name: "2-D inputs, T_q ≠ T_k, d_k ≠ d_v", batch: [], Tq: 3, Tk: 5, dk: 4, dv: 6 },
  { name: "batch and head dims", batch: [2, 3], Tq: 4, Tk: 7, dk: 8, dv: 5 },
  { name: "21 slices (gather split)", batch: [3, 7], Tq: 5, Tk: 6, dk: 4, dv: 3 },
  { name: "causal self-attention", batch: [2], Tq: 6, Tk: 6, dk: 16, dv: 16, causal: true },
  {
    name: "causal with T_q < T_k (queries are the last positions)",
    batch: [2, 2],
    Tq: 3,
    Tk: 7,
    dk: 4,
    dv: 2,
    causal: true,
  },
  {
    name: "padding mask [B,1,1,T] from lengths",
    batch: [3, 2],
    Tq: 4,
    Tk: 5,
    dk: 6,
    dv: 7,
    mask: (batch) => {
      const lengths = [5, 2, 1];
      const heads = batch[1]!;
      return {
        tensor: paddingMaskFromLengths(lengths, 5),
        ref: (n, _i, j) => (j < lengths[Math.floor(n / heads)]! ? 0 : false),
      };
    },
  },
  {
    name: "additive [T_q, T_k] mask with finite biases and -Infinity, plus causal",
    batch: [2],
    Tq: 5,
    Tk: 5,
    dk: 3,
    dv: 4,
    causal: true,
    mask: (_b, Tq, Tk) => {
      const add = Array.from({ length: Tq * Tk }, (_, x) =>
        x % 7 === 3 ? -Infinity : ((x * 37) % 11) / 5 - 1,
      );
      add[0] = -Infinity; // query 0 sees only key 0 (causal), masked here: a fully masked row
      return {
        tensor: tf.tensor2d(add, [Tq, Tk]),
        ref: (_n, i, j) =>
          add[i * Tk + j] === -Infinity || !causalRef(Tq, Tk)(i, j) ? false : add[i * Tk + j]!,
      };
    },
  },
  {
    name: "boolean [B, H, T_q, T_k] mask with a fully masked row",
    batch: [2, 2],
    Tq: 3,
    Tk: 4,
    dk: 5,
    dv: 2,
    mask: (batch, Tq, Tk) => {
      const N = batch.reduce((a, b) => a * b, 1);
      const allowed = Array.from({ length: N * Tq * Tk }, (_, x) => (x * 7919) % 5 !== 0 && x >= Tk);
      return {
        tensor: tf.tensor(allowed, [...batch, Tq, Tk], "bool"),
        ref: (n, i, j) => (allowed[(n * Tq + i) * Tk + j] ? 0 : false),
      };
    },
  },
];

describe("scaledDotProductAttention", () => {
  for (const c of cases) {
    for (const strategy of STRATEGIES) {
      it(`matches the float64 reference: ${c.name} (${strategy})`, () => {
        const N = c.batch.reduce((a, b) => a * b, 1);
        const qa = randomArray(N * c.Tq * c.dk, 1);
        const ka = randomArray(N * c.Tk * c.dk, 2);
        const va = randomArray(N * c.Tk * c.dv, 3);
        const q = tf.tensor(Float32Array.from(qa), [...c.batch, c.Tq, c.dk]);
        const k = tf.tensor(Float32Array.from(ka), [...c.batch, c.Tk, c.dk]);
        const v = tf.tensor(Float32Array.from(va), [...c.batch, c.Tk, c.dv]);
        const m = c.mask?.(c.batch, c.Tq, c.Tk);
        const causal = c.causal ? causalRef(c.Tq, c.Tk) : undefined;
        const refMask =
          m || causal
            ? (n: number, i: number, j: number) => {
                if (causal && !causal(i, j)) return false;
                return m ? m.ref(n, i, j) : 0;
              }
            : undefined;
        // Reference runs on the float32-rounded inputs, so only the attention math differs.
        const ref = referenceAttention(q.dataSync(), k.dataSync(), v.dataSync(), { N, ...c }, refMask);
        const opts = { mask: m?.tensor, causal: c.causal, strategy };
        // Without returnWeights the sliced strategy takes its fused path (slicedAttention.ts).
        const { output } = scaledDotProductAttention(q, k, v, opts);
        const withWeights = scaledDotProductAttention(q, k, v, { ...opts, returnWeights: true });
        const weights = withWeights.weights!;
        expect(output.shape).toEqual([...c.batch, c.Tq, c.dv]);
        expect(weights.shape).toEqual([...c.batch, c.Tq, c.Tk]);
        expectClose(values(output), ref.output, 1e-5, 1e-4);
        expectClose(values(withWeights.output), ref.output, 1e-5, 1e-4);
        expectClose(values(weights), ref.weights, 1e-6, 1e-4);
        tf.dispose([q, k, v, output, withWeights.output, weights, m?.tensor]);
      });
    }
  }

  it("is stable with logits near ±1e4", () => {
    // d_k = 1, so the scores are q_i·k_j exactly: ±1e4 and 9,900.
    const q = tf.tensor2d([[100], [-100], [1]], [3, 1]);
    const k = tf.tensor2d([[100], [99], [-100]], [3, 1]);
    const v = tf.tensor2d(
      [
        [1, 0],
        [0, 1],
        [0.5, 0.5],
      ],
      [3, 2],
    );
    const ref = referenceAttention(q.dataSync(), k.dataSync(), v.dataSync(), {
      N: 1,
      Tq: 3,
      Tk: 3,
      dk: 1,
      dv: 2,
    });
    for (const strategy of STRATEGIES) {
      const { output, weights } = scaledDotProductAttention(q, k, v, { returnWeights: true, strategy });
      const w = values(weights!);
      expect(w.every(Number.isFinite)).toBe(true);
      expectClose(values(output), ref.output, 1e-6, 1e-5);
      expectClose(w, ref.weights, 1e-6, 1e-5);
      // Row 0 puts all weight on key 0 (1e4 beats 9,900 by 100); row 1 on key 2.
      expect(w[0]).toBeCloseTo(1, 6);
      expect(w[5]).toBeCloseTo(1, 6);
      tf.dispose([output, weights!]);
    }
    tf.dispose([q, k, v]);
  });

  it("gives zero output and zero gradient for fully masked query rows, not NaN", () => {
    // Rows 0 and 2 of batch 0 are fully masked; with causal and T_q > T_k query 0 sees no key either.
    const q = randomTensor([2, 4, 3], 11);
    const k = randomTensor([2, 3, 3], 12);
    const v = randomTensor([2, 3, 2], 13);
    const allowed = tf.tensor(
      [
        [
          [0, 0, 0],
          [1, 0, 1],
          [0, 0, 0],
          [1, 1, 1],
        ],
        [
          [1, 1, 1],
          [1, 1, 1],
          [1, 1, 1],
          [1, 1, 1],
        ],
      ],
      [2, 4, 3],
      "bool",
    );
    const additive = tf.where(allowed, tf.zeros([2, 4, 3]), tf.fill([2, 4, 3], -Infinity));
    for (const strategy of STRATEGIES) {
      for (const [label, mask] of [
        ["bool", allowed],
        ["additive -Infinity", additive],
      ] as const) {
        const loss = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
          tf.sum(tf.square(scaledDotProductAttention(qq, kk, vv, { mask, causal: true, strategy }).output));
        const out = values(scaledDotProductAttention(q, k, v, { mask, causal: true, strategy }).output);
        const [dq, dk, dv] = tf.grads(loss)([q, k, v]).map(values) as [
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        expect([...out, ...dq, ...dk, ...dv].every(Number.isFinite), `${label} ${strategy}: no NaN`).toBe(
          true,
        );
        // Causal with T_q=4 > T_k=3: query 0 sees keys j ≤ 0 − 1, none. Batch 0: rows 0 and 2 masked too.
        for (const [b, row] of <[number, number][]>[
          [0, 0],
          [0, 2],
          [1, 0],
        ]) {
          expect(
            Array.from(out.slice((b * 4 + row) * 2, (b * 4 + row + 1) * 2)).map(Math.abs),
            `${label} output row ${b},${row}`,
          ).toEqual([0, 0]);
          expect(
            Array.from(dq.slice((b * 4 + row) * 3, (b * 4 + row + 1) * 3)).map(Math.abs),
            `${label} dq row ${b},${row}`,
          ).toEqual([0, 0, 0]);
        }
        // A visible row still gets a gradient.
        expect(dq.slice(3 * 3, 4 * 3).some((x) => x !== 0)).toBe(true);
      }
    }
    tf.dispose([q, k, v, allowed, additive]);
  });

  it("is causal: outputs at t do not change when inputs after t change", () => {
    const x = randomTensor([2, 8, 4], 21);
    const t = 4;
    const noise = tf.concat([tf.zeros([2, t + 1, 4]), randomTensor([2, 8 - t - 1, 4], 22, 5)], 1);
    const x2 = tf.add(x, noise);
    for (const strategy of STRATEGIES) {
      const a = scaledDotProductAttention(x, x, x, { causal: true, strategy }).output;
      const b = scaledDotProductAttention(x2, x2, x2, { causal: true, strategy }).output;
      const head = (o: tf.Tensor) => values(tf.slice(o, [0, 0, 0], [2, t + 1, 4]));
      expectClose(head(b), head(a), 1e-7, 0);
      // ...while later outputs do change (the test can fail).
      const tail = (o: tf.Tensor) => values(tf.slice(o, [0, t + 1, 0], [2, 8 - t - 1, 4]));
      expect(tail(a).some((val, i) => Math.abs(val - tail(b)[i]!) > 1e-3)).toBe(true);
    }
    tf.dispose([x, noise, x2]);
  });

  it("is permutation-equivariant without a mask: permuting the tokens permutes the outputs", () => {
    const x = randomTensor([2, 6, 5], 31);
    const perm = [3, 0, 5, 1, 4, 2];
    const idx = tf.tensor1d(perm, "int32");
    const xp = tf.gather(x, idx, 1);
    for (const strategy of STRATEGIES) {
      const out = scaledDotProductAttention(x, x, x, { strategy }).output;
      const outP = scaledDotProductAttention(xp, xp, xp, { strategy }).output;
      expectClose(values(outP), values(tf.gather(out, idx, 1)), 1e-6, 1e-5);
    }
    tf.dispose([x, idx, xp]);
  });

  it("has gradients equal to central finite differences of the float64 reference", () => {
    const dims = { N: 2, Tq: 3, Tk: 4, dk: 3, dv: 2 };
    const qa = randomArray(dims.N * dims.Tq * dims.dk, 41);
    const ka = randomArray(dims.N * dims.Tk * dims.dk, 42);
    const va = randomArray(dims.N * dims.Tk * dims.dv, 43);
    const ra = randomArray(dims.N * dims.Tq * dims.dv, 44); // loss = Σ output ⊙ r
    const bias = [0.3, -0.2, 0, 0.5, -1, 0.1, 0.4, 0, 0.2, -0.3, 0.7, 0.1];
    const maskRef = (_n: number, i: number, j: number) => (j > i + 1 ? false : bias[i * 4 + j]!);
    const lossRef = (q: Float64Array, k: Float64Array, v: Float64Array) =>
      referenceAttention(q, k, v, dims, maskRef).output.reduce((s, o, i) => s + o * ra[i]!, 0);
    const fd = (which: 0 | 1 | 2) => {
      const arrs = [qa, ka, va];
      const x = arrs[which]!;
      return x.map((_, i) => {
        const h = 1e-5;
        const plus = arrs.map((a) => Float64Array.from(a));
        const minus = arrs.map((a) => Float64Array.from(a));
        plus[which]![i]! += h;
        minus[which]![i]! -= h;
        return (lossRef(plus[0]!, plus[1]!, plus[2]!) - lossRef(minus[0]!, minus[1]!, minus[2]!)) / (2 * h);
      });
    };
    const expected = [fd(0), fd(1), fd(2)];
    const q = tf.tensor3d(Float32Array.from(qa), [2, 3, 3]);
    const k = tf.tensor3d(Float32Array.from(ka), [2, 4, 3]);
    const v = tf.tensor3d(Float32Array.from(va), [2, 4, 2]);
    const r = tf.tensor3d(Float32Array.from(ra), [2, 3, 2]);
    // causal with T_q=3 < T_k=4 allows j ≤ i + 1, matching maskRef.
    const mask = tf.tensor2d(bias, [3, 4]);
    for (const strategy of STRATEGIES) {
      const grads = tf.grads((qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
        tf.sum(tf.mul(scaledDotProductAttention(qq, kk, vv, { mask, causal: true, strategy }).output, r)),
      )([q, k, v]);
      grads.forEach((g, i) => expectClose(values(g), expected[i]!, 1e-4, 1e-3));
      tf.dispose(grads);
    }
    tf.dispose([q, k, v, r, mask]);
  });

  it("agrees with the plain composition at B·H=32, T=128, d=32, forward and gradients (sliced vs batched)", () => {
    const q = randomTensor([4, 8, 128, 32], 51);
    const k = randomTensor([4, 8, 128, 32], 52);
    const v = randomTensor([4, 8, 128, 32], 53);
    const r = randomTensor([4, 8, 128, 32], 54);
    const plain = plainAttention(q, k, v);
    const plainGrads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(plainAttention(a, b, c), r)),
    )([q, k, v]);
    for (const strategy of ["auto", ...STRATEGIES] as const) {
      const out = scaledDotProductAttention(q, k, v, { strategy }).output;
      expectClose(values(out), values(plain), 1e-5, 1e-4);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(tf.mul(scaledDotProductAttention(a, b, c, { strategy }).output, r)),
      )([q, k, v]);
      grads.forEach((g, i) => expectClose(values(g), values(plainGrads[i]!), 1e-4, 1e-3));
      tf.dispose([out, ...grads]);
    }
    tf.dispose([q, k, v, r, plain, ...plainGrads]);
  });

  it("leaks no tensors in a forward pass or a gradient (fused, generic, dropout paths)", () => {
    const q = randomTensor([2, 2, 5, 4], 61);
    const k = randomTensor([2, 2, 6, 4], 62);
    const v = randomTensor([2, 2, 6, 3], 63);
    const mask = paddingMaskFromLengths([6, 3], 6);
    for (const strategy of STRATEGIES) {
      for (const extra of [{}, { returnWeights: true }, { dropout: 0.1, seed: 1 }]) {
        const opts = { mask, causal: true, strategy, ...extra };
        const before = tf.memory().numTensors;
        const { output, weights } = scaledDotProductAttention(q, k, v, opts);
        expect(tf.memory().numTensors).toBe(before + (weights ? 2 : 1));
        tf.dispose([output, ...(weights ? [weights] : [])]);
        expect(tf.memory().numTensors).toBe(before);
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(scaledDotProductAttention(a, b, c, opts).output),
        )([q, k, v]);
        expect(tf.memory().numTensors).toBe(before + 3);
        tf.dispose(grads);
        expect(tf.memory().numTensors).toBe(before);
      }
    }
    tf.dispose([q, k, v, mask]);
  });

  it("slices on wasm only where measured faster: from T_q and T_k ≥ 32, or a single slice", () => {
    const shapes = (batchSize: number, Tq: number, Tk: number) => ({ batchSize, Tq, Tk, dk: 32, dv: 32 });
    expect(chooseMatMulStrategy("wasm", shapes(256, 32, 32))).toBe("sliced");
    expect(chooseMatMulStrategy("wasm", shapes(32, 128, 128))).toBe("sliced");
    expect(chooseMatMulStrategy("wasm", shapes(256, 24, 24))).toBe("batched");
    expect(chooseMatMulStrategy("wasm", shapes(64, 1, 2048))).toBe("batched"); // one query: decoding
    expect(chooseMatMulStrategy("wasm", shapes(1, 4, 4))).toBe("sliced"); // one slice: a plain 2-D product
    for (const backend of ["cpu", "tensorflow", "webgl", "webgpu"]) {
      expect(chooseMatMulStrategy(backend, shapes(32, 128, 128))).toBe("batched");
    }
  });

  it("applies seeded dropout to the weights only when asked", () => {
    const q = randomTensor([2, 6, 4], 71);
    const { output: a } = scaledDotProductAttention(q, q, q, { dropout: 0.5, seed: 7 });
    const { output: b } = scaledDotProductAttention(q, q, q, { dropout: 0.5, seed: 7 });
    const { output: c } = scaledDotProductAttention(q, q, q);
    expectClose(values(a), values(b), 0, 0);
    expect(values(a).some((x, i) => Math.abs(x - values(c)[i]!) > 1e-3)).toBe(true);
    expect(() => scaledDotProductAttention(q, q, q, { dropout: 1 })).toThrow(
      /dropout must be in \[0, 1\), got 1/,
    );
    tf.dispose([q, a, b, c]);
  });

  describe("shape errors name the shapes", () => {
    const t = (shape: number[]) => tf.zeros(shape);
    const cases: [string, () => unknown, RegExp][] = [
      [
        "d_k mismatch",
        () => scaledDotProductAttention(t([2, 4, 5, 8]), t([2, 4, 6, 16]), t([2, 4, 6, 8])),
        /d_k mismatch.*q \[2,4,5,8\], k \[2,4,6,16\], v \[2,4,6,8\]/,
      ],
      [
        "wrong rank",
        () => scaledDotProductAttention(t([8]), t([6, 8]), t([6, 8])),
        /same rank ≥ 2.*q \[8\], k \[6,8\], v \[6,8\]/,
      ],
      [
        "rank differs",
        () => scaledDotProductAttention(t([2, 5, 8]), t([6, 8]), t([6, 8])),
        /same rank.*q \[2,5,8\], k \[6,8\]/,
      ],
      [
        "T_k mismatch",
        () => scaledDotProductAttention(t([5, 8]), t([6, 8]), t([7, 3])),
        /T_k mismatch: .*k has 6, v has 7.*v \[7,3\]/,
      ],
      [
        "batch dims differ",
        () => scaledDotProductAttention(t([2, 5, 8]), t([3, 6, 8]), t([3, 6, 8])),
        /leading \(batch\/head\) dims \[2\].*k \[3,6,8\]/,
      ],
      [
        "mask not broadcastable",
        () => scaledDotProductAttention(t([2, 5, 8]), t([2, 6, 8]), t([2, 6, 8]), { mask: t([5, 5]) }),
        /mask \[5,5\] is not broadcastable to \[\.\.\., T_q, T_k\] = \[2,5,6\]/,
      ],
      [
        "mask of higher rank",
        () => scaledDotProductAttention(t([5, 8]), t([6, 8]), t([6, 8]), { mask: t([2, 5, 6]) }),
        /mask \[2,5,6\] is not broadcastable to .* = \[5,6\]/,
      ],
    ];
    for (const [name, f, re] of cases) it(name, () => expect(f).toThrow(re));
  });
});
