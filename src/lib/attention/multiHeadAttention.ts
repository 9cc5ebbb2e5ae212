/**
 * Multi-head attention (Vaswani et al. 2017, §3.2.2):
 *   MultiHead(Q, K, V) = Concat(head_1, …, head_h)·W_o,  head_i = Attention(Q·W_q,i, K·W_k,i, V·W_v,i).
 *
 * The h per-head projections are stored as one [dModel, dModel] matrix each (W_q, W_k, W_v),
 * whose columns are split into h groups of dHead = dModel / h. Self-attention passes the same
 * tensor as query and key/value input; cross-attention passes the encoder output as `kv`.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import { withDefaults } from "../util/withDefaults";
import { Dense, assertRate, deriveSeed, type Module, type VariableMap } from "./layers";
import { scaledDotProductAttention } from "./scaledDotProduct";

export interface MultiHeadAttentionConfig {
  /** Model width; input and output last dimension. */
  dModel: number;
  /** Number of heads; must divide dModel. */
  heads: number;
  /** Dropout on the attention weights during training (default 0). */
  dropout?: number;
  /** Bias vectors on the four projections (default true). */
  bias?: boolean;
  /** Seed of the Glorot-uniform initializers (default 0). */
  seed?: number;
}

export interface MultiHeadAttentionOptions {
  /**
   * Boolean (true = may attend) or additive mask broadcastable to [B, h, T_q, T_k]:
   * e.g. a padding mask [B, 1, 1, T_k] from masks.ts.
   */
  mask?: tf.Tensor;
  /** Each query position t sees only keys ≤ t (decoder self-attention). */
  causal?: boolean;
  /** Enables dropout (default false). */
  training?: boolean;
  /** Also return the attention weights per head, [B, h, T_q, T_k]. */
  returnWeights?: boolean;
  /** Seed for this call's dropout mask (default: random). */
  seed?: number;
}

export interface MultiHeadAttentionResult {
  /** [B, T_q, dModel] */
  output: tf.Tensor;
  /** [B, h, T_q, T_k], only with returnWeights. */
  weights?: tf.Tensor;
}

/** [B, T, h·dHead] → [B, h, T, dHead] */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return tf.tidy(() => tf.transpose(tf.reshape(x, [B, T, heads, D / heads]), [0, 2, 1, 3]));
}

/** [B, h, T, dHead] → [B, T, h·dHead] */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [B, h, T, dh] = x.shape as [number, number, number, number];
  return tf.tidy(() => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, h * dh]));
}

/**
 * Multi-head attention with trainable projections.
 * Variables: "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo" (w: [dModel, dModel], b: [dModel]).
 */
export class MultiHeadAttention implements Module {
  readonly config: Required<MultiHeadAttentionConfig>;
  readonly dHead: number;
  readonly q: Dense;
  readonly k: Dense;
  readonly v: Dense;
  readonly o: Dense;

  constructor(config: MultiHeadAttentionConfig) {
    this.config = withDefaults({ dropout: 0, bias: true, seed: 0 }, config);
    const { dModel, heads, dropout, bias, seed } = this.config;
    if (!Number.isInteger(dModel) || dModel <= 0)
      throw new Error(`MultiHeadAttention: dModel must be a positive integer, got ${dModel}`);
    if (!Number.isInteger(heads) || heads <= 0 || dModel % heads !== 0)
      throw new Error(
        `MultiHeadAttention: heads must be a positive integer dividing dModel=${dModel}, got heads=${heads}`,
      );
    assertRate(dropout, "dropout", "MultiHeadAttention");
    this.dHead = dModel / heads;
    const dense = (name: string) =>
      new Dense({ inputDim: dModel, units: dModel, bias, seed: deriveSeed(seed, name) });
    this.q = dense("wq");
    this.k = dense("wk");
    this.v = dense("wv");
    this.o = dense("wo");
  }

  /**
   * x: [B, T_q, dModel] (queries); kv: [B, T_k, dModel] (keys and values; default x, i.e.
   * self-attention) → output [B, T_q, dModel], weights [B, h, T_q, T_k].
   */
  apply(x: tf.Tensor, kv: tf.Tensor = x, options: MultiHeadAttentionOptions = {}): MultiHeadAttentionResult {
    const { dModel, heads, dropout } = this.config;
    for (const [name, t] of [
      ["query input", x],
      ["key/value input", kv],
    ] as const) {
      if (t.rank !== 3 || t.shape[2] !== dModel)
        throw new Error(`MultiHeadAttention: ${name} must be [B, T, ${dModel}], got [${t.shape.join(", ")}]`);
    }
    if (kv.shape[0] !== x.shape[0])
      throw new Error(
        `MultiHeadAttention: batch sizes differ: query [${x.shape.join(", ")}], key/value [${kv.shape.join(", ")}]`,
      );
    return tf.tidy(() => {
      const q = splitHeads(this.q.apply(x), heads); // [B, h, T_q, dHead]
      const k = splitHeads(this.k.apply(kv), heads); // [B, h, T_k, dHead]
      const v = splitHeads(this.v.apply(kv), heads); // [B, h, T_k, dHead]
      const rate = options.training ? dropout : 0;
      const att = scaledDotProductAttention(q, k, v, {
        mask: options.mask,
        causal: options.causal,
        dropout: rate,
        seed: options.seed,
        returnWeights: options.returnWeights,
      });
      const output = this.o.apply(mergeHeads(att.output)); // [B, T_q, dModel]
      return options.returnWeights && att.weights ? { output, weights: att.weights } : { output };
    });
  }

  variables(): VariableMap {
    const out: VariableMap = {};
    for (const [n, d] of [
      ["q", this.q],
      ["k", this.k],
      ["v", this.v],
      ["o", this.o],
    ] as const) {
      out[`w${n}`] = d.w;
      if (d.b) out[`b${n}`] = d.b;
    }
    return out;
  }

  dispose(): void {
    for (const d of [this.q, this.k, this.v, this.o]) d.dispose();
  }
}
