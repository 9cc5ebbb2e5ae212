import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import {
  MASKED_LOGIT,
  attentionBias,
  causalMask,
  maskToBias,
  paddingMaskFromIds,
  paddingMaskFromLengths,
} from "../../src/lib/attention";

beforeAll(async () => {
  await initBackend({ log: false });
});

const bools = (t: tf.Tensor) => Array.from(t.dataSync()).map(Boolean);

describe("masks", () => {
  it("paddingMaskFromLengths marks positions < length as attendable, shape [B,1,1,T]", () => {
    const m = paddingMaskFromLengths([3, 0, 5], 5);
    expect(m.shape).toEqual([3, 1, 1, 5]);
    expect(m.dtype).toBe("bool");
    expect(bools(m)).toEqual([
      ...[true, true, true, false, false],
      ...[false, false, false, false, false],
      ...[true, true, true, true, true],
    ]);
    m.dispose();
  });

  it("paddingMaskFromLengths rejects lengths outside [0, T] naming the entry", () => {
    expect(() => paddingMaskFromLengths([2, 6], 5)).toThrow(
      /lengths\[1\] = 6 must be an integer in \[0, T=5\]/,
    );
    expect(() => paddingMaskFromLengths([1.5], 5)).toThrow(/lengths\[0\] = 1.5/);
    expect(() => paddingMaskFromLengths([1], 0)).toThrow(/T must be an integer ≥ 1, got 0/);
  });

  it("paddingMaskFromIds is true where the id is not the pad id", () => {
    const ids = tf.tensor2d(
      [
        [5, 7, 0, 0],
        [0, 3, 0, 9],
      ],
      [2, 4],
      "int32",
    );
    const m = paddingMaskFromIds(ids, 0);
    expect(m.shape).toEqual([2, 1, 1, 4]);
    expect(bools(m)).toEqual([true, true, false, false, false, true, false, true]);
    expect(() => paddingMaskFromIds(tf.zeros([2, 3, 4]) as unknown as tf.Tensor2D, 0)).toThrow(
      /ids must be \[B, T\], got \[2,3,4\]/,
    );
    tf.dispose([ids, m]);
  });

  const causalCases: [string, number, number, boolean[][]][] = [
    [
      "square: lower triangle",
      3,
      3,
      [
        [true, false, false],
        [true, true, false],
        [true, true, true],
      ],
    ],
    [
      "T_q < T_k: queries are the last positions",
      2,
      4,
      [
        [true, true, true, false],
        [true, true, true, true],
      ],
    ],
    [
      "T_q > T_k: the first queries see no key",
      3,
      2,
      [
        [false, false],
        [true, false],
        [true, true],
      ],
    ],
  ];
  for (const [name, Tq, Tk, expected] of causalCases) {
    it(`causalMask, ${name}`, () => {
      const m = causalMask(Tq, Tk);
      expect(m.shape).toEqual([Tq, Tk]);
      expect(bools(m)).toEqual(expected.flat());
      m.dispose();
    });
  }

  it("maskToBias maps bool masks to 0 / MASKED_LOGIT and keeps finite additive values", () => {
    const b = maskToBias(tf.tensor([true, false], [2], "bool"));
    expect(Array.from(b.dataSync())).toEqual([0, Math.fround(MASKED_LOGIT)]);
    const a = maskToBias(tf.tensor([0.5, -Infinity, -1e9, -3]));
    expect(Array.from(a.dataSync())).toEqual([0.5, Math.fround(MASKED_LOGIT), Math.fround(MASKED_LOGIT), -3]);
    tf.dispose([b, a]);
  });

  it("attentionBias combines a padding mask with causality and is undefined with nothing to mask", () => {
    expect(attentionBias(undefined, false, 3, 3)).toBeUndefined();
    const pad = paddingMaskFromLengths([2], 3); // [1,1,1,3]
    const bias = attentionBias(pad, true, 3, 3)!;
    expect(bias.shape).toEqual([1, 1, 3, 3]);
    const allowed = Array.from(bias.dataSync()).map((x) => x > MASKED_LOGIT / 10);
    expect(allowed).toEqual([true, false, false, true, true, false, true, true, false]);
    tf.dispose([pad, bias]);
  });
});
