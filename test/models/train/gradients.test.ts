import * as tf from "@tensorflow/tfjs-core";
import { batchMatMulGradConfig } from "@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { registerCoreGradients } from "../../../src/lib/backend/gradients";
import { registerTrainingGradients } from "../../../src/lib/models/train/gradients";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("gradient registration in Node", () => {
  it("tf.grad works once backend/gradients is imported (tfjs's own gradients)", () => {
    expect(registerCoreGradients()).toBe(true);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  });

  it("the training BatchMatMul gradient replaces tfjs's, and wins again if tfjs's is registered after it", () => {
    const stock = tf.getGradient("BatchMatMul"); // registered by @tensorflow/tfjs
    expect(stock).toBeDefined();
    registerTrainingGradients();
    const ours = tf.getGradient("BatchMatMul");
    expect(ours).not.toBe(stock);
    tf.registerGradient(stock!); // as when tfjs's gradients load after the training loop
    registerTrainingGradients();
    expect(tf.getGradient("BatchMatMul")).toBe(ours);
  });
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
