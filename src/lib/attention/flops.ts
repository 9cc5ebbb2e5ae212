/**
 * Floating-point operation counts as pure functions of shapes, for the energy chapter.
 *
 * Conventions (stated once, used everywhere here):
 * - A multiply-add counts as 2 FLOPs, so a matrix product [m, k]·[k, n] costs 2·m·k·n.
 * - Element-wise arithmetic costs 1 FLOP per element and operation; a transcendental function
 *   (exp, erf, rsqrt, tanh) also counts as 1 (hardware spends more, but the matrix products
 *   dominate every count that matters here).
 * - Attention is counted dense: a causal or padding mask does not remove the masked entries
 *   of Q·Kᵀ, because the kernels compute them anyway. Applying a mask (a select) is free.
 * - Embedding lookups, reshapes, transposes and dropout masks are memory operations: 0 FLOPs.
 * - Training step ≈ 3 × forward: the backward pass computes, for every matrix product, one
 *   product of the same size for the gradient with respect to its input and one for its
 *   weights (Kaplan et al. 2020; Hoffmann et al. 2022 use the same 6·N FLOPs per token, i.e.
 *   3 × the 2·N of a forward pass). Optimizer arithmetic is added separately (`optimizerFlops`).
 *
 * Counts are exact under these conventions (tested against hand-computed values), so they can
 * be compared with measured wall time (GFLOP/s) and energy (J per GFLOP).
 */
import type { Activation } from "./layers";

/** Per-element costs used by the counts below. */
export const FLOP_CONVENTIONS = {
  /** A multiply-add. */
  multiplyAdd: 2,
  /** Softmax per score: max-compare, subtract the max, exp, add to the row sum, divide. */
  softmaxPerElement: 5,
  /** Scaling a score by 1/√d_k. */
  scalePerElement: 1,
  /** LayerNorm per element: mean-add, subtract, square, variance-add, ×rsqrt, ×γ, +β. */
  layerNormPerElement: 7,
  /** ReLU: one compare. GELU x·½(1+erf(x/√2)): ×½, ×1/√2, erf, +1, ×. */
  activationPerElement: { relu: 1, gelu: 5 } as Record<Activation, number>,
  /** Residual or positional addition. */
  addPerElement: 1,
  /** Adam, per parameter, as tfjs's AdamOptimizer computes it (moments 7, bias corrections 2, update 5). */
  adamPerParameter: 14,
  /** Plain SGD per parameter: ×lr, subtract. */
  sgdPerParameter: 2,
  /** Backward pass cost relative to forward. */
  backwardToForward: 2,
} as const;

/** [m, k]·[k, n] → 2·m·k·n FLOPs. */
export function matMulFlops(m: number, k: number, n: number): number {
  return FLOP_CONVENTIONS.multiplyAdd * m * k * n;
}

/** Dense layer on `tokens` rows: x·W (+ b). */
export function denseFlops(tokens: number, inputDim: number, units: number, bias = true): number {
  return matMulFlops(tokens, inputDim, units) + (bias ? tokens * units : 0);
}

export interface AttentionFlopShape {
  /** Batch size B. */
  batch: number;
  /** Heads h (1 for a single attention). */
  heads: number;
  /** Query positions T_q. */
  tq: number;
  /** Key/value positions T_k. */
  tk: number;
  /** Query/key width per head d_k. */
  dk: number;
  /** Value width per head d_v (default d_k). */
  dv?: number;
}

export interface AttentionFlops {
  /** Q·Kᵀ: 2·B·h·T_q·T_k·d_k */
  scores: number;
  /** /√d_k: B·h·T_q·T_k */
  scale: number;
  /** 5·B·h·T_q·T_k */
  softmax: number;
  /** weights·V: 2·B·h·T_q·T_k·d_v */
  weightedSum: number;
  total: number;
}

/** Scaled dot-product attention, forward: softmax(Q·Kᵀ/√d_k)·V. */
export function attentionFlops(s: AttentionFlopShape): AttentionFlops {
  const { batch, heads, tq, tk, dk } = s;
  const dv = s.dv ?? dk;
  const pairs = batch * heads * tq * tk; // entries of the score matrix
  const scores = FLOP_CONVENTIONS.multiplyAdd * pairs * dk;
  const scale = FLOP_CONVENTIONS.scalePerElement * pairs;
  const softmax = FLOP_CONVENTIONS.softmaxPerElement * pairs;
  const weightedSum = FLOP_CONVENTIONS.multiplyAdd * pairs * dv;
  return { scores, scale, softmax, weightedSum, total: scores + scale + softmax + weightedSum };
}

export interface MultiHeadFlopShape {
  batch: number;
  /** Query positions. */
  tq: number;
  /** Key/value positions (tq for self-attention). */
  tk: number;
  dModel: number;
  heads: number;
  /** Projection biases (default true). */
  bias?: boolean;
}

export interface MultiHeadAttentionFlops {
  /** Q, K and V projections. */
  projections: number;
  attention: number;
  /** Output projection W_o. */
  output: number;
  total: number;
}

/** Multi-head attention forward: Q on T_q rows, K and V on T_k rows, h heads of d_model/h, W_o. */
export function multiHeadAttentionFlops(s: MultiHeadFlopShape): MultiHeadAttentionFlops {
  const { batch, tq, tk, dModel, heads } = s;
  const bias = s.bias ?? true;
  if (dModel % heads !== 0)
    throw new Error(`multiHeadAttentionFlops: heads=${heads} must divide dModel=${dModel}`);
  const projections =
    denseFlops(batch * tq, dModel, dModel, bias) + 2 * denseFlops(batch * tk, dModel, dModel, bias);
  const attention = attentionFlops({ batch, heads, tq, tk, dk: dModel / heads }).total;
  const output = denseFlops(batch * tq, dModel, dModel, bias);
  return { projections, attention, output, total: projections + attention + output };
}

/** Position-wise feed-forward on `tokens` rows: Dense(d→dFF), activation, Dense(dFF→d). */
export function feedForwardFlops(
  tokens: number,
  dModel: number,
  dFF: number,
  activation: Activation = "gelu",
): number {
  return (
    denseFlops(tokens, dModel, dFF) +
    FLOP_CONVENTIONS.activationPerElement[activation] * tokens * dFF +
    denseFlops(tokens, dFF, dModel)
  );
}

/** LayerNorm over `tokens` rows of width dim. */
export function layerNormFlops(tokens: number, dim: number): number {
  return FLOP_CONVENTIONS.layerNormPerElement * tokens * dim;
}

export interface BlockFlopShape {
  batch: number;
  /** Sequence length of the block's input (the target length for a decoder block). */
  seqLen: number;
  dModel: number;
  heads: number;
  /** Default 4·dModel. */
  dFF?: number;
  /** Default "gelu". */
  activation?: Activation;
}

export interface BlockFlops {
  layerNorms: number;
  selfAttention: number;
  /** Decoder blocks only (0 for encoder blocks). */
  crossAttention: number;
  feedForward: number;
  residuals: number;
  total: number;
}

/** One pre-LN encoder block forward (LN, self-attention, residual, LN, FFN, residual). */
export function encoderBlockFlops(s: BlockFlopShape): BlockFlops {
  const { batch, seqLen, dModel, heads } = s;
  const dFF = s.dFF ?? 4 * dModel;
  const tokens = batch * seqLen;
  const layerNorms = 2 * layerNormFlops(tokens, dModel);
  const selfAttention = multiHeadAttentionFlops({ batch, tq: seqLen, tk: seqLen, dModel, heads }).total;
  const feedForward = feedForwardFlops(tokens, dModel, dFF, s.activation ?? "gelu");
  const residuals = 2 * FLOP_CONVENTIONS.addPerElement * tokens * dModel;
  return {
    layerNorms,
    selfAttention,
    crossAttention: 0,
    feedForward,
    residuals,
    total: layerNorms + selfAttention + feedForward + residuals,
  };
}

/** One pre-LN decoder block forward: causal self-attention, cross-attention to `srcLen` memory rows, FFN. */
export function decoderBlockFlops(s: BlockFlopShape & { srcLen: number }): BlockFlops {
  const { batch, seqLen, srcLen, dModel, heads } = s;
  const dFF = s.dFF ?? 4 * dModel;
  const tokens = batch * seqLen;
  const layerNorms = 3 * layerNormFlops(tokens, dModel);
  const selfAttention = multiHeadAttentionFlops({ batch, tq: seqLen, tk: seqLen, dModel, heads }).total;
  const crossAttention = multiHeadAttentionFlops({ batch, tq: seqLen, tk: srcLen, dModel, heads }).total;
  const feedForward = feedForwardFlops(tokens, dModel, dFF, s.activation ?? "gelu");
  const residuals = 3 * FLOP_CONVENTIONS.addPerElement * tokens * dModel;
  return {
    layerNorms,
    selfAttention,
    crossAttention,
    feedForward,
    residuals,
    total: layerNorms + selfAttention + crossAttention + feedForward + residuals,
  };
}

/** Trainable parameters of one encoder block (4 projections with bias, FFN with biases, 2 LayerNorms). */
export function encoderBlockParams(dModel: number, dFF = 4 * dModel): number {
  return 4 * (dModel * dModel + dModel) + (dModel * dFF + dFF) + (dFF * dModel + dModel) + 2 * 2 * dModel;
}

/** Trainable parameters of one decoder block (two attentions, FFN, 3 LayerNorms). */
export function decoderBlockParams(dModel: number, dFF = 4 * dModel): number {
  return encoderBlockParams(dModel, dFF) + 4 * (dModel * dModel + dModel) + 2 * dModel;
}

/** Optimizer arithmetic per step for `params` parameters. */
export function optimizerFlops(params: number, optimizer: "adam" | "sgd" | "none" = "adam"): number {
  if (optimizer === "none") return 0;
  return (
    (optimizer === "adam" ? FLOP_CONVENTIONS.adamPerParameter : FLOP_CONVENTIONS.sgdPerParameter) * params
  );
}

/**
 * One training step: forward + backward (≈ 2 × forward) + optimizer update.
 * `forward` is the forward FLOPs of the whole batch; `params` the trainable parameter count.
 */
export function trainingStepFlops(
  forward: number,
  params = 0,
  optimizer: "adam" | "sgd" | "none" = "adam",
): number {
  return (1 + FLOP_CONVENTIONS.backwardToForward) * forward + optimizerFlops(params, optimizer);
}
