import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import {
  TransformerDecoderBlock,
  TransformerEncoderBlock,
  attentionFlops,
  countParameters,
  decoderBlockFlops,
  decoderBlockParams,
  denseFlops,
  encoderBlockFlops,
  encoderBlockParams,
  feedForwardFlops,
  layerNormFlops,
  matMulFlops,
  multiHeadAttentionFlops,
  trainingStepFlops,
} from "../../src/lib/attention";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("FLOP counts (multiply-add = 2 FLOPs)", () => {
  it("matMul and dense match 2·m·k·n (+ bias)", () => {
    expect(matMulFlops(2, 3, 4)).toBe(48);
    expect(denseFlops(5, 3, 4)).toBe(2 * 5 * 3 * 4 + 5 * 4);
    expect(denseFlops(5, 3, 4, false)).toBe(120);
  });

  it("attention: B=2, h=3, Tq=4, Tk=5, dk=6, dv=7 by hand", () => {
    // 120 score entries: QKᵀ 2·120·6, scale 120, softmax 5·120, AV 2·120·7
    expect(attentionFlops({ batch: 2, heads: 3, tq: 4, tk: 5, dk: 6, dv: 7 })).toEqual({
      scores: 1440,
      scale: 120,
      softmax: 600,
      weightedSum: 1680,
      total: 3840,
    });
  });

  it("multi-head cross-attention: B=1, Tq=2, Tk=3, d=4, h=2 by hand", () => {
    // Q: 2·2·4·4+2·4 = 72; K, V: 2·3·4·4+3·4 = 108 each; attention on 12 entries with dk=2: 48+12+60+48
    expect(multiHeadAttentionFlops({ batch: 1, tq: 2, tk: 3, dModel: 4, heads: 2 })).toEqual({
      projections: 72 + 2 * 108,
      attention: 168,
      output: 72,
      total: 528,
    });
    expect(() => multiHeadAttentionFlops({ batch: 1, tq: 2, tk: 3, dModel: 4, heads: 3 })).toThrow(/heads=3/);
  });

  it("feed-forward and LayerNorm by hand", () => {
    // 3 tokens, 4 → 8 → 4: 216 + activation + 204
    expect(feedForwardFlops(3, 4, 8, "relu")).toBe(216 + 24 + 204);
    expect(feedForwardFlops(3, 4, 8, "gelu")).toBe(216 + 5 * 24 + 204);
    expect(layerNormFlops(3, 4)).toBe(84);
  });

  it("encoder block: B=1, T=2, d=4, h=2, dFF=8, ReLU by hand", () => {
    expect(
      encoderBlockFlops({ batch: 1, seqLen: 2, dModel: 4, heads: 2, dFF: 8, activation: "relu" }),
    ).toEqual({
      layerNorms: 112, // 2 · 7 · 2 · 4
      selfAttention: 400, // 3·72 projections + 112 attention + 72 output
      crossAttention: 0,
      feedForward: 296, // 144 + 16 + 136
      residuals: 16,
      total: 824,
    });
  });

  it("decoder block adds a cross-attention and a third LayerNorm and residual", () => {
    const shape = { batch: 1, seqLen: 2, dModel: 4, heads: 2, dFF: 8, activation: "relu" as const };
    const enc = encoderBlockFlops(shape);
    const dec = decoderBlockFlops({ ...shape, srcLen: 3 });
    // cross-attention with Tq=2, Tk=3: Q 72, K/V 2·108, attention on 1·2·2·3 = 12 entries (168), W_o 72
    expect(dec.crossAttention).toBe(72 + 216 + 168 + 72);
    expect(dec.total).toBe(enc.total + dec.crossAttention + 56 + 8);
  });

  it("for one token and wide layers, forward ≈ 2 FLOPs per parameter (the 2·N rule)", () => {
    const d = 1024;
    const f = encoderBlockFlops({ batch: 1, seqLen: 1, dModel: d, heads: 16 }).total;
    const ratio = f / (2 * encoderBlockParams(d));
    expect(ratio).toBeGreaterThan(0.99);
    expect(ratio).toBeLessThan(1.01);
  });

  it("a training step is 3 × forward plus the optimizer's arithmetic", () => {
    expect(trainingStepFlops(100, 10, "adam")).toBe(300 + 140);
    expect(trainingStepFlops(100, 10, "sgd")).toBe(320);
    expect(trainingStepFlops(100)).toBe(300);
  });

  it("parameter formulas match the layers' variables", () => {
    const enc = new TransformerEncoderBlock({ dModel: 16, heads: 4, dFF: 24 });
    const dec = new TransformerDecoderBlock({ dModel: 16, heads: 4, dFF: 24 });
    expect(countParameters(enc.variables())).toBe(encoderBlockParams(16, 24));
    expect(countParameters(dec.variables())).toBe(decoderBlockParams(16, 24));
    enc.dispose();
    dec.dispose();
  });
});
