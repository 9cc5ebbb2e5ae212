// The WebAssembly attention kernel (src/lib/attention/kernel/fusedAttention.as.ts) against a float64
// reference, forward and gradients, at shapes that reach every branch of its products (full 4×8
// tiles, leftover rows and columns, query blocks of 64 rows and the last partial block), with each
// bias layout slicedAttention passes; and the fallback on tfjs products that runs without it.
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import { fusedAttentionKernel, kernelAttention } from "../../src/lib/attention/fusedAttentionKernel";
import { FUSED_ATTENTION_WASM } from "../../src/lib/attention/kernel/fusedAttentionWasm";
import { productsAttention, slicedAttention } from "../../src/lib/attention/slicedAttention";
import { expectClose, randomArray, values } from "./reference";

let initial = "";
beforeAll(async () => {
  initial = (await initBackend({ backend: "wasm", log: false })).id;
});
afterAll(async () => {
  await tf.setBackend(initial);
});

interface Dims {
  N: number;
  Tq: number;
  Tk: number;
  dk: number;
  dv: number;
}

/**
 * Float64 attention softmax(q·kᵀ + bias)·v per slice (q already scaled) and the gradients of
 * loss = Σ O ⊙ R w.r.t. q, k, v, from the textbook formulas.
 */
function reference(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  r: Float64Array,
  { N, Tq, Tk, dk, dv }: Dims,
  bias: (n: number, i: number, j: number) => number,
) {
  const out = new Float64Array(N * Tq * dv);
  const [dq, dkk, dvv] = [new Float64Array(q.length), new Float64Array(k.length), new Float64Array(v.length)];
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Tq; i++) {
      const s = Array.from({ length: Tk }, (_, j) => {
        let dot = bias(n, i, j);
        for (let c = 0; c < dk; c++) dot += q[(n * Tq + i) * dk + c]! * k[(n * Tk + j) * dk + c]!;
        return dot;
      });
      const max = Math.max(...s);
      const e = s.map((x) => Math.exp(x - max));
      const sum = e.reduce((a, b) => a + b, 0);
      const p = e.map((x) => x / sum);
      const dp = p.map((_, j) => {
        let g = 0; // dL/dP_ij = R_i · v_j
        for (let c = 0; c < dv; c++) g += r[(n * Tq + i) * dv + c]! * v[(n * Tk + j) * dv + c]!;
        return g;
      });
      const pdp = p.reduce((a, pj, j) => a + pj * dp[j]!, 0);
      for (let j = 0; j < Tk; j++) {
        const ds = p[j]! * (dp[j]! - pdp);
        for (let c = 0; c < dv; c++) {
          out[(n * Tq + i) * dv + c]! += p[j]! * v[(n * Tk + j) * dv + c]!;
          dvv[(n * Tk + j) * dv + c]! += p[j]! * r[(n * Tq + i) * dv + c]!;
        }
        for (let c = 0; c < dk; c++) {
          dq[(n * Tq + i) * dk + c]! += ds * k[(n * Tk + j) * dk + c]!;
          dkk[(n * Tk + j) * dk + c]! += ds * q[(n * Tq + i) * dk + c]!;
        }
      }
    }
  }
  return { out, grads: [dq, dkk, dvv] };
}

type Attention = (q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, bias?: tf.Tensor3D) => tf.Tensor3D;

const kernelOnly: Attention = (q, k, v, bias) => kernelAttention(fusedAttentionKernel()!, q, k, v, bias);

/** Checks attention at these dims (and bias layout [bN, bQ, bK], if any) against the reference. */
function check(attention: Attention, dims: Dims, biasShape?: [number, number, number], seed = 1) {
  const { N, Tq, Tk, dk, dv } = dims;
  const qa = randomArray(N * Tq * dk, seed, 0.5);
  const ka = randomArray(N * Tk * dk, seed + 1);
  const va = randomArray(N * Tk * dv, seed + 2);
  const ra = randomArray(N * Tq * dv, seed + 3);
  const ba = biasShape
    ? randomArray(
        biasShape.reduce((a, b) => a * b, 1),
        seed + 4,
        2,
      )
    : undefined;
  const biasAt = (n: number, i: number, j: number) => {
    if (!biasShape || !ba) return 0;
    const [bN, bQ, bK] = biasShape;
    return ba[((bN === 1 ? 0 : n) * bQ + (bQ === 1 ? 0 : i)) * bK + (bK === 1 ? 0 : j)]!;
  };
  const expected = reference(qa, ka, va, ra, dims, biasAt);
  const t = (a: Float64Array, shape: [number, number, number]) => tf.tensor3d(Float32Array.from(a), shape);
  const [q, k, v, r] = [t(qa, [N, Tq, dk]), t(ka, [N, Tk, dk]), t(va, [N, Tk, dv]), t(ra, [N, Tq, dv])];
  const bias = ba && biasShape ? t(ba, biasShape) : undefined;
  const out = attention(q, k, v, bias);
  expectClose(values(out), expected.out, 1e-5, 1e-4);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
    tf.sum(tf.mul(attention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, bias), r)),
  )([q, k, v]);
  grads.forEach((g, i) => expectClose(values(g), expected.grads[i]!, 1e-5, 1e-4));
  tf.dispose([q, k, v, r, out, ...grads, ...(bias ? [bias] : [])]);
}

const SHAPES: [string, Dims][] = [
  ["whole 4×8 tiles", { N: 2, Tq: 16, Tk: 32, dk: 8, dv: 16 }],
  ["leftover rows and columns, T_q ≠ T_k, d_k ≠ d_v", { N: 3, Tq: 7, Tk: 13, dk: 5, dv: 3 }],
  ["one query (decoding: scores as dot products of rows)", { N: 4, Tq: 1, Tk: 37, dk: 12, dv: 6 }],
  ["two queries, d_k not a multiple of 4, d_v past 16", { N: 2, Tq: 2, Tk: 9, dk: 5, dv: 18 }],
  ["query blocks of 64 and a partial last block", { N: 2, Tq: 150, Tk: 70, dk: 8, dv: 10 }],
  ["one key", { N: 2, Tq: 5, Tk: 1, dk: 4, dv: 4 }],
];

describe("the attention kernel", () => {
  it("is the compiled AssemblyScript source (npm run build:kernel rewrites it)", () => {
    const r = spawnSync(process.execPath, ["scripts/buildKernel.mjs", "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("runs on the wasm backend here, and slicedAttention uses it", () => {
    expect(tf.getBackend()).toBe("wasm");
    const kernel = fusedAttentionKernel();
    expect(kernel).toBeDefined();
    // The kernel's scratch buffer is allocated per call: counting allocations shows it ran.
    const scratch = kernel!.scratchFloats as (...a: number[]) => number;
    let calls = 0;
    kernel!.scratchFloats = (...a: number[]) => (calls++, scratch(...a));
    try {
      tf.tidy(() => slicedAttention(tf.ones([1, 4, 4]), tf.ones([1, 4, 4]), tf.ones([1, 4, 4])));
    } finally {
      kernel!.scratchFloats = scratch;
    }
    expect(calls).toBe(1);
  });

  for (const [name, dims] of SHAPES) {
    it(`matches the float64 reference, forward and gradients: ${name}`, () => check(kernelOnly, dims));
  }

  const [, tiles] = SHAPES[1]!;
  const [, blocks] = SHAPES[4]!;
  const [, twoQueries] = SHAPES[3]!;
  for (const [layout, dims, shape] of [
    ["one [T_q, T_k] bias for every slice", tiles, [1, 7, 13]],
    ["a bias per slice along keys (padding)", tiles, [3, 1, 13]],
    ["a bias per slice and query", tiles, [3, 7, 13]],
    ["a bias per query only", tiles, [1, 7, 1]],
    ["one [T_q, T_k] bias over query blocks of 64", blocks, [1, 150, 70]],
    ["a bias per slice along keys, two queries", twoQueries, [2, 1, 9]],
  ] as const) {
    it(`adds the bias: ${layout}`, () => check(kernelOnly, dims, [...shape], 7));
  }

  it("computes softmax weights to 1e-6 relative over scores from -80 to 0 (its e^x)", () => {
    // q = [1], k_j = s_j: the scores are s; v = the identity, so the output rows are the weights.
    const Tk = 64;
    const s = Array.from({ length: Tk }, (_, j) => -80 * (j / (Tk - 1)) ** 2 + (j === 5 ? 0.3 : 0));
    for (const Tq of [3, 8]) {
      // 3 queries: scores as row dot products; 8: the product with kᵀ
      const q = tf.ones([1, Tq, 1]) as tf.Tensor3D;
      const k = tf.tensor3d(s, [1, Tk, 1]);
      const v = tf.eye(Tk).reshape([1, Tk, Tk]) as tf.Tensor3D;
      const weights = values(tf.tidy(() => kernelOnly(q, k, v)));
      const f32 = Float32Array.from(s);
      const max = Math.max(...f32);
      const e = Array.from(f32, (x) => Math.exp(x - max));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let i = 0; i < Tq; i++) {
        e.forEach((ej, j) => {
          const got = weights[i * Tk + j]!;
          if (ej / sum < 1e-30) expect(got).toBeLessThan(1e-30);
          else expect(Math.abs(got - ej / sum) / (ej / sum)).toBeLessThan(1e-6);
        });
      }
      tf.dispose([q, k, v]);
    }
  });

  it("writes every output element, whatever the memory held (outputs filled with NaN first)", () => {
    // The kernel on a memory of its own, outside tfjs: a product that skipped an element or added
    // to one instead of writing it (dk, dv accumulate over query blocks) would leave a NaN.
    const { N, Tq, Tk, dk, dv } = blocks;
    const memory = new WebAssembly.Memory({ initial: 64 });
    const bytes = Uint8Array.from(atob(FUSED_ATTENTION_WASM), (c) => c.charCodeAt(0));
    const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
      .exports as unknown as Record<string, (...a: number[]) => number>;
    const sizes = { q: N * Tq * dk, k: N * Tk * dk, v: N * Tk * dv, p: N * Tq * Tk, o: N * Tq * dv };
    const layout: Record<string, [number, number]> = {}; // name → [byte offset, floats]
    let at = 16;
    const place = (name: string, floats: number) => {
      layout[name] = [at, floats];
      at += 4 * floats + 16;
    };
    for (const [name, n] of Object.entries(sizes)) place(name, n);
    for (const name of ["dO", "dq", "dk", "dv"])
      place(name, name === "dq" ? sizes.q : name === "dk" ? sizes.k : sizes.v);
    place("scratch", kernel.scratchFloats!(Tq, Tk, dk, dv));
    const f = (name: string) => new Float32Array(memory.buffer, ...layout[name]!);
    f("scratch").fill(NaN);
    ["p", "o", "dq", "dk", "dv"].forEach((name) => f(name).fill(NaN));
    ["q", "k", "v", "dO"].forEach((name, i) =>
      f(name).set(randomArray(f(name).length, 30 + i).map((x) => x * 0.5)),
    );
    const ptr = (name: string) => layout[name]![0];
    kernel.forward!(
      N,
      Tq,
      Tk,
      dk,
      dv,
      ptr("q"),
      ptr("k"),
      ptr("v"),
      0,
      0,
      0,
      0,
      0,
      ptr("p"),
      ptr("o"),
      ptr("scratch"),
    );
    f("scratch").fill(NaN);
    kernel.backward!(
      ...[N, Tq, Tk, dk, dv, ptr("q"), ptr("k"), ptr("v"), ptr("p"), ptr("o"), ptr("dO")],
      ...[ptr("dq"), ptr("dk"), ptr("dv"), ptr("scratch")],
    );
    for (const name of ["p", "o", "dq", "dk", "dv"]) expect(f(name).every(Number.isFinite), name).toBe(true);
  });

  it("refuses operands whose shapes do not match, instead of reading past them", () => {
    const q = tf.ones([2, 3, 4]) as tf.Tensor3D;
    const v = tf.ones([2, 5, 4]) as tf.Tensor3D;
    expect(() => kernelOnly(q, tf.ones([2, 5, 3]) as tf.Tensor3D, v)).toThrow(/k \[2,5,3\].*do not match/);
    expect(() => kernelOnly(q, v, v, tf.ones([2, 3, 6]) as tf.Tensor3D)).toThrow(/bias \[2,3,6\]/);
    tf.dispose([q, v]);
  });

  it("gives 0 where e^x underflows, not a denormal or NaN, and uniform rows when every key is masked", () => {
    const q = tf.zeros([1, 2, 4]) as tf.Tensor3D;
    const k = tf.zeros([1, 6, 4]) as tf.Tensor3D;
    const v = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 6, 1]);
    // Row 0: key 0 at 0, the others 100 below (e^-100 underflows float32); row 1: all at -1e9.
    const bias = tf.tensor3d([0, -100, -100, -100, -100, -100, ...Array(6).fill(-1e9)], [1, 2, 6]);
    const out = values(tf.tidy(() => kernelOnly(q, k, v, bias)));
    expect(out[0]).toBe(1); // exactly v_0: every other weight is exactly 0
    expect(out[1]).toBeCloseTo(3.5, 5); // the caller zeroes such rows (scaledDotProductAttention)
    tf.dispose([q, k, v, bias]);
  });

  it("leaks no tensors, forward or gradient", () => {
    const [q, k, v] = [tf.ones([2, 9, 4]), tf.ones([2, 9, 4]), tf.ones([2, 9, 4])] as tf.Tensor3D[];
    const before = tf.memory().numTensors;
    tf.dispose(kernelOnly(q!, k!, v!));
    tf.dispose(
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(kernelOnly(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D)),
      )([q!, k!, v!]),
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q!, k!, v!]);
  });
});

describe("without the kernel (tfjs products)", () => {
  for (const [name, dims] of SHAPES.slice(0, 4)) {
    it(`matches the float64 reference, forward and gradients: ${name}`, () => check(productsAttention, dims));
  }
  it("adds a bias per slice and query", () => check(productsAttention, SHAPES[1]![1], [3, 7, 13], 7));

  it("is what slicedAttention runs where the kernel cannot (cpu backend)", async () => {
    await tf.setBackend("cpu");
    try {
      expect(fusedAttentionKernel()).toBeUndefined();
      check(slicedAttention, SHAPES[1]![1], [1, 7, 13], 9);
    } finally {
      await tf.setBackend("wasm");
    }
  });
});
