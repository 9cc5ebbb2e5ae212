// Plain TypeScript float64 reference for attention (nested loops) and small test helpers.
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { mulberry32 } from "../../src/lib/util/random";

export function randomArray(n: number, seed: number, scale = 1): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n }, () => (r() * 2 - 1) * scale * Math.sqrt(3));
}

export function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from(randomArray(n, seed, scale)), shape, "float32");
}

/**
 * Reference attention in float64. q [N, Tq, dk], k [N, Tk, dk], v [N, Tk, dv] as flat arrays
 * (N = product of leading dims); mask(n, i, j) gives "masked" (false) or an additive number.
 * Returns output [N, Tq, dv] and weights [N, Tq, Tk], flat.
 */
export function referenceAttention(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dims: { N: number; Tq: number; Tk: number; dk: number; dv: number },
  mask?: (n: number, i: number, j: number) => number | false,
): { output: Float64Array; weights: Float64Array } {
  const { N, Tq, Tk, dk, dv } = dims;
  const output = new Float64Array(N * Tq * dv);
  const weights = new Float64Array(N * Tq * Tk);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Tq; i++) {
      const s: (number | null)[] = [];
      for (let j = 0; j < Tk; j++) {
        const m = mask ? mask(n, i, j) : 0;
        if (m === false) {
          s.push(null);
          continue;
        }
        let dot = 0;
        for (let c = 0; c < dk; c++) dot += q[(n * Tq + i) * dk + c]! * k[(n * Tk + j) * dk + c]!;
        s.push(dot / Math.sqrt(dk) + m);
      }
      const finite = s.filter((x): x is number => x !== null);
      if (finite.length === 0) continue; // fully masked row: zeros
      const max = Math.max(...finite);
      const e = s.map((x) => (x === null ? 0 : Math.exp(x - max)));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < Tk; j++) {
        const w = e[j]! / sum;
        weights[(n * Tq + i) * Tk + j] = w;
        for (let c = 0; c < dv; c++) output[(n * Tq + i) * dv + c]! += w * v[(n * Tk + j) * dv + c]!;
      }
    }
  }
  return { output, weights };
}

/** Asserts |a − b| ≤ atol + rtol·|b| elementwise, reporting the worst index. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-5,
  rtol = 1e-4,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const excess = Math.abs(a - b) - (atol + rtol * Math.abs(b));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `element ${worst}: got ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol}; excess ${worstExcess})`,
    );
  }
}

/** Flat values of a tensor as a Float64Array (sync; tests only). */
export const values = (t: tf.Tensor): Float64Array => Float64Array.from(t.dataSync());
