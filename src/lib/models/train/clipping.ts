/** Gradient clipping by global norm. Browser-safe. */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Scales a gradient map so that its global L2 norm ‖g‖ = √(Σ‖gᵢ‖²) is at most maxNorm; returns a
 * new map (the caller disposes both). Gradients already within the norm come back unscaled.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm)); // 1 when norm ≤ maxNorm
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
    return out;
  });
}
