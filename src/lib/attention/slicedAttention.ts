/**
 * Attention computed slice by slice with 2-D products: the fast path on the wasm backend.
 *
 * tfjs-backend-wasm (4.22) sends only 2-D products without transposes to XNNPACK; batched
 * products take a generic loop several times slower. Slicing has its own costs (cutting tensors
 * into slices, one kernel call per slice and op), so the forward pass runs each slice end to end
 * and never builds the stacked [N, T_q, T_k] scores:
 *
 * Forward:   S_i = q_i·k_iᵀ + bias_i;  P_i = softmax(S_i);  O_i = P_i·v_i   (per slice; P_i is saved)
 * Backward (per slice): dP_i = dO_i·v_iᵀ;  dS_i = P_i ⊙ (dP_i − rowsum(dO_i ⊙ O_i));  dQ_i = dS_i·k_i;
 *            dV_i = P_iᵀ·dO_i and dK_i = dS_iᵀ·q_i computed transposed, as dO_iᵀ·P_i and q_iᵀ·dS_i, so that
 *            only the thin [T, d] tensors are ever transposed (batched: a 2-D Transpose per slice
 *            measured far slower, and wasm's Transpose of the stacked [N, T, T] cost ~1.6 ms each).
 * Measured at B·H=32, T=128, d=32 (2-core AMD EPYC, wasm): per-slice softmax instead of stacking the
 * scores and splitting P saved ~0.9 ms of ~7.5 ms per forward pass; the transposed backward products
 * saved the two [N, T, T] transposes (~3 ms of ~22 ms).
 * Rows whose keys are all masked come out uniform here; the caller multiplies them by zero.
 */
import * as tf from "@tensorflow/tfjs-core";
import { transposeLast2 } from "./matMul";
import { join3d, split3d } from "./wasmHeap";

/**
 * q [N, T_q, d_k] (already scaled by 1/√d_k), k [N, T_k, d_k], v [N, T_k, d_v] → [N, T_q, d_v].
 * bias (optional, a constant: no gradient) is [N or 1, 1 or T_q, 1 or T_k], added to each
 * slice's scores [T_q, T_k]. Differentiable w.r.t. q, k and v (hand-written gradient).
 */
export function slicedAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  bias?: tf.Tensor3D,
): tf.Tensor3D {
  const N = q.shape[0];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    const qs = split3d(q_); // N × [T_q, d_k]
    const kTs = split3d(transposeLast2(k_) as tf.Tensor3D); // N × [d_k, T_k]
    const vs = split3d(v_); // N × [T_k, d_v]
    const biases = bias ? biasSlices(bias, N) : undefined; // N × [1 or T_q, 1 or T_k]
    const ps = qs.map((qi, i) => {
      const scores = tf.matMul(qi, kTs[i]!); // [T_q, T_k]
      return tf.softmax(biases ? tf.add(scores, biases[i]!) : scores) as tf.Tensor2D; // P_i: [T_q, T_k]
    });
    const output = join3d(ps.map((pi, i) => tf.matMul(pi, vs[i]!))); // [N, T_q, d_v]
    save([q_, k_, v_, output, ...ps]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, out, ...savedPs] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const ps = savedPs as tf.Tensor2D[]; // N × [T_q, T_k]
        // Only thin [T, d] tensors are transposed (batched): a [T, T] transpose cost ~1.6 ms each.
        const dOs = split3d(dy as tf.Tensor3D); // N × [T_q, d_v]
        const dOTs = split3d(transposeLast2(dy) as tf.Tensor3D); // N × [d_v, T_q]
        const vTs = split3d(transposeLast2(sv) as tf.Tensor3D); // N × [d_v, T_k]
        const ks = split3d(sk); // N × [T_k, d_k]
        const qTs = split3d(transposeLast2(sq) as tf.Tensor3D); // N × [d_k, T_q]
        // Σ_j P⊙dP = Σ_j P_j (dO·v_j) = dO·O per row.
        const rowDots = split3d(tf.sum(tf.mul(dy, out), -1, true) as tf.Tensor3D); // N × [T_q, 1]
        const dvTs: tf.Tensor2D[] = [];
        const dqs: tf.Tensor2D[] = [];
        const dkTs: tf.Tensor2D[] = [];
        ps.forEach((p, i) => {
          dvTs.push(tf.matMul(dOTs[i]!, p)); // (P_iᵀ·dO_i)ᵀ = dO_iᵀ·P_i: [d_v, T_k]
          const dp = tf.matMul(dOs[i]!, vTs[i]!); // dO_i·v_iᵀ: [T_q, T_k]
          const ds = tf.mul(p, tf.sub(dp, rowDots[i]!)) as tf.Tensor2D; // dS_i: [T_q, T_k]
          dqs.push(tf.matMul(ds, ks[i]!)); // dS_i·k_i: [T_q, d_k]
          dkTs.push(tf.matMul(qTs[i]!, ds)); // (dS_iᵀ·q_i)ᵀ = q_iᵀ·dS_i: [d_k, T_k]
        });
        const dv = transposeLast2(join3d(dvTs)); // [N, T_k, d_v]
        const dk = transposeLast2(join3d(dkTs)); // [N, T_k, d_k]
        return [join3d(dqs), dk, dv];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}

/** bias [N or 1, b_q, b_k] → N slices [b_q, b_k] (one shared tensor when it has no batch dim). */
function biasSlices(bias: tf.Tensor3D, N: number): tf.Tensor2D[] {
  if (bias.shape[0] === N) return split3d(bias);
  const shared = tf.reshape(bias, [bias.shape[1], bias.shape[2]]) as tf.Tensor2D;
  return Array.from({ length: N }, () => shared);
}
