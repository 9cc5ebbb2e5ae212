/**
 * IEEE 754 half precision (binary16) from float32, rounding to nearest, ties to even: the
 * storage format of a model's float16 weights (serialize.ts). tfjs decodes them back to float32
 * (tf.io.decodeWeights with quantization { dtype: "float16" }), so only the encoder lives here.
 *
 * binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits; largest finite 65504,
 * smallest normal 2⁻¹⁴, subnormals down to 2⁻²⁴; relative rounding error ≤ 2⁻¹¹ for normal values.
 *
 * Browser-safe.
 */

/** Largest finite binary16 value. */
export const FLOAT16_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bit pattern nearest to v (±∞ beyond ±65520, NaN stays NaN). */
export function toFloat16Bits(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0); // ∞ or NaN
  const e = exp - 127 + 15; // the exponent re-biased for binary16
  if (e >= 0x1f) return sign | 0x7c00; // too large: ∞
  if (e <= 0) {
    // Subnormal in binary16: m·2⁻²⁴ with m = (1.mant)·2^(e−1+…), i.e. the 24-bit significand
    // shifted right by 14 − e, rounded to nearest even.
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    const full = mant | 0x800000;
    const shift = 14 - e;
    let half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa moves into the exponent, which is the correct rounding.
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return half;
}

/** Encodes float32 values as binary16 bit patterns. */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

/** The value of a binary16 bit pattern (for tests and error messages; tfjs decodes weights itself). */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
