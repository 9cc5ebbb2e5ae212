/**
 * Attention per slice without stacked products: the fast path on the wasm backend.
 *
 * Where it can run, the whole attention is one WebAssembly SIMD kernel of ours
 * (fusedAttentionKernel.ts). Otherwise (no SIMD, a threaded backend, a kernel still compiling in
 * the browser) it runs on tfjs products, as below.
 *
 * tfjs-backend-wasm (4.22) sends only 2-D products without transposes to XNNPACK; batched
 * products take a generic loop several times slower. sliceProducts (sliceProducts.ts) runs the
 * N per-slice products of a stacked [N, ·, ·] operand on views of its buffer, so the element-wise
 * steps (bias, softmax, the softmax gradient) run once on the stacked tensors, one kernel each:
 *
 * Forward:   S = q·kᵀ + bias;  P = softmax(S);  O = P·v                    (P and O are saved)
 * Backward:  dP = dO·vᵀ;  dS = P ⊙ (dP − rowsum(dO ⊙ O));  dQ = dS·k;  dK = dSᵀ·q;  dV = Pᵀ·dO.
 * Every product is "a_i·b_i" with b_i the right operand XNNPACK packs on each call. Only thin
 * [T, d] tensors are transposed (kᵀ, vᵀ, qᵀ, dOᵀ and the results dKᵀ, dVᵀ), with a JS loop over
 * the wasm heap (wasmHeap.ts transpose3d): at B·H=32, T=128 wasm's Transpose kernel took 2.5 ms for
 * [32, 128, 32] against 0.2 ms, and transposing P or dS [32, 128, 128] (1 ms in JS; 10 ms at
 * B·H=8, T=512) cost more than letting XNNPACK pack them as right operands.
 * Rows whose keys are all masked come out uniform here; the caller multiplies them by zero.
 */
import * as tf from "@tensorflow/tfjs-core";
import { fusedAttentionKernel, kernelAttention } from "./fusedAttentionKernel";
import { transposeLast2 } from "./matMul";
import { sliceProducts } from "./sliceProducts";

const mm = (a: tf.Tensor, b: tf.Tensor) => sliceProducts(a as tf.Tensor3D, b as tf.Tensor3D);
const tr = (x: tf.Tensor) => transposeLast2(x) as tf.Tensor3D;

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
  const kernel = fusedAttentionKernel();
  const runnable =
    [q, k, v].every((t) => t.dtype === "float32") && [...q.shape, ...v.shape].every((n) => n > 0);
  return kernel && runnable ? kernelAttention(kernel, q, k, v, bias) : productsAttention(q, k, v, bias);
}

/** slicedAttention on tfjs products (sliceProducts): the same math, without the kernel. */
export function productsAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  bias?: tf.Tensor3D,
): tf.Tensor3D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    const scores = mm(q_, tr(k_)); // S: [N, T_q, T_k]
    const p = tf.softmax(bias ? tf.add(scores, bias) : scores); // P: [N, T_q, T_k]
    const output = mm(p, v_); // O: [N, T_q, d_v]
    save([q_, k_, v_, p, output]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, sp, out] = saved as [
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        const dp = mm(dy, tr(sv)); // dO·vᵀ: [N, T_q, T_k]
        const rowDots = tf.sum(tf.mul(dy, out), -1, true); // Σ_j P⊙dP = rowsum(dO⊙O): [N, T_q, 1]
        const ds = tf.mul(sp, tf.sub(dp, rowDots)); // dS: [N, T_q, T_k]
        const dq = mm(ds, sk); // dS·k: [N, T_q, d_k]
        // dK and dV are computed transposed, so that only thin [T, d] tensors are transposed:
        // transposing [T, T] cost more than XNNPACK packing a [T, T] right operand.
        const dk = tr(mm(tr(sq), ds)); // (qᵀ·dS)ᵀ = dSᵀ·q: [N, T_k, d_k]
        const dv = tr(mm(tr(dy), sp)); // (dOᵀ·P)ᵀ = Pᵀ·dO: [N, T_k, d_v]
        return [dq, dk, dv];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}
