/**
 * Attention computed slice by slice with 2-D products: the fast path on the wasm backend.
 *
 * tfjs-backend-wasm (4.22) sends only 2-D products without transposes to XNNPACK; batched
 * products take a generic loop several times slower. Slicing has its own costs: cutting a
 * tensor into slices (see split3d in matMul.ts) and one kernel call per slice and op. So this
 * path cuts only the thin inputs q, kᵀ, v (and dO, k, q, vᵀ in the backward pass), never a
 * [T_q, T_k] tensor: the scores, the softmax and its gradient stay per slice.
 *
 * Forward, per slice i:   S_i = q_i·k_iᵀ + bias_i,  P_i = softmax(S_i),  O_i = P_i·v_i.
 * Backward, per slice i:  dV_i = P_iᵀ·dO_i,  dP_i = dO_i·v_iᵀ,  dS_i = P_i ⊙ (dP_i − rowsum(dO_i ⊙ O_i)),
 *                         dQ_i = dS_i·k_i,   dK_i = dS_iᵀ·q_i   (2-D transposes, slices kept from the forward pass).
 * Rows whose keys are all masked come out uniform here; the caller multiplies them by zero.
 */
import * as tf from "@tensorflow/tfjs-core";
import { split3d, transposeLast2 } from "./matMul";

/**
 * q [N, T_q, d_k] (already scaled by 1/√d_k), k [N, T_k, d_k], v [N, T_k, d_v] → [N, T_q, d_v].
 * biasFor(i) gives slice i's additive bias, broadcastable to [T_q, T_k], or undefined.
 * Differentiable w.r.t. q, k and v (hand-written gradient); the bias is a constant.
 */
export function slicedAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  biasFor?: (i: number) => tf.Tensor | undefined,
): tf.Tensor3D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    const N = q_.shape[0];
    const qs = split3d(q_); // N × [T_q, d_k]
    const kTs = split3d(transposeLast2(k_) as tf.Tensor3D); // N × [d_k, T_k]
    const vs = split3d(v_); // N × [T_k, d_v]
    const ps = qs.map((qi, i) => {
      const scores = tf.matMul(qi, kTs[i]!); // [T_q, T_k]
      const bias = biasFor?.(i);
      return tf.softmax(bias ? tf.add(scores, bias) : scores); // [T_q, T_k]
    });
    const output = tf.stack(ps.map((p, i) => tf.matMul(p, vs[i]!))) as tf.Tensor3D; // [N, T_q, d_v]
    // Keep the slices for the backward pass (saving clones references, it copies no data).
    save([output, ...qs, ...kTs, ...vs, ...ps]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const out = saved[0]!;
        const slices = (j: number) => saved.slice(1 + j * N, 1 + (j + 1) * N) as tf.Tensor2D[];
        const [sq, skT, sv, sp] = [slices(0), slices(1), slices(2), slices(3)];
        const dOs = split3d(dy as tf.Tensor3D); // N × [T_q, d_v]
        // Σ_j dP⊙P = Σ_j P_j (dO·v_j) = dO·O per row, so one batched op gives every row sum.
        const rowSums = split3d(tf.sum(tf.mul(dy, out), -1, true) as tf.Tensor3D); // N × [T_q, 1]
        const dq: tf.Tensor[] = [];
        const dk: tf.Tensor[] = [];
        const dv: tf.Tensor[] = [];
        sp.forEach((p, i) => {
          const dO = dOs[i]!;
          dv.push(tf.matMul(tf.transpose(p), dO)); // P_iᵀ·dO_i: [T_k, d_v]
          const dp = tf.matMul(dO, tf.transpose(sv[i]!)); // dO_i·v_iᵀ: [T_q, T_k]
          const ds = tf.mul(p, tf.sub(dp, rowSums[i]!)); // dS_i: [T_q, T_k]
          dq.push(tf.matMul(ds, tf.transpose(skT[i]!))); // dS_i·k_i: [T_q, d_k]
          dk.push(tf.matMul(tf.transpose(ds), sq[i]!)); // dS_iᵀ·q_i: [T_k, d_k]
        });
        return [tf.stack(dq), tf.stack(dk), tf.stack(dv)];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}
