/**
 * Memory-efficient attention: online softmax over key chunks (Milakov & Gimelshein 2018;
 * Rabe & Staats 2021; FlashAttention, Dao et al. 2022), in plain tfjs ops.
 *
 * The scores [..., T_q, T_k] are never materialised. For each key chunk j (c keys) we compute
 * s_j = q·k_jᵀ/√d_k + bias_j ([..., T_q, c]) and update, per query row, a running max m, a running
 * normaliser ℓ = Σ exp(s − m) and an unnormalised output acc = Σ exp(s − m)·v:
 *   m' = max(m, rowmax s_j),  ℓ' = ℓ·e^{m−m'} + Σ e^{s_j−m'},  acc' = acc·e^{m−m'} + e^{s_j−m'}·v_j,
 * and finish with output = acc / ℓ. The backward pass (hand-written) recomputes each s_j from the
 * saved log-sum-exp L = m + log ℓ, so training also needs O(T_q·c) scratch instead of O(T_q·T_k).
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  causalMaskSlice,
  isolateNonFiniteKeys,
  MASKED_LOGIT,
  maskToBias,
  mayHoldNonFinite,
  variesAlongQueries,
  zeroUnattendedKeys,
} from "./masks";
import type { MatMulStrategy } from "./matMul";
import { attentionMatMul, transposeLast2 } from "./matMul";
import { concatRows, sliceRows } from "./wasmHeap";
import { chooseMatMulStrategy } from "./scaledDotProduct";
import { checkAttentionInputs } from "./shapes";

export interface ChunkedAttentionOptions {
  /**
   * Boolean (true = may attend) or additive float32 mask broadcastable to [..., T_q, T_k], as in
   * scaledDotProductAttention. It is treated as a constant: no gradient flows into an additive mask.
   */
  mask?: tf.Tensor;
  /** Query t sees keys ≤ t + (T_k − T_q); built per chunk, never as a [T_q, T_k] tensor. */
  causal?: boolean;
  /** Keys per chunk (default 128). Scratch memory is O(batch · T_q · chunkSize). */
  chunkSize?: number;
  /** Matrix-product strategy, as in scaledDotProductAttention ("auto" by default). */
  strategy?: "auto" | MatMulStrategy;
}

/** Slices [start, start + size) of axis `axis` (negative counts from the end). */
function sliceAxis(x: tf.Tensor, axis: number, start: number, size: number): tf.Tensor {
  const a = axis < 0 ? x.rank + axis : axis;
  const begin = x.shape.map((_, i) => (i === a ? start : 0));
  const sizes = x.shape.map((d, i) => (i === a ? size : d));
  return tf.slice(x, begin, sizes);
}

/**
 * Attention computed chunk by chunk over the keys; equal to scaledDotProductAttention within
 * fp32 rounding (fully masked query rows give zeros). Differentiable w.r.t. q, k, v.
 * q: [..., T_q, d_k], k: [..., T_k, d_k], v: [..., T_k, d_v] → [..., T_q, d_v]
 */
export function chunkedAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: ChunkedAttentionOptions = {},
): tf.Tensor {
  const fn = "chunkedAttention";
  const s = checkAttentionInputs(fn, q, k, v, options.mask);
  const chunk = options.chunkSize ?? 128;
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new Error(`${fn}: chunkSize must be an integer ≥ 1, got ${chunk}.`);
  const c0 = Math.min(chunk, s.Tk);
  const strategy =
    !options.strategy || options.strategy === "auto"
      ? chooseMatMulStrategy(tf.getBackend(), { ...s, Tk: c0 })
      : options.strategy;
  const scale = 1 / Math.sqrt(s.dk);
  const starts = Array.from({ length: Math.ceil(s.Tk / chunk) }, (_, j) => j * chunk);
  const size = (start: number) => Math.min(chunk, s.Tk - start);

  // Bias of key columns [start, start + c) from the mask bias (⊑ [..., T_q, T_k]) and causality.
  const chunkBias = (maskBias: tf.Tensor | undefined, start: number): tf.Tensor | undefined => {
    let bias: tf.Tensor | undefined;
    if (maskBias) {
      const keysDim = maskBias.shape[maskBias.rank - 1]!;
      bias = keysDim === 1 ? tf.clone(maskBias) : sliceAxis(maskBias, -1, start, size(start)); // ⊑ [..., T_q, c]
    }
    if (options.causal) {
      const causal = maskToBias(causalMaskSlice(s.Tq, s.Tk, start, size(start))); // [T_q, c]
      bias = bias ? tf.add(bias, causal) : causal;
    }
    return bias;
  };
  /** s_j = q_scaled · k_jᵀ + bias_j: [..., T_q, c] */
  const chunkScores = (qScaled: tf.Tensor, kj: tf.Tensor, maskBias: tf.Tensor | undefined, start: number) => {
    const scores = attentionMatMul(qScaled, kj, true, strategy);
    const bias = chunkBias(maskBias, start);
    return bias ? tf.add(scores, bias) : scores;
  };

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // Mask bias, broadcastable to [..., T_q, T_k] (a constant: it gets no gradient).
    const maskBias = options.mask ? maskToBias(options.mask) : undefined;
    const qScaled = tf.mul(q_, scale); // [..., T_q, d_k]
    let m: tf.Tensor | undefined; // running row max: [..., T_q, 1]
    let l: tf.Tensor | undefined; // running Σ exp(s − m): [..., T_q, 1]
    let acc: tf.Tensor | undefined; // running Σ exp(s − m)·v: [..., T_q, d_v]
    for (const start of starts) {
      const next = tf.tidy(() => {
        const kj = sliceRows(k_, start, size(start)); // [..., c, d_k]
        const vj = sliceRows(v_, start, size(start)); // [..., c, d_v]
        const sj = chunkScores(qScaled, kj, maskBias, start); // [..., T_q, c]
        const chunkMax = tf.max(sj, -1, true); // [..., T_q, 1]
        const mNew = m ? tf.maximum(m, chunkMax) : chunkMax;
        const p = tf.exp(tf.sub(sj, mNew)); // [..., T_q, c]
        const pv = attentionMatMul(p, vj, false, strategy); // [..., T_q, d_v]
        const pSum = tf.sum(p, -1, true); // [..., T_q, 1]
        if (!m) return [mNew, pSum, pv];
        const correction = tf.exp(tf.sub(m, mNew)); // rescales the old sums to the new max
        return [mNew, tf.add(tf.mul(l!, correction), pSum), tf.add(tf.mul(acc!, correction), pv)];
      });
      tf.dispose([m, l, acc].filter((t): t is tf.Tensor => t !== undefined));
      [m, l, acc] = next as [tf.Tensor, tf.Tensor, tf.Tensor];
    }
    // A row whose keys are all masked keeps m ≈ MASKED_LOGIT: its output is zero.
    const valid = tf.cast(tf.greater(m!, MASKED_LOGIT / 10), "float32"); // [..., T_q, 1]
    const output = tf.mul(acc!, tf.div(valid, l!)); // [..., T_q, d_v]
    const logSumExp = tf.add(m!, tf.log(l!)); // [..., T_q, 1]
    save([q_, k_, v_, output, logSumExp, valid, ...(maskBias ? [maskBias] : [])]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, out, lse, val, savedBias] = saved as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor | undefined,
        ];
        const qs = tf.mul(sq, scale); // [..., T_q, d_k]
        const D = tf.sum(tf.mul(dy, out), -1, true); // Σ_j P⊙dP = rowsum(dO⊙O): [..., T_q, 1]
        let dqs = tf.zerosLike(qs); // ∂L/∂(q·scale): [..., T_q, d_k]
        const dks: tf.Tensor[] = [];
        const dvs: tf.Tensor[] = [];
        for (const start of starts) {
          const [dqsNext, dkj, dvj] = tf.tidy(() => {
            const kj = sliceRows(sk, start, size(start)); // [..., c, d_k]
            const vj = sliceRows(sv, start, size(start)); // [..., c, d_v]
            const p = tf.mul(tf.exp(tf.sub(chunkScores(qs, kj, savedBias, start), lse)), val); // P_j: [..., T_q, c]
            const dvj = attentionMatMul(transposeLast2(p), dy, false, strategy); // P_jᵀ·dO: [..., c, d_v]
            const dp = attentionMatMul(dy, vj, true, strategy); // dO·v_jᵀ: [..., T_q, c]
            const ds = tf.mul(p, tf.sub(dp, D)); // dS_j: [..., T_q, c]
            const dq = tf.add(dqs, attentionMatMul(ds, kj, false, strategy)); // += dS_j·k_j
            const dkj = attentionMatMul(transposeLast2(ds), qs, false, strategy); // dS_jᵀ·q_s: [..., c, d_k]
            return [dq, dkj, dvj];
          });
          dqs.dispose();
          dqs = dqsNext!;
          dks.push(dkj!);
          dvs.push(dvj!);
        }
        const dq = tf.mul(dqs, scale);
        const dk = dks.length === 1 ? dks[0]! : concatRows(dks);
        const dv = dvs.length === 1 ? dvs[0]! : concatRows(dvs);
        return [dq, dk, dv];
      },
    };
  });

  if (!options.mask && !options.causal) return op(q, k, v);
  return tf.tidy(() => {
    const bias = options.mask ? maskToBias(options.mask) : undefined; // ⊑ [..., T_q, T_k]
    // Keys no query may attend contribute exactly zero, even if their rows are NaN.
    const { keys, values: vals } = bias ? zeroUnattendedKeys(k, v, bias) : { keys: k, values: v }; // [..., T_k, d_k|d_v]
    // Keys masked for some queries only (causal): a NaN/∞ in them must reach only the queries attending them.
    const causal = options.causal ?? false;
    if ((causal || variesAlongQueries(bias)) && mayHoldNonFinite(keys, vals)) {
      const iso = isolateNonFiniteKeys(keys, vals, bias, causal, s.Tq);
      return tf.add(op(q, iso.keys, iso.values), iso.poison); // [..., T_q, d_v]
    }
    return op(q, keys, vals);
  });
}
