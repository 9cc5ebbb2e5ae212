/**
 * An encoder–decoder transformer for English → Chinese (Vaswani et al. 2017, pre-LN blocks),
 * built from the shared blocks in src/lib/attention (browser-safe):
 *
 *   source ids [B, S] → Embedding·√d + PE → TransformerEncoder → memory [B, S, d]
 *   target ids [B, T] → Embedding·√d + PE → TransformerDecoder(causal self-attn, cross-attn to memory)
 *                     → Dense(d → V_tgt) → logits [B, T, V_tgt]
 *
 * Training uses teacher forcing: the decoder reads [BOS] y₁ … y_{n} and predicts y₁ … y_n [EOS]
 * at every position at once; the loss is label-smoothed cross-entropy over non-padding targets.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  Dense,
  Embedding,
  countParameters,
  deriveSeed,
  dropout,
  prefixVariables,
  type Module,
  type VariableMap,
} from "../../attention/layers";
import { sinusoidalPositionalValues } from "../../attention/positional";
import { TransformerDecoder, TransformerEncoder } from "../../attention/transformerBlock";
import { withDefaults } from "../../util/withDefaults";

export interface TranslatorConfig {
  /** Source (English word) vocabulary size. */
  srcVocabSize: number;
  /** Target (Chinese character) vocabulary size. */
  tgtVocabSize: number;
  /** Model width (default 128). */
  dModel?: number;
  /** Attention heads; must divide dModel (default 4). */
  heads?: number;
  /** Feed-forward hidden width (default 4·dModel). */
  dFF?: number;
  /** Encoder blocks (default 2). */
  encoderLayers?: number;
  /** Decoder blocks (default 2). */
  decoderLayers?: number;
  /** Dropout on embeddings, sub-layers and attention weights during training (default 0.1). */
  dropout?: number;
  /** Longest source or target sequence the positional table covers, specials included (default 64). */
  maxLength?: number;
  /** Id of [PAD] in both vocabularies (default 0). */
  padId?: number;
  /** Seed of all initializers (default 0). */
  seed?: number;
}

export type ResolvedTranslatorConfig = Required<TranslatorConfig>;

export function resolveTranslatorConfig(config: TranslatorConfig): ResolvedTranslatorConfig {
  const dModel = config.dModel ?? 128;
  const c = withDefaults(
    {
      dModel,
      heads: 4,
      dFF: 4 * dModel,
      encoderLayers: 2,
      decoderLayers: 2,
      dropout: 0.1,
      maxLength: 64,
      padId: 0,
      seed: 0,
    },
    config,
  ) as ResolvedTranslatorConfig;
  for (const k of ["srcVocabSize", "tgtVocabSize", "dModel", "heads", "dFF", "maxLength"] as const)
    if (!Number.isInteger(c[k]) || c[k] <= 0)
      throw new Error(`Translator: ${k} must be a positive integer, got ${c[k]}`);
  if (c.dModel % c.heads !== 0)
    throw new Error(`Translator: heads (${c.heads}) must divide dModel (${c.dModel}).`);
  return c;
}

/** One teacher-forced batch: ids padded with padId. */
export interface TranslationBatch {
  /** Source ids [B, S] (tokens then [EOS]). */
  src: tf.Tensor2D;
  /** Decoder input [B, T]: [BOS] y₁ … y_n. */
  tgtIn: tf.Tensor2D;
  /** Decoder target [B, T]: y₁ … y_n [EOS]. */
  tgtOut: tf.Tensor2D;
  /** Number of non-padding target tokens. */
  tokens: number;
}

export class Translator implements Module {
  readonly config: ResolvedTranslatorConfig;
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly encoder: TransformerEncoder;
  readonly decoder: TransformerDecoder;
  readonly output: Dense;
  private readonly positions: tf.Tensor2D;

  constructor(config: TranslatorConfig) {
    this.config = resolveTranslatorConfig(config);
    const { srcVocabSize, tgtVocabSize, dModel, heads, dFF, encoderLayers, decoderLayers, seed } =
      this.config;
    const rate = this.config.dropout;
    this.srcEmbedding = new Embedding({
      vocabSize: srcVocabSize,
      dim: dModel,
      seed: deriveSeed(seed, "srcEmbedding"),
      scaleBySqrtDim: true,
    });
    this.tgtEmbedding = new Embedding({
      vocabSize: tgtVocabSize,
      dim: dModel,
      seed: deriveSeed(seed, "tgtEmbedding"),
      scaleBySqrtDim: true,
    });
    const block = { dModel, heads, dFF, dropout: rate, activation: "relu" as const };
    this.encoder = new TransformerEncoder({
      ...block,
      layers: encoderLayers,
      seed: deriveSeed(seed, "encoder"),
    });
    this.decoder = new TransformerDecoder({
      ...block,
      layers: decoderLayers,
      seed: deriveSeed(seed, "decoder"),
    });
    this.output = new Dense({ inputDim: dModel, units: tgtVocabSize, seed: deriveSeed(seed, "output") });
    const P = this.config.maxLength;
    this.positions = tf.tensor2d(sinusoidalPositionalValues(P, dModel), [P, dModel]);
  }

  /** Embedding·√d + positional encoding, then dropout. ids: [B, T] → [B, T, d] */
  private embed(table: Embedding, ids: tf.Tensor2D, training: boolean): tf.Tensor3D {
    const [, T] = ids.shape;
    if (T > this.config.maxLength)
      throw new Error(
        `Translator: sequence of ${T} tokens exceeds maxLength=${this.config.maxLength}; truncate the input or build the model with a larger maxLength.`,
      );
    return tf.tidy(() => {
      const x = tf.add(table.apply(ids), tf.slice(this.positions, [0, 0], [T, this.config.dModel])); // [B, T, d]
      return dropout(x, this.config.dropout, training) as tf.Tensor3D;
    });
  }

  /** Source padding mask, true = real token. src: [B, S] → bool [B, 1, 1, S] */
  sourceMask(src: tf.Tensor2D): tf.Tensor4D {
    const [B, S] = src.shape;
    return tf.tidy(() => tf.reshape(tf.notEqual(src, this.config.padId), [B, 1, 1, S]) as tf.Tensor4D);
  }

  /** src: [B, S] → memory [B, S, d] */
  encode(src: tf.Tensor2D, training = false): tf.Tensor3D {
    return tf.tidy(() => {
      const mask = this.sourceMask(src);
      return this.encoder.apply(this.embed(this.srcEmbedding, src, training), {
        mask,
        training,
      }) as tf.Tensor3D;
    });
  }

  /**
   * Decoder hidden states. tgtIn: [B, T], memory: [B, S, d], srcMask: [B, 1, 1, S] → [B, T, d].
   * Padding in tgtIn needs no mask: causality keeps real positions from reading later pads,
   * and the loss ignores the pad positions themselves.
   */
  decodeHidden(tgtIn: tf.Tensor2D, memory: tf.Tensor3D, srcMask: tf.Tensor4D, training = false): tf.Tensor3D {
    return tf.tidy(
      () =>
        this.decoder.apply(this.embed(this.tgtEmbedding, tgtIn, training), memory, {
          memoryMask: srcMask,
          training,
        }) as tf.Tensor3D,
    );
  }

  /** Full teacher-forced forward pass: logits [B, T, V_tgt]. */
  logits(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training = false): tf.Tensor3D {
    return tf.tidy(() => {
      const memory = this.encode(src, training);
      const h = this.decodeHidden(tgtIn, memory, this.sourceMask(src), training);
      return this.output.apply(h) as tf.Tensor3D;
    });
  }

  /**
   * Log-probabilities of the next token after each prefix's last position.
   * prefix: [N, t], memory: [N, S, d], srcMask: [N, 1, 1, S] → [N, V_tgt]
   */
  nextTokenLogProbs(prefix: tf.Tensor2D, memory: tf.Tensor3D, srcMask: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const [N, t] = prefix.shape;
      const h = this.decodeHidden(prefix, memory, srcMask); // [N, t, d]
      const last = tf.reshape(tf.slice(h, [0, t - 1, 0], [N, 1, this.config.dModel]), [
        N,
        this.config.dModel,
      ]);
      return tf.logSoftmax(this.output.apply(last)) as tf.Tensor2D; // [N, V]
    });
  }

  /**
   * Cross-attention weights of every decoder block for a teacher-forced pass (for heatmaps).
   * src: [1, S], tgtIn: [1, T] → per layer [heads, T, S].
   */
  crossAttention(src: tf.Tensor2D, tgtIn: tf.Tensor2D): tf.Tensor3D[] {
    return tf.tidy(() => {
      const memory = this.encode(src);
      const srcMask = this.sourceMask(src);
      let h: tf.Tensor = this.embed(this.tgtEmbedding, tgtIn, false);
      const out: tf.Tensor3D[] = [];
      for (const block of this.decoder.blocks) {
        const r = block.applyWithWeights(h, memory, { memoryMask: srcMask });
        h = r.output;
        const [, H, T, S] = r.crossWeights.shape as [number, number, number, number];
        out.push(tf.reshape(r.crossWeights, [H, T, S]) as tf.Tensor3D);
      }
      return out;
    });
  }

  /**
   * Label-smoothed cross-entropy (Szegedy et al. 2016) averaged over non-padding target tokens:
   * the target distribution puts 1 − ε on the reference token and ε spread uniformly over the vocabulary.
   * Returns the loss and the number of tokens predicted correctly (arg-max = reference).
   */
  loss(
    batch: TranslationBatch,
    training: boolean,
    labelSmoothing = 0.1,
  ): { loss: tf.Scalar; correct: tf.Scalar } {
    return tf.tidy(() => {
      const V = this.config.tgtVocabSize;
      const logits = this.logits(batch.src, batch.tgtIn, training); // [B, T, V]
      const [B, T] = batch.tgtOut.shape;
      const flat = tf.reshape(logits, [B * T, V]); // [N, V]
      const targets = tf.reshape(batch.tgtOut, [B * T]); // [N]
      const mask = tf.cast(tf.notEqual(targets, this.config.padId), "float32"); // [N]
      // tfjs's softmaxCrossEntropy smooths the one-hot labels to (1 − ε)·onehot + ε/V and has a fused
      // gradient softmax − labels (fewer kernels than composing logSoftmax by hand).
      const summed = tf.losses.softmaxCrossEntropy(
        tf.oneHot(targets, V),
        flat,
        mask,
        labelSmoothing,
        tf.Reduction.SUM,
      );
      const loss = tf.div(summed, Math.max(1, batch.tokens)) as tf.Scalar;
      const hit = tf.cast(tf.equal(tf.argMax(flat, -1), targets), "float32");
      const correct = tf.sum(tf.mul(hit, mask)) as tf.Scalar;
      return { loss, correct };
    });
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("srcEmbedding", this.srcEmbedding.variables()),
      ...prefixVariables("tgtEmbedding", this.tgtEmbedding.variables()),
      ...prefixVariables("encoder", this.encoder.variables()),
      ...prefixVariables("decoder", this.decoder.variables()),
      ...prefixVariables("output", this.output.variables()),
    };
  }

  parameterCount(): number {
    return countParameters(this.variables());
  }

  dispose(): void {
    for (const m of [this.srcEmbedding, this.tgtEmbedding, this.encoder, this.decoder, this.output])
      m.dispose();
    this.positions.dispose();
  }
}
