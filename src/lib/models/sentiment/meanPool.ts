/**
 * The sentiment transformer with attention removed (browser-safe): the ablation that says what the
 * encoder blocks buy.
 *
 *   ids [B, T] ─ Embedding·√d ─ masked mean over the real positions ─ Dense → logits [B, 2]
 *
 * Everything but the blocks is the transformer's (SentimentClassifier): the same vocabulary,
 * embedding table and scaling, dropout on the embeddings, the same masked mean (maskedMeanPool) and
 * linear head, trained by the same loop (training.ts `fit`). Without attention no token can see
 * another, so word order is lost: the pooled vector is the same for every permutation of the words
 * (positional encodings would only add a length-dependent constant to a mean, so there are none).
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  Dense,
  Embedding,
  deriveSeed,
  prefixVariables,
  type Module,
  type VariableMap,
} from "../../attention/layers";
import { withDefaults } from "../../util/withDefaults";
import { maskedMeanPool, type ForwardOptions, type SentimentModel } from "./classifier";

export interface MeanPoolClassifierConfig {
  /** Rows of the embedding table (vocabulary size). */
  vocabSize: number;
  /** Longest input; longer inputs are truncated (default 64). */
  maxLength?: number;
  /** Embedding width (default 64). */
  dModel?: number;
  /** Dropout on the embeddings during training (default 0.1). */
  dropout?: number;
  /** Id of [PAD] (default 0). */
  padId?: number;
  /** Seed of every initializer (default 0). */
  seed?: number;
}

export type ResolvedMeanPoolConfig = Required<MeanPoolClassifierConfig> & { pooling: "mean" };

export class MeanPoolClassifier implements Module, SentimentModel {
  readonly config: ResolvedMeanPoolConfig;
  readonly embedding: Embedding;
  readonly head: Dense;

  constructor(config: MeanPoolClassifierConfig) {
    const c = withDefaults({ maxLength: 64, dModel: 64, dropout: 0.1, padId: 0, seed: 0 }, config);
    if (!Number.isInteger(c.vocabSize) || c.vocabSize < 3)
      throw new Error(`MeanPoolClassifier: vocabSize must be an integer ≥ 3, got ${c.vocabSize}`);
    if (!(c.dropout >= 0 && c.dropout < 1))
      throw new Error(`MeanPoolClassifier: dropout must be in [0, 1), got ${c.dropout}`);
    this.config = { ...c, pooling: "mean" };
    const { vocabSize, dModel, seed } = this.config;
    // Same seeds as SentimentClassifier: the same initial embedding table and head.
    this.embedding = new Embedding({
      vocabSize,
      dim: dModel,
      seed: deriveSeed(seed, "embedding"),
      scaleBySqrtDim: true,
    });
    this.head = new Dense({ inputDim: dModel, units: 2, seed: deriveSeed(seed, "head") });
  }

  /** ids int32 [B, T] (padId = [PAD]) → logits [B, 2] */
  logits(ids: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const [, T] = ids.shape;
      if (T > this.config.maxLength)
        throw new Error(
          `MeanPoolClassifier: T=${T} exceeds maxLength=${this.config.maxLength}; truncate inputs`,
        );
      let x = this.embedding.apply(ids); // [B, T, d]
      if (options.training && this.config.dropout > 0) x = tf.dropout(x, this.config.dropout);
      return this.head.apply(maskedMeanPool(x, ids, this.config.padId)) as tf.Tensor2D; // [B, 2]
    });
  }

  /** ids [B, T] → p(positive) [B] */
  predictProba(ids: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(
      () => tf.reshape(tf.slice(tf.softmax(this.logits(ids)), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D,
    );
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("embedding", this.embedding.variables()),
      ...prefixVariables("head", this.head.variables()),
    };
  }

  dispose(): void {
    this.embedding.dispose();
    this.head.dispose();
  }
}
