/**
 * A decoder-only transformer (GPT: Radford et al. 2018, 2019) over characters, built from the
 * library's shared blocks (src/lib/attention):
 *
 *   ids [B, T] → E[ids] + P[0..T) → dropout
 *              → TransformerEncoder: pre-LN blocks whose self-attention gets a causal mask, final LayerNorm
 *              → h [B, T, d] → logits = h·Eᵀ + b  [B, T, V]     (h·W + b when the output is not tied)
 *
 * A GPT block is the library's pre-LN encoder block with a causal mask: position t reads only
 * positions ≤ t, so one forward pass over [BOS, c₁ … c_n] predicts c₁ … c_n [EOS] at every position.
 *
 * Positions are LEARNED (a [C, d] table, as GPT-2), not sinusoidal: the context is fixed, so
 * nothing needs to extrapolate beyond C; a poem starts at position 0 (its BOS), so line and
 * column (every 6th or 8th position is a ， or 。) are absolute positions, which a learned row per
 * position can represent directly; and the table costs C·d = 16k parameters, 1% of the model.
 *
 * The token table's gradient is a scatter-add (attention/layers.ts embeddingLookup), so training
 * runs on the wasm backend, whose tf.gather has no registered gradient.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  Dense,
  Embedding,
  countParameters,
  deriveSeed,
  dropout,
  embeddingLookup,
  makeVariable,
  prefixVariables,
  type Module,
  type VariableMap,
} from "../../attention/layers";
import { causalMask } from "../../attention/masks";
import { TransformerEncoder } from "../../attention/transformerBlock";
import { resolveGptConfig, type GptConfig, type ResolvedGptConfig } from "./config";
import { projectedNll } from "./outputLoss";

/** One language-modelling batch: input ids and the ids that follow them, padded with padId. */
export interface GptBatch {
  /** int32 [B, T]: [BOS] c₁ … c_{T−1} (or a window of a longer sequence). */
  input: tf.Tensor2D;
  /** int32 [B, T]: the next id at each position, padId where nothing is predicted. */
  target: tf.Tensor2D;
  /** Number of targets that are not padId (the loss averages over them). */
  tokens: number;
}

export class GPT implements Module {
  readonly config: ResolvedGptConfig;
  /** Token table E [V, d] (also the output projection when tied). Variable "tokenEmbedding.table". */
  readonly tokenEmbedding: Embedding;
  /** Position table P [C, d]. Variable "positionEmbedding.table". */
  readonly positionEmbedding: tf.Variable;
  /** The pre-LN blocks and the final LayerNorm. Variables "transformer.0.*" … "transformer.ln.*". */
  readonly transformer: TransformerEncoder;
  /** Untied output weight W [d, V] ("head.w"), or null when tied to the token table. */
  readonly head: Dense | null;
  /** Output bias b [V] ("head.b"): learns the characters' frequencies. */
  readonly outputBias: tf.Variable;

  constructor(config: GptConfig) {
    this.config = resolveGptConfig(config);
    const {
      vocabSize,
      dModel,
      heads,
      layers,
      dFF,
      contextLength,
      dropout: rate,
      activation,
      epsilon,
      seed,
    } = this.config;
    this.tokenEmbedding = new Embedding({ vocabSize, dim: dModel, seed: deriveSeed(seed, "tokenEmbedding") });
    // N(0, 0.02) as GPT-2; the token table's Glorot range for V ≈ 6,000 has about the same spread.
    this.positionEmbedding = makeVariable(
      tf.randomNormal([contextLength, dModel], 0, 0.02, "float32", deriveSeed(seed, "positionEmbedding")),
      "gpt.positionEmbedding",
    );
    this.transformer = new TransformerEncoder({
      dModel,
      heads,
      dFF,
      layers,
      dropout: rate,
      activation,
      epsilon,
      seed: deriveSeed(seed, "transformer"),
    });
    this.head = this.config.tiedEmbeddings
      ? null
      : new Dense({ inputDim: dModel, units: vocabSize, bias: false, seed: deriveSeed(seed, "head") });
    this.outputBias = makeVariable(tf.zeros([vocabSize]), "gpt.outputBias");
  }

  /**
   * Token + position embeddings, then dropout. ids: int32 [B, T] read at positions start … start+T−1
   * (start > 0 when a KV cache already holds the earlier positions) → [B, T, d].
   */
  embed(ids: tf.Tensor2D, start = 0, training = false): tf.Tensor3D {
    const [, T] = ids.shape;
    const C = this.config.contextLength;
    if (ids.rank !== 2 || ids.dtype !== "int32")
      throw new Error(`GPT: ids must be int32 [B, T], got ${ids.dtype} [${ids.shape.join(", ")}]`);
    if (start + T > C)
      throw new Error(
        `GPT: positions ${start}…${start + T - 1} exceed the context of ${C}; slide a window over longer ` +
          "sequences (generate/scoreSequence do) or build the model with a larger contextLength",
      );
    return tf.tidy(() => {
      // A lookup, not tf.slice: the wasm Slice kernel first copies the whole table into JS.
      const positions = embeddingLookup(
        this.positionEmbedding as tf.Tensor2D,
        tf.range(start, start + T, 1, "int32"),
      ); // [T, d]
      const x = tf.add(this.tokenEmbedding.apply(ids), positions); // [B, T, d]
      return dropout(x, this.config.dropout, training) as tf.Tensor3D;
    });
  }

  /** Final hidden states (after the last LayerNorm). ids: int32 [B, T], T ≤ contextLength → [B, T, d] */
  hidden(ids: tf.Tensor2D, training = false): tf.Tensor3D {
    return tf.tidy(() => {
      const [, T] = ids.shape;
      const x = this.embed(ids, 0, training); // [B, T, d]
      // The encoder blocks take a mask broadcastable to [B, h, T, T]: the causal one is [T, T].
      return this.transformer.apply(x, { mask: causalMask(T), training }) as tf.Tensor3D;
    });
  }

  /**
   * Output projection. h: [..., d] → logits [..., V].
   * `weightT` is an optional [d, V] copy of the tied table's transpose, made once by a caller that
   * projects many times (decoding); by default the table is transposed here. The wasm backend's
   * matMul has a slow path for transposed operands, so the transpose is explicit.
   */
  project(h: tf.Tensor, weightT?: tf.Tensor2D): tf.Tensor {
    const { dModel, vocabSize } = this.config;
    return tf.tidy(() => {
      const lead = h.shape.slice(0, -1);
      const h2 = tf.reshape(h, [-1, dModel]); // [N, d]
      const w =
        weightT ?? (this.head ? this.head.w : (tf.transpose(this.tokenEmbedding.table) as tf.Tensor2D)); // [d, V]
      const logits = tf.add(tf.matMul(h2, w), this.outputBias); // [N, V]
      return tf.reshape(logits, [...lead, vocabSize]);
    });
  }

  /** Teacher-forced logits. ids: int32 [B, T] → float32 [B, T, V]; position t predicts the id after ids[:, t]. */
  logits(ids: tf.Tensor2D, training = false): tf.Tensor3D {
    return tf.tidy(() => this.project(this.hidden(ids, training)) as tf.Tensor3D);
  }

  /**
   * Logits of the next id after each row, recomputing the whole window (no cache): only the last
   * position is projected. ids: int32 [B, T] → [B, V].
   */
  nextLogits(ids: tf.Tensor2D, weightT?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T] = ids.shape;
      const h = this.hidden(ids); // [B, T, d]
      const last = tf.reshape(tf.slice(h, [0, T - 1, 0], [B, 1, this.config.dModel]), [
        B,
        this.config.dModel,
      ]);
      return this.project(last, weightT) as tf.Tensor2D; // [B, V]
    });
  }

  /**
   * Mean cross-entropy in nats over the targets that are not padId (bits = nats / ln 2), and the
   * number of those targets predicted exactly (arg-max = target). Usable as a TrainTask's loss.
   * The output layer and the loss run as one operation with a hand-written gradient (outputLoss.ts).
   */
  loss(batch: GptBatch, training = false): { loss: tf.Scalar; correct: tf.Scalar } {
    const { padId, dModel } = this.config;
    if (!tf.util.arraysEqual(batch.input.shape, batch.target.shape))
      throw new Error(
        `GPT.loss: input [${batch.input.shape.join(", ")}] and target [${batch.target.shape.join(", ")}] must have the same shape`,
      );
    return tf.tidy(() => {
      const [B, T] = batch.target.shape;
      const h = tf.reshape(this.hidden(batch.input, training), [B * T, dModel]) as tf.Tensor2D; // [N, d]
      const targets = tf.reshape(batch.target, [B * T]) as tf.Tensor1D; // [N]
      const mask = tf.cast(tf.notEqual(targets, padId), "float32"); // [N]
      const rows = (this.head ? tf.transpose(this.head.w) : this.tokenEmbedding.table) as tf.Tensor2D; // [V, d]
      const { nll, hits } = projectedNll(h, rows, this.outputBias as tf.Tensor1D, targets);
      const loss = tf.div(tf.sum(tf.mul(nll, mask)), Math.max(1, batch.tokens)) as tf.Scalar;
      const correct = tf.sum(tf.mul(hits, mask)) as tf.Scalar;
      hits.dispose(); // kept by projectedNll beyond every scope
      return { loss, correct };
    });
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("tokenEmbedding", this.tokenEmbedding.variables()),
      "positionEmbedding.table": this.positionEmbedding,
      ...prefixVariables("transformer", this.transformer.variables()),
      ...(this.head ? prefixVariables("head", this.head.variables()) : {}),
      "head.b": this.outputBias,
    };
  }

  parameterCount(): number {
    return countParameters(this.variables());
  }

  dispose(): void {
    this.tokenEmbedding.dispose();
    this.positionEmbedding.dispose();
    this.transformer.dispose();
    this.head?.dispose();
    this.outputBias.dispose();
  }
}
