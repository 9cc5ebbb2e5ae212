import * as tf from "@tensorflow/tfjs-core";
import { batchMatMulGradConfig } from "@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad";
import { meanGradConfig } from "@tensorflow/tfjs-core/dist/gradients/Mean_grad";
import { sumGradConfig } from "@tensorflow/tfjs-core/dist/gradients/Sum_grad";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { registerCoreGradients } from "../../../src/lib/backend/gradients";
import { registerTrainingGradients } from "../../../src/lib/models/train/gradients";

// tfjs's own gradients, as @tensorflow/tfjs registered them (before any test registers the training ones).
const stockGradients = new Map(["BatchMatMul", "Sum", "Mean"].map((k) => [k, tf.getGradient(k)]));

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("gradient registration in Node", () => {
  it("tf.grad works once backend/gradients is imported (tfjs's own gradients)", () => {
    expect(registerCoreGradients()).toBe(true);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  });

  it.each(["BatchMatMul", "Sum", "Mean"])(
    "the training %s gradient replaces tfjs's, and wins again if tfjs's is registered after it",
    (kernel) => {
      const stock = stockGradients.get(kernel);
      expect(stock).toBeDefined();
      registerTrainingGradients();
      const ours = tf.getGradient(kernel);
      expect(ours).not.toBe(stock);
      tf.registerGradient(stock!); // as when tfjs's gradients load after the training loop
      registerTrainingGradients();
      expect(tf.getGradient(kernel)).toBe(ours);
    },
  );
});

describe("wasm-friendly matMul gradient", () => {
  beforeAll(() => registerTrainingGradients());

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])("equals tfjs's own gradient with transposeA=%s, transposeB=%s", (ta, tb) => {
    expect(tf.getGradient("BatchMatMul")?.gradFunc).not.toBe(batchMatMulGradConfig.gradFunc);
    const a0 = tf.randomNormal([2, 3, 4], 0, 1, "float32", 1);
    const b0 = tf.randomNormal([2, 4, 5], 0, 1, "float32", 2);
    const a = ta ? tf.transpose(a0, [0, 2, 1]) : a0;
    const b = tb ? tf.transpose(b0, [0, 2, 1]) : b0;
    const dy = tf.randomNormal([2, 3, 5], 0, 1, "float32", 3);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb))([a, b], dy);
    const ref = batchMatMulGradConfig.gradFunc(dy, [a, b], { transposeA: ta, transposeB: tb }) as Record<
      string,
      () => tf.Tensor
    >;
    expect(Array.from(ga!.dataSync())).toEqual(
      Array.from(ref.a!().dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    expect(Array.from(gb!.dataSync())).toEqual(
      Array.from(ref.b!().dataSync()).map((v) => expect.closeTo(v, 5)),
    );
  });
});

describe("Sum and Mean gradients without a JavaScript-filled ones(x.shape)", () => {
  beforeAll(() => registerTrainingGradients());

  it.each([
    ["sum", "all axes", null, false],
    ["sum", "last axis", -1, true],
    ["sum", "axes 0 and 2", [0, 2], false],
    ["mean", "all axes", null, false],
    ["mean", "last axis (LayerNorm's moments)", -1, true],
    ["mean", "axis 1", 1, false],
  ] as const)("%s over %s equals tfjs's own gradient", (op, _label, axis, keepDims) => {
    const stockGrad = (op === "sum" ? sumGradConfig : meanGradConfig).gradFunc;
    const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 5);
    const ax = axis === null ? undefined : typeof axis === "number" ? axis : [...axis];
    const reduce = (t: tf.Tensor) => (op === "sum" ? tf.sum(t, ax, keepDims) : tf.mean(t, ax, keepDims));
    const y = reduce(x);
    const dy = tf.randomNormal(y.shape, 0, 1, "float32", 6);
    const ours = tf.grad(reduce)(x, dy);
    const attrAxis = axis === null ? x.shape.map((_, i) => i) : axis;
    const ref = (
      stockGrad(tf.reshape(dy, y.shape), [x], { axis: attrAxis, keepDims }) as Record<string, () => tf.Tensor>
    ).x!();
    expect(ours.shape).toEqual(x.shape);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(ref.dataSync()).map((v) => expect.closeTo(v, 6)));
  });
});

describe("the Identity kernel on wasm shares data instead of copying it", () => {
  it("clones share the buffer, survive the original's disposal, and gradients are unchanged", async () => {
    const previous = tf.getBackend();
    await tf.setBackend("wasm");
    try {
      registerTrainingGradients();
      const x = tf.tensor1d([1, 2, 3]);
      const buffers = tf.memory().numDataBuffers;
      const copy = tf.clone(x); // the engine's clone runs the Identity kernel
      expect(tf.memory().numDataBuffers - buffers).toBe(0); // a copying kernel adds a buffer
      x.dispose();
      expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
      copy.dispose();
      // A gradient that saves its inputs (the engine clones them) gives the same values.
      const a = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, t)))(a);
      expect(Array.from(g.dataSync())).toEqual([2, 4, 6, 8]);
      tf.dispose([a, g]);
    } finally {
      await tf.setBackend(previous);
    }
  });
});
