/**
 * Incremental decoding with a key/value cache.
 *
 * Without a cache, predicting the character after s₀ … s_n runs the whole prefix through every
 * block again: step n costs a forward pass over n + 1 positions, so generating N characters costs
 * O(N²) position-passes. But with a causal mask the keys and values of positions 0 … n−1 do not
 * depend on s_n: each block can keep them, K and V of shape [B·h, t, d_k], and a new character
 * needs one query row per block:
 *
 *   x = E[s_n] + P[n];  per block:  h = LN₁(x);  q, k, v = h·W_q + b_q, h·W_k + b_k, h·W_v + b_v
 *                                   K ← [K; k], V ← [V; v]        (append along t)
 *                                   x ← x + (softmax(q·Kᵀ/√d_k)·V)·W_o + b_o;  x ← x + FFN(LN₂(x))
 *   logits = LN(x)·Eᵀ + b
 *
 * `decodeForward` is that computation for t_new ≥ 1 new positions after t_past cached ones. It
 * reads the model's own variables and runs its LayerNorms; only the order of the work differs
 * from GPT.hidden, so the logits are equal to float rounding (tested within 1e-4 over 64 steps
 * and against the teacher-forced forward pass). With t_past = 0 it is a plain forward pass over
 * a window that projects only the last position: generation without a cache uses it too, so the
 * two differ only by the cache.
 *
 * Decoding one position is a chain of tiny kernels, so their number sets the speed on the wasm
 * backend, not the arithmetic: the dense layers run as one fused matMul + bias each; a single
 * query attends with three kernels (q·Kᵀ, softmax, ·V: no mask is needed when it may see every
 * cached key); the cache grows through the wasm heap (concatRows: tf.concat's wasm kernel copies
 * its inputs into JS arrays first). Several new positions (a prompt) go through the library's
 * scaledDotProductAttention with its causal mask.
 *
 * A cache holds at most contextLength positions (the learned position table's rows). What to do
 * when it is full is the caller's choice (generate.ts slides a window and rebuilds the cache):
 * with absolute positions the keys of a shifted window cannot be reused, every key carries the
 * position it was computed at.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import { activate, type Dense } from "../../attention/layers";
import { scaledDotProductAttention } from "../../attention/scaledDotProduct";
import { concatRows, sliceRows } from "../../attention/wasmHeap";
import type { GPT } from "./gpt";

/** Per block, the keys and values of the cached positions: [B·h, t, d_k] each. */
export interface PastKeyValues {
  keys: tf.Tensor3D[];
  values: tf.Tensor3D[];
}

export interface DecodeResult {
  /** Logits of the id after the LAST new position: [B, V]. */
  logits: tf.Tensor2D;
  /** Per block, the keys and values of past + new positions: [B·h, t_past + t_new, d_k]. */
  present: PastKeyValues;
  /** Per block, the attention of the new positions, [B, h, t_new, t_past + t_new] (only with returnWeights). */
  weights?: tf.Tensor4D[];
}

export interface DecodeOptions {
  /** Keys and values of the positions before ids (default: none, ids start at position 0). */
  past?: PastKeyValues;
  /** [d, V] transpose of the tied table, made once by a caller that decodes many steps. */
  weightT?: tf.Tensor2D;
  /** Also return each block's attention weights of the new positions. */
  returnWeights?: boolean;
}

/** x·W + b for a library Dense layer, as one fused kernel. x: [N, in] → [N, units] */
function dense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.w as tf.Tensor2D, bias: layer.b ?? undefined }) as tf.Tensor2D;
}

/** [B·t, h·d_k] rows of B sequences → heads [B·h, t, d_k] */
function toHeads(x: tf.Tensor2D, B: number, t: number, h: number): tf.Tensor3D {
  const dk = x.shape[1] / h;
  if (t === 1) return tf.reshape(x, [B * h, 1, dk]); // no transpose needed for one position
  return tf.reshape(tf.transpose(tf.reshape(x, [B, t, h, dk]), [0, 2, 1, 3]), [B * h, t, dk]);
}

/** heads [B·h, t, d_k] → [B·t, h·d_k] */
function fromHeads(x: tf.Tensor3D, B: number, h: number): tf.Tensor2D {
  const [, t, dk] = x.shape;
  if (t === 1) return tf.reshape(x, [B, h * dk]);
  return tf.reshape(tf.transpose(tf.reshape(x, [B, h, t, dk]), [0, 2, 1, 3]), [B * t, h * dk]);
}

/**
 * Runs ids [B, t_new] at positions t_past … t_past + t_new − 1 after the cached keys and values
 * `past` (none: t_past = 0) and returns the logits after the last new position and the grown
 * cache. Inference only (no dropout, no gradient). The caller owns (disposes) every tensor returned.
 */
export function decodeForward(model: GPT, ids: tf.Tensor2D, options: DecodeOptions = {}): DecodeResult {
  const [B, tNew] = ids.shape;
  const { heads: h, dModel: d, contextLength: C, layers } = model.config;
  const past = options.past;
  const tPast = past ? past.keys[0]!.shape[1] : 0;
  if (ids.rank !== 2 || ids.dtype !== "int32" || tNew < 1)
    throw new Error(
      `decodeForward: ids must be int32 [B, t ≥ 1], got ${ids.dtype} [${ids.shape.join(", ")}]`,
    );
  if (
    past &&
    (past.keys.length !== layers || past.values.length !== layers || past.keys[0]!.shape[0] !== B * h)
  )
    throw new Error(
      `decodeForward: past must hold keys and values of ${layers} blocks for B·h = ${B * h} rows, got ` +
        `${past.keys.length} blocks of [${past.keys[0]?.shape.join(", ")}]`,
    );
  if (tPast + tNew > C)
    throw new Error(
      `decodeForward: ${tNew} new positions after ${tPast} cached exceed the context of ${C}; ` +
        "slide the window (generate.ts does) or build the model with a larger contextLength",
    );
  const returnWeights = options.returnWeights ?? false;
  const scale = 1 / Math.sqrt(d / h);
  return tf.tidy(() => {
    // Embeddings by forward gathers (inference: no gradient needed, and tf.slice on wasm copies the whole table).
    const positions = tf.range(tPast, tPast + tNew, 1, "int32"); // [t_new]
    let x = tf.reshape(
      tf.add(
        tf.reshape(tf.gather(model.tokenEmbedding.table, tf.reshape(ids, [-1])), [B, tNew, d]),
        tf.gather(model.positionEmbedding, positions),
      ),
      [B * tNew, d],
    ) as tf.Tensor2D; // [B·t_new, d]
    const keys: tf.Tensor3D[] = [];
    const values: tf.Tensor3D[] = [];
    const weights: tf.Tensor4D[] = [];
    model.transformer.blocks.forEach((block, i) => {
      const a = block.ln1.apply(x) as tf.Tensor2D; // [B·t_new, d]
      const q = toHeads(dense(block.attn.q, a), B, tNew, h); // [B·h, t_new, d_k]
      const kNew = toHeads(dense(block.attn.k, a), B, tNew, h); // [B·h, t_new, d_k]
      const vNew = toHeads(dense(block.attn.v, a), B, tNew, h);
      const k = (past ? concatRows([past.keys[i]!, kNew]) : kNew) as tf.Tensor3D; // [B·h, t, d_k]
      const v = (past ? concatRows([past.values[i]!, vNew]) : vNew) as tf.Tensor3D;
      keys.push(k);
      values.push(v);
      let attended: tf.Tensor3D; // [B·h, t_new, d_k]
      if (tNew === 1) {
        // One query may see every key: softmax(q·Kᵀ/√d_k)·V with no mask.
        const p = tf.softmax(tf.matMul(tf.mul(q, scale), k, false, true)) as tf.Tensor3D; // [B·h, 1, t]
        if (returnWeights) weights.push(tf.reshape(p, [B, h, 1, tPast + 1]));
        attended = tf.matMul(p, v);
      } else {
        const r = scaledDotProductAttention(q, k, v, { causal: true, returnWeights });
        if (r.weights) weights.push(tf.reshape(r.weights, [B, h, tNew, tPast + tNew]));
        attended = r.output as tf.Tensor3D;
      }
      x = tf.add(x, dense(block.attn.o, fromHeads(attended, B, h))); // [B·t_new, d]
      const f = block.ffn;
      const hidden = activate(dense(f.fc1, block.ln2.apply(x) as tf.Tensor2D), f.config.activation); // [B·t_new, dFF]
      x = tf.add(x, dense(f.fc2, hidden as tf.Tensor2D));
    });
    // Only the last new position of each row is projected: [B, d] → [B, V].
    const last =
      tNew === 1
        ? x
        : (tf.reshape(sliceRows(tf.reshape(x, [B, tNew, d]), tNew - 1, 1), [B, d]) as tf.Tensor2D);
    const logits = model.project(model.transformer.ln.apply(last), options.weightT) as tf.Tensor2D;
    const present = { keys, values };
    return returnWeights ? { logits, present, weights } : { logits, present };
  });
}

export interface AppendResult {
  /** Logits of the id after the LAST appended position: [B, V]. The caller disposes it. */
  logits: tf.Tensor2D;
  /** Per block [B, h, t_new, t] (only with returnWeights). The caller disposes them. */
  weights?: tf.Tensor4D[];
}

/** A growing cache of keys and values over which new positions are decoded one call at a time. */
export class KVCache {
  private past: PastKeyValues | undefined;
  /** Eᵀ [d, V], transposed once for all steps (tied output); null when the model has its own W. */
  private readonly weightT: tf.Tensor2D | null;
  private cachedPositions = 0;

  /**
   * @param model the GPT whose variables every step reads (not copied, except the tied table's
   *   transpose taken once here: do not train the model while a cache is open).
   * @param batchSize sequences decoded side by side (rows B of every append).
   */
  constructor(
    readonly model: GPT,
    readonly batchSize = 1,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error(`KVCache: batchSize must be a positive integer, got ${batchSize}`);
    this.weightT = model.head
      ? null
      : tf.keep(tf.tidy(() => tf.transpose(model.tokenEmbedding.table) as tf.Tensor2D));
  }

  /** Positions held (0 … contextLength). */
  get length(): number {
    return this.cachedPositions;
  }

  /** Most positions a cache can hold: the model's contextLength. */
  get capacity(): number {
    return this.model.config.contextLength;
  }

  /**
   * Runs ids [B, t_new] at positions length … length + t_new − 1, appends their keys and values,
   * and returns the logits after the last of them. The new positions attend to the cached ones
   * and causally to each other (a prompt can be appended in one call).
   */
  append(
    ids: tf.Tensor2D | readonly (readonly number[])[],
    options: { returnWeights?: boolean } = {},
  ): AppendResult {
    const input = Array.isArray(ids)
      ? tf.tensor2d(ids as number[][], undefined, "int32")
      : (ids as tf.Tensor2D);
    try {
      if (input.shape[0] !== this.batchSize)
        throw new Error(
          `KVCache.append: ids must have ${this.batchSize} rows, got [${input.shape.join(", ")}]`,
        );
      if (this.cachedPositions + (input.shape[1] ?? 0) > this.capacity)
        throw new Error(
          `KVCache.append: ${input.shape[1]} new positions after ${this.cachedPositions} cached exceed the ` +
            `context of ${this.capacity}; reset() the cache and append the window to keep (generate.ts slides it)`,
        );
      const r = decodeForward(this.model, input, {
        past: this.past,
        weightT: this.weightT ?? undefined,
        returnWeights: options.returnWeights,
      });
      this.disposePast();
      // kept: an append inside a caller's tf.tidy must not dispose the cache when that scope ends
      this.past = {
        keys: r.present.keys.map((t) => tf.keep(t)),
        values: r.present.values.map((t) => tf.keep(t)),
      };
      this.cachedPositions += input.shape[1];
      return r.weights ? { logits: r.logits, weights: r.weights } : { logits: r.logits };
    } finally {
      if (input !== ids) input.dispose();
    }
  }

  private disposePast(): void {
    if (this.past) tf.dispose([...this.past.keys, ...this.past.values]);
    this.past = undefined;
  }

  /** Drops every cached position (the tensors are disposed); the cache can be filled again. */
  reset(): void {
    this.disposePast();
    this.cachedPositions = 0;
  }

  /** Frees the cached tensors and the transposed table. */
  dispose(): void {
    this.reset();
    this.weightT?.dispose();
  }
}
