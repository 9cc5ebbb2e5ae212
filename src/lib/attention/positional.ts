/**
 * Sinusoidal positional encoding (Vaswani et al. 2017, §3.5):
 *   PE[pos, 2i]   = sin(pos / 10000^(2i/d))
 *   PE[pos, 2i+1] = cos(pos / 10000^(2i/d))
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";

/** Plain-array values of the encoding, row-major [T, d] (computed in float64, stored float32). */
export function sinusoidalPositionalValues(T: number, d: number, base = 10000): Float32Array {
  if (!Number.isInteger(T) || T < 0)
    throw new Error(`sinusoidalPositionalEncoding: T must be an integer ≥ 0, got ${T}`);
  if (!Number.isInteger(d) || d <= 0)
    throw new Error(`sinusoidalPositionalEncoding: d must be a positive integer, got ${d}`);
  const out = new Float32Array(T * d);
  for (let pos = 0; pos < T; pos++) {
    for (let j = 0; j < d; j++) {
      const i2 = j - (j % 2); // 2i
      const angle = pos / Math.pow(base, i2 / d);
      out[pos * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/**
 * Returns PE: float32 [T, d]; add it to token embeddings [B, T, d] (broadcasts over B).
 * An odd d ends with a sine column.
 */
export function sinusoidalPositionalEncoding(T: number, d: number, base = 10000): tf.Tensor2D {
  return tf.tensor2d(sinusoidalPositionalValues(T, d, base), [T, d], "float32");
}
