/**
 * Attention computed slice by slice with 2-D products: the fast path on the wasm backend.
 *
 * tfjs-backend-wasm (4.22) sends only 2-D products without transposes to XNNPACK; batched
 * products take a generic loop several times slower. Slicing has its own costs: cutting a
 * tensor into slices (see split3d in matMul.ts) and one kernel call per slice and op. So only the
 * products run per slice; everything else (bias, softmax, transposes, dS) runs batched.
 *
 * Forward:   S_i = q_i·k_iᵀ per slice;  P = softmax(S + bias) batched;  O_i = P_i·v_i per slice.
 * Backward:  dV_i = P_iᵀ·dO_i,  dP_i = dO_i·v_iᵀ  per slice;  dS = P ⊙ (dP − rowsum(dO ⊙ O)) batched;
 *            dQ_i = dS_i·k_i,  dK_i = dS_iᵀ·q_i  per slice. Transposes run batched (a 2-D Transpose per
 *            slice measured far slower), and the backward pass slices [T_q, T_k] tensors once each.
 * Rows whose keys are all masked come out uniform here; the caller multiplies them by zero.
 */
import * as tf from "@tensorflow/tfjs-core";
import { split3d, transposeLast2 } from "./matMul";

/**
 * q [N, T_q, d_k] (already scaled by 1/√d_k), k [N, T_k, d_k], v [N, T_k, d_v] → [N, T_q, d_v].
 * addBias (optional) adds the mask bias to the stacked scores [N, T_q, T_k].
 * Differentiable w.r.t. q, k and v (hand-written gradient); the bias is a constant.
 */
export function slicedAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  addBias?: (scores: tf.Tensor3D) => tf.Tensor3D,
): tf.Tensor3D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    const qs = split3d(q_); // N × [T_q, d_k]
    const kTs = split3d(transposeLast2(k_) as tf.Tensor3D); // N × [d_k, T_k]
    const vs = split3d(v_); // N × [T_k, d_v]
    let scores = tf.stack(qs.map((qi, i) => tf.matMul(qi, kTs[i]!))) as tf.Tensor3D; // [N, T_q, T_k]
    if (addBias) scores = addBias(scores);
    const p = tf.softmax(scores) as tf.Tensor3D; // [N, T_q, T_k]
    const output = tf.stack(split3d(p).map((pi, i) => tf.matMul(pi, vs[i]!))) as tf.Tensor3D; // [N, T_q, d_v]
    save([q_, k_, v_, output, p]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, out, p] = saved as [
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        // Transposes and element-wise work run batched (one kernel call each); only products are per slice.
        const dOs = split3d(dy as tf.Tensor3D); // N × [T_q, d_v]
        const pTs = split3d(transposeLast2(p) as tf.Tensor3D); // N × [T_k, T_q]
        const vTs = split3d(transposeLast2(sv) as tf.Tensor3D); // N × [d_v, T_k]
        const dv = tf.stack(pTs.map((pT, i) => tf.matMul(pT, dOs[i]!))); // P_iᵀ·dO_i: [N, T_k, d_v]
        const dp = tf.stack(dOs.map((dO, i) => tf.matMul(dO, vTs[i]!))); // dO_i·v_iᵀ: [N, T_q, T_k]
        // Σ_j dP⊙P = Σ_j P_j (dO·v_j) = dO·O per row.
        const ds = tf.mul(p, tf.sub(dp, tf.sum(tf.mul(dy, out), -1, true))) as tf.Tensor3D; // [N, T_q, T_k]
        const dss = split3d(ds); // N × [T_q, T_k]
        const dsTs = split3d(transposeLast2(ds) as tf.Tensor3D); // N × [T_k, T_q]
        const ks = split3d(sk); // N × [T_k, d_k]
        const qs2 = split3d(sq); // N × [T_q, d_k]
        const dq = tf.stack(dss.map((d, i) => tf.matMul(d, ks[i]!))); // dS_i·k_i: [N, T_q, d_k]
        const dk = tf.stack(dsTs.map((dT, i) => tf.matMul(dT, qs2[i]!))); // dS_iᵀ·q_i: [N, T_k, d_k]
        return [dq, dk, dv];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}
