import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu"; // registers the fallback backend compared below
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { sliceProducts } from "../../src/lib/attention/sliceProducts";
import { expectClose, randomTensor, values } from "./reference";

let initial = "";
beforeAll(async () => {
  await initBackend({ log: false });
  initial = tf.getBackend();
});
afterAll(async () => {
  await tf.setBackend(initial);
});

/** The per-slice products in float64 from the operands' values (a slice of size 1 is shared). */
function reference(a: tf.Tensor3D, b: tf.Tensor3D): Float64Array {
  const [Na, m, k] = a.shape;
  const [Nb, , n] = b.shape;
  const N = Math.max(Na, Nb);
  const [av, bv] = [values(a), values(b)];
  const out = new Float64Array(N * m * n);
  for (let s = 0; s < N; s++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < k; t++)
          sum += av[(Na === 1 ? 0 : s) * m * k + i * k + t]! * bv[(Nb === 1 ? 0 : s) * k * n + t * n + j]!;
        out[s * m * n + i * n + j] = sum;
      }
  return out;
}

// sliceProducts registers views of the operands with the wasm module (and is tf.matMul elsewhere).
for (const backend of ["active", "cpu"] as const) {
  describe(`sliceProducts (${backend} backend)`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend === "active" ? initial : "cpu");
    });

    const cases: [string, number[], number[]][] = [
      ["N slices", [4, 5, 3], [4, 3, 6]],
      ["a shared left operand", [1, 5, 3], [4, 3, 6]],
      ["a shared right operand", [4, 5, 3], [1, 3, 6]],
      ["one slice", [1, 7, 2], [1, 2, 1]],
    ];
    it.each(cases)("equals the float64 per-slice products: %s", (_, aShape, bShape) => {
      const a = randomTensor(aShape, 1) as tf.Tensor3D;
      const b = randomTensor(bShape, 2) as tf.Tensor3D;
      const before = tf.memory().numTensors;
      const c = sliceProducts(a, b);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(c.shape).toEqual([Math.max(aShape[0]!, bShape[0]!), aShape[1], bShape[2]]);
      expectClose(values(c), reference(a, b), 1e-5);
      tf.dispose([a, b, c]);
    });

    it("gives the same result when called again after its operands' memory was reused", () => {
      // XNNPACK caches an operator per right operand id: views must not hand a stale one to new data.
      const first = [randomTensor([3, 4, 5], 3), randomTensor([3, 5, 2], 4)] as tf.Tensor3D[];
      const c1 = sliceProducts(first[0]!, first[1]!);
      tf.dispose(first);
      const second = [randomTensor([3, 4, 5], 5), randomTensor([3, 5, 2], 6)] as tf.Tensor3D[];
      const c2 = sliceProducts(second[0]!, second[1]!);
      expectClose(values(c2), reference(second[0]!, second[1]!), 1e-5);
      tf.dispose([c1, c2, ...second]);
    });

    it("rejects operands whose inner or slice dims differ, naming both shapes", () => {
      const [a, b, c] = [randomTensor([2, 3, 4], 1), randomTensor([2, 5, 2], 2), randomTensor([3, 4, 2], 3)];
      expect(() => sliceProducts(a as tf.Tensor3D, b as tf.Tensor3D)).toThrow(/\[2, 3, 4\] and \[2, 5, 2\]/);
      expect(() => sliceProducts(a as tf.Tensor3D, c as tf.Tensor3D)).toThrow(/do not match/);
      tf.dispose([a, b, c]);
    });
  });
}
