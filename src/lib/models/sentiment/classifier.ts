/**
 * A small transformer-encoder sentiment classifier (browser-safe: tfjs-core only).
 *
 *   ids [B, T] ─ Embedding·√d + sinusoidal PE ─ N pre-LN encoder blocks + LN ─ pool ─ Dense → logits [B, 2]
 *
 * Pooling: "cls" reads the output at position 0 (a [CLS] token the encoder puts there);
 * "mean" averages the outputs over the real (non-[PAD]) positions.
 * p(positive) = softmax(logits)[1].
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
import { sinusoidalPositionalValues } from "../../attention/positional";
import { TransformerEncoder } from "../../attention/transformerBlock";
import { CLS, Vocabulary } from "../../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../../tokenizers/sst2Style";
import { assignWeights, fetchModel, type DecodedModel } from "../serialize";
import { padIds } from "../train/batches";
import { withDefaults } from "../../util/withDefaults";

export type Pooling = "cls" | "mean";

export interface SentimentClassifierConfig {
  /** Rows of the embedding table (vocabulary size). */
  vocabSize: number;
  /** Longest input, [CLS] included; longer inputs are truncated (default 64). */
  maxLength?: number;
  /** Model width (default 64). */
  dModel?: number;
  /** Attention heads; must divide dModel (default 4). */
  heads?: number;
  /** Encoder blocks (default 2). Single-stack models call it `layers`; the translator has encoderLayers and decoderLayers. */
  layers?: number;
  /** Feed-forward hidden width (default 2·dModel). */
  dFF?: number;
  /** Dropout in the blocks and on the embeddings during training (default 0.1). */
  dropout?: number;
  /** How the sequence becomes one vector (default "mean"). */
  pooling?: Pooling;
  /** Id of [PAD] (default 0). */
  padId?: number;
  /** Seed of every initializer (default 0). */
  seed?: number;
}

export type ResolvedSentimentConfig = Required<SentimentClassifierConfig>;

export function resolveSentimentConfig(config: SentimentClassifierConfig): ResolvedSentimentConfig {
  const dModel = config.dModel ?? 64;
  const c: ResolvedSentimentConfig = withDefaults(
    {
      maxLength: 64,
      heads: 4,
      layers: 2,
      dFF: 2 * dModel,
      dropout: 0.1,
      pooling: "mean" as Pooling,
      padId: 0,
      seed: 0,
      dModel,
    },
    config,
  );
  if (!Number.isInteger(c.vocabSize) || c.vocabSize < 3)
    throw new Error(`SentimentClassifier: vocabSize must be an integer ≥ 3, got ${c.vocabSize}`);
  if (c.dModel % c.heads !== 0)
    throw new Error(`SentimentClassifier: heads (${c.heads}) must divide dModel (${c.dModel})`);
  if (c.pooling !== "cls" && c.pooling !== "mean")
    throw new Error(`SentimentClassifier: pooling must be "cls" or "mean", got ${JSON.stringify(c.pooling)}`);
  return c;
}

export interface ForwardOptions {
  training?: boolean;
}

/**
 * What training, evaluation and prediction need from a sentiment model: the transformer
 * (SentimentClassifier) and its ablation without attention (MeanPoolClassifier) both provide it.
 */
export interface SentimentModel {
  readonly config: Pick<ResolvedSentimentConfig, "padId" | "maxLength" | "pooling">;
  /** ids int32 [B, T] (padId = [PAD]) → logits [B, 2] */
  logits(ids: tf.Tensor2D, options?: ForwardOptions): tf.Tensor2D;
  /** ids [B, T] → p(positive) [B] */
  predictProba(ids: tf.Tensor2D): tf.Tensor1D;
  variables(): VariableMap;
  dispose(): void;
}

/**
 * The mean of h over the real (non-[PAD]) positions of each row:
 *
 *   pooled_b = Σ_t m_bt · h_bt / max(1, Σ_t m_bt),   m_bt = 1 if ids_bt ≠ padId else 0.
 *
 * h: [B, T, d] float32, ids: [B, T] int32 → [B, d]. A row of [PAD] only gives zeros (not NaN), and a
 * masked position contributes exactly zero even when its h is NaN or infinite (it is selected away,
 * not multiplied by 0).
 */
export function maskedMeanPool(h: tf.Tensor, ids: tf.Tensor2D, padId: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T] = ids.shape;
    const isReal = tf.reshape(tf.notEqual(ids, padId), [B, T, 1]); // [B, T, 1] bool
    const kept = tf.where(tf.broadcastTo(isReal, h.shape), h, tf.zerosLike(h)); // [B, T, d]
    const count = tf.sum(tf.cast(isReal, "float32"), 1); // [B, 1]
    return tf.div(tf.sum(kept, 1), tf.maximum(count, 1)) as tf.Tensor2D; // [B, d]
  });
}

export class SentimentClassifier implements Module, SentimentModel {
  readonly config: ResolvedSentimentConfig;
  readonly embedding: Embedding;
  readonly encoder: TransformerEncoder;
  readonly head: Dense;
  /** Sinusoidal table for maxLength positions, [maxLength, dModel]; a constant, not a variable. */
  private readonly positions: tf.Tensor2D;

  constructor(config: SentimentClassifierConfig) {
    this.config = resolveSentimentConfig(config);
    const { vocabSize, dModel, heads, layers, dFF, dropout, seed, maxLength } = this.config;
    this.embedding = new Embedding({
      vocabSize,
      dim: dModel,
      seed: deriveSeed(seed, "embedding"),
      scaleBySqrtDim: true,
    });
    this.encoder = new TransformerEncoder({
      dModel,
      heads,
      layers,
      dFF,
      dropout,
      epsilon: 1e-5,
      seed: deriveSeed(seed, "encoder"),
    });
    this.head = new Dense({ inputDim: dModel, units: 2, seed: deriveSeed(seed, "head") });
    this.positions = tf.keep(tf.tensor2d(sinusoidalPositionalValues(maxLength, dModel), [maxLength, dModel]));
  }

  /** ids int32 [B, T] → embedded input [B, T, dModel] and key mask bool [B, 1, 1, T]. */
  private embed(ids: tf.Tensor2D, training: boolean): { x: tf.Tensor; mask: tf.Tensor } {
    const [B, T] = ids.shape;
    if (T > this.config.maxLength)
      throw new Error(
        `SentimentClassifier: T=${T} exceeds maxLength=${this.config.maxLength}; truncate inputs`,
      );
    const pe = tf.slice(this.positions, [0, 0], [T, this.config.dModel]); // [T, d]
    let x = tf.add(this.embedding.apply(ids), pe); // [B, T, d]
    if (training && this.config.dropout > 0) x = tf.dropout(x, this.config.dropout);
    const mask = tf.reshape(tf.notEqual(ids, this.config.padId), [B, 1, 1, T]); // true = real token
    return { x, mask };
  }

  /** h: [B, T, d], ids: [B, T] → pooled [B, d] */
  private pool(h: tf.Tensor, ids: tf.Tensor2D): tf.Tensor {
    const [B] = ids.shape;
    const d = this.config.dModel;
    if (this.config.pooling === "cls") return tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, d]), [B, d]);
    return maskedMeanPool(h, ids, this.config.padId);
  }

  /** ids int32 [B, T] (0 = [PAD]) → logits [B, 2] */
  logits(ids: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const training = options.training ?? false;
      const { x, mask } = this.embed(ids, training);
      const h = this.encoder.apply(x, { mask, training }); // [B, T, d]
      return this.head.apply(this.pool(h, ids)) as tf.Tensor2D;
    });
  }

  /** ids [B, T] → p(positive) [B] */
  predictProba(ids: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(
      () => tf.reshape(tf.slice(tf.softmax(this.logits(ids)), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D,
    );
  }

  /**
   * Inference forward pass that also returns each block's attention weights:
   * ids [B, T] → { proba [B], weights: per layer [B, heads, T, T] }.
   */
  forwardWithAttention(ids: tf.Tensor2D): { proba: tf.Tensor1D; weights: tf.Tensor4D[] } {
    return tf.tidy(() => {
      const { x, mask } = this.embed(ids, false);
      const weights: tf.Tensor4D[] = [];
      let h = x;
      for (const block of this.encoder.blocks) {
        const r = block.applyWithWeights(h, { mask });
        h = r.output;
        weights.push(r.weights as tf.Tensor4D);
      }
      h = this.encoder.ln.apply(h);
      const logits = this.head.apply(this.pool(h, ids));
      const proba = tf.reshape(tf.slice(tf.softmax(logits), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D;
      return { proba, weights };
    });
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("embedding", this.embedding.variables()),
      ...prefixVariables("encoder", this.encoder.variables()),
      ...prefixVariables("head", this.head.variables()),
    };
  }

  dispose(): void {
    this.embedding.dispose();
    this.encoder.dispose();
    this.head.dispose();
    this.positions.dispose();
  }
}

/**
 * Text → token ids as the classifier reads them: SST-2-style normalization (a no-op on SST-2's
 * own text, apart from brackets), whitespace split, [CLS] first when pooling is "cls",
 * truncated to maxLength.
 */
export function encodeForSentiment(
  text: string,
  vocab: Vocabulary,
  config: Pick<ResolvedSentimentConfig, "maxLength" | "pooling">,
): number[] {
  const ids = vocab.encode(splitTokens(normalizeSst2Style(text)));
  const withCls = config.pooling === "cls" ? [vocab.idOfSpecial(CLS), ...ids] : ids;
  const out = withCls.slice(0, config.maxLength);
  return out.length > 0 ? out : [vocab.unkId]; // an empty line still gets one token
}

/**
 * p(positive) for raw or SST-2-style texts, in batches of `batchSize` sorted by length
 * (less padding), returned in input order.
 */
export function predictTexts(
  model: SentimentModel,
  vocab: Vocabulary,
  texts: readonly string[],
  batchSize = 128,
): number[] {
  const encoded = texts.map((t) => encodeForSentiment(t, vocab, model.config));
  const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
  const out = new Array<number>(texts.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const ids = padIds(
      idx.map((i) => encoded[i]!),
      model.config.padId,
    );
    const p = model.predictProba(ids);
    const values = p.dataSync();
    idx.forEach((i, j) => (out[i] = values[j]!));
    ids.dispose();
    p.dispose();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading a saved model (browser-safe part; saving and loading on disk: experiments/sentiment.ts)

/** modelConfig stored in model.json for a sentiment classifier. */
export interface SentimentModelConfig {
  kind: "sentiment-classifier";
  model: ResolvedSentimentConfig;
  /** Vocabulary file next to model.json. */
  vocabulary: string;
}

export const SENTIMENT_VOCAB_FILE = "vocab.json";

/** Rebuilds a classifier from decoded weights (disposes them) and its vocabulary. */
export function sentimentFromDecoded(
  decoded: DecodedModel<SentimentModelConfig>,
  vocab: Vocabulary,
  source = "model.json",
): SentimentClassifier {
  const c = decoded.config;
  if (c?.kind !== "sentiment-classifier")
    throw new Error(
      `${source}: modelConfig.kind is ${JSON.stringify(c?.kind)}, expected "sentiment-classifier"`,
    );
  if (c.model.vocabSize !== vocab.size)
    throw new Error(
      `${source}: vocabSize ${c.model.vocabSize} does not match the vocabulary (${vocab.size} tokens)`,
    );
  const model = new SentimentClassifier(c.model);
  try {
    assignWeights(model.variables(), decoded.weights, source);
  } finally {
    tf.dispose(Object.values(decoded.weights));
  }
  return model;
}

/** Loads `${baseUrl}/model.json`, its weights and vocab.json (e.g. /models/sentiment/ on the site). */
export async function loadModelFromUrl(
  baseUrl: string,
  options: { fetch?: typeof fetch } = {},
): Promise<{ model: SentimentClassifier; vocab: Vocabulary; metadata: Record<string, unknown> }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const decoded = await fetchModel<SentimentModelConfig>(baseUrl, options);
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const url = `${base}${decoded.config.vocabulary ?? SENTIMENT_VOCAB_FILE}`;
  const res = await doFetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`.trim());
  const vocab = Vocabulary.fromJSON(await res.text());
  return {
    model: sentimentFromDecoded(decoded, vocab, `${base}model.json`),
    vocab,
    metadata: decoded.metadata,
  };
}
