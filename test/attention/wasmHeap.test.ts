import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu"; // registers the fallback backend compared below
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { concatRows, join3d, sliceRows, split3d, transpose3d } from "../../src/lib/attention/wasmHeap";
import { randomTensor, values } from "./reference";

let initial = "";
beforeAll(async () => {
  await initBackend({ log: false });
  initial = tf.getBackend();
});
afterAll(async () => {
  await tf.setBackend(initial);
});

// The helpers take a heap path on wasm and fall back to tfjs ops elsewhere: both must equal tfjs.
for (const backend of ["active", "cpu"] as const) {
  describe(`wasm heap helpers (${backend} backend)`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend === "active" ? initial : "cpu");
    });

    it("split3d and join3d equal tf.unstack and tf.stack", () => {
      const x = randomTensor([5, 3, 4], 1);
      const want = tf.unstack(x);
      const before = tf.memory().numTensors;
      const parts = split3d(x as tf.Tensor3D);
      const joined = join3d(parts);
      expect(tf.memory().numTensors).toBe(before + 6);
      expect(parts).toHaveLength(5);
      parts.forEach((p, i) => expect(values(p)).toEqual(values(want[i]!)));
      expect(joined.shape).toEqual([5, 3, 4]);
      expect(values(joined)).toEqual(values(x));
      tf.dispose([x, ...want, ...parts, joined]);
    });

    it("sliceRows equals tf.slice along axis -2 (start, middle, end, whole)", () => {
      const x = randomTensor([2, 3, 7, 4], 2); // [B, H, T, d]
      for (const [start, size] of [
        [0, 3],
        [2, 3],
        [5, 2],
        [0, 7],
      ] as const) {
        const got = sliceRows(x, start, size);
        const want = tf.slice(x, [0, 0, start, 0], [2, 3, size, 4]);
        expect(got.shape).toEqual([2, 3, size, 4]);
        expect(values(got)).toEqual(values(want));
        tf.dispose([got, want]);
      }
      x.dispose();
    });

    it("transpose3d equals tf.transpose with perm [0, 2, 1] (sizes that do and do not fill its 32 × 32 tiles)", () => {
      for (const shape of [
        [3, 5, 7],
        [2, 64, 33],
        [1, 40, 1],
      ] as [number, number, number][]) {
        const x = randomTensor(shape, 3) as tf.Tensor3D;
        const before = tf.memory().numTensors;
        const got = transpose3d(x);
        expect(tf.memory().numTensors).toBe(before + 1);
        const want = tf.transpose(x, [0, 2, 1]);
        expect(got.shape).toEqual([shape[0], shape[2], shape[1]]);
        expect(values(got)).toEqual(values(want));
        tf.dispose([x, got, want]);
      }
    });

    it("concatRows equals tf.concat along axis -2 for chunks of different lengths", () => {
      const xs = [3, 1, 2].map((T, i) => randomTensor([2, 3, T, 4], 10 + i));
      const got = concatRows(xs);
      const want = tf.concat(xs, -2);
      expect(got.shape).toEqual([2, 3, 6, 4]);
      expect(values(got)).toEqual(values(want));
      tf.dispose([got, want, ...xs]);
    });
  });
}
