/**
 * Pre-LayerNorm transformer blocks (Xiong et al. 2020; as in GPT-2 and most current models):
 *
 *   encoder:  x ← x + Dropout(SelfAttn(LN₁(x)))
 *             x ← x + Dropout(FFN(LN₂(x)))
 *
 *   decoder:  x ← x + Dropout(CausalSelfAttn(LN₁(x)))
 *             x ← x + Dropout(CrossAttn(LN₂(x), memory))
 *             x ← x + Dropout(FFN(LN₃(x)))
 *
 * Normalising before each sub-layer (instead of after the residual sum, as in Vaswani et al.
 * 2017) trains without learning-rate warm-up; a stack of pre-LN blocks needs one final
 * LayerNorm, which `TransformerEncoder` / `TransformerDecoder` add.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import { withDefaults } from "../util/withDefaults";
import {
  FeedForward,
  LayerNorm,
  assertRate,
  deriveSeed,
  dropout,
  prefixVariables,
  type Activation,
  type Module,
  type VariableMap,
} from "./layers";
import { MultiHeadAttention } from "./multiHeadAttention";

export interface TransformerBlockConfig {
  /** Model width. */
  dModel: number;
  /** Attention heads; must divide dModel. */
  heads: number;
  /** Feed-forward hidden width (default 4·dModel). */
  dFF?: number;
  /** Dropout on each sub-layer output, the attention weights and the FFN hidden layer (default 0.1). */
  dropout?: number;
  /** Feed-forward activation (default "gelu"). */
  activation?: Activation;
  /** LayerNorm epsilon (default 1e-5). */
  epsilon?: number;
  /** Seed of all initializers in the block (default 0). */
  seed?: number;
}

type ResolvedBlockConfig = Required<TransformerBlockConfig>;

function resolveBlockConfig(config: TransformerBlockConfig, where: string): ResolvedBlockConfig {
  const c: ResolvedBlockConfig = withDefaults(
    { dFF: 4 * config.dModel, dropout: 0.1, activation: "gelu" as Activation, epsilon: 1e-5, seed: 0 },
    config,
  );
  assertRate(c.dropout, "dropout", where);
  return c;
}

export interface EncoderBlockOptions {
  /** Padding mask broadcastable to [B, h, T, T], e.g. [B, 1, 1, T] (true = real token). */
  mask?: tf.Tensor;
  /** Enables dropout (default false). */
  training?: boolean;
}

/**
 * Pre-LN encoder block. x: [B, T, dModel] → [B, T, dModel].
 * Variables: "ln1.*", "attn.*", "ln2.*", "ffn.*".
 */
export class TransformerEncoderBlock implements Module {
  readonly config: ResolvedBlockConfig;
  readonly ln1: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly ffn: FeedForward;

  constructor(config: TransformerBlockConfig) {
    this.config = resolveBlockConfig(config, "TransformerEncoderBlock");
    const { dModel, heads, dFF, dropout: rate, activation, epsilon, seed } = this.config;
    this.ln1 = new LayerNorm({ dim: dModel, epsilon });
    this.attn = new MultiHeadAttention({ dModel, heads, dropout: rate, seed: deriveSeed(seed, "attn") });
    this.ln2 = new LayerNorm({ dim: dModel, epsilon });
    this.ffn = new FeedForward({ dModel, dFF, activation, dropout: rate, seed: deriveSeed(seed, "ffn") });
  }

  /** x: [B, T, dModel] → [B, T, dModel] */
  apply(x: tf.Tensor, options: EncoderBlockOptions = {}): tf.Tensor {
    return tf.tidy(() => this.forward(x, options, false).output);
  }

  /** Same as apply, plus the self-attention weights [B, h, T, T] (for heatmaps). */
  applyWithWeights(
    x: tf.Tensor,
    options: EncoderBlockOptions = {},
  ): { output: tf.Tensor; weights: tf.Tensor } {
    return tf.tidy(() => {
      const r = this.forward(x, options, true);
      return { output: r.output, weights: r.weights! };
    });
  }

  private forward(
    x: tf.Tensor,
    options: EncoderBlockOptions,
    returnWeights: boolean,
  ): { output: tf.Tensor; weights?: tf.Tensor } {
    const training = options.training ?? false;
    const rate = this.config.dropout;
    const a = this.attn.apply(this.ln1.apply(x), undefined, { mask: options.mask, training, returnWeights });
    const h = tf.add(x, dropout(a.output, rate, training)); // [B, T, dModel]
    const output = tf.add(h, dropout(this.ffn.apply(this.ln2.apply(h), training), rate, training));
    return { output, weights: a.weights };
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("ln1", this.ln1.variables()),
      ...prefixVariables("attn", this.attn.variables()),
      ...prefixVariables("ln2", this.ln2.variables()),
      ...prefixVariables("ffn", this.ffn.variables()),
    };
  }

  dispose(): void {
    for (const m of [this.ln1, this.attn, this.ln2, this.ffn]) m.dispose();
  }
}

export interface DecoderBlockOptions {
  /** Extra mask on decoder self-attention, e.g. target padding [B, 1, 1, T]; causality is always applied. */
  selfMask?: tf.Tensor;
  /** Mask on cross-attention keys (source padding), broadcastable to [B, h, T, S], e.g. [B, 1, 1, S]. */
  memoryMask?: tf.Tensor;
  /** Enables dropout (default false). */
  training?: boolean;
}

export interface DecoderBlockResult {
  /** [B, T, dModel] */
  output: tf.Tensor;
  /** Causal self-attention weights [B, h, T, T]. */
  selfWeights: tf.Tensor;
  /** Cross-attention weights [B, h, T, S] (which source tokens each target position read). */
  crossWeights: tf.Tensor;
}

/**
 * Pre-LN decoder block with causal self-attention and cross-attention to the encoder output.
 * x: [B, T, dModel], memory: [B, S, dModel] → [B, T, dModel].
 * Variables: "ln1.*", "selfAttn.*", "ln2.*", "crossAttn.*", "ln3.*", "ffn.*".
 */
export class TransformerDecoderBlock implements Module {
  readonly config: ResolvedBlockConfig;
  readonly ln1: LayerNorm;
  readonly selfAttn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly crossAttn: MultiHeadAttention;
  readonly ln3: LayerNorm;
  readonly ffn: FeedForward;

  constructor(config: TransformerBlockConfig) {
    this.config = resolveBlockConfig(config, "TransformerDecoderBlock");
    const { dModel, heads, dFF, dropout: rate, activation, epsilon, seed } = this.config;
    this.ln1 = new LayerNorm({ dim: dModel, epsilon });
    this.selfAttn = new MultiHeadAttention({
      dModel,
      heads,
      dropout: rate,
      seed: deriveSeed(seed, "selfAttn"),
    });
    this.ln2 = new LayerNorm({ dim: dModel, epsilon });
    this.crossAttn = new MultiHeadAttention({
      dModel,
      heads,
      dropout: rate,
      seed: deriveSeed(seed, "crossAttn"),
    });
    this.ln3 = new LayerNorm({ dim: dModel, epsilon });
    this.ffn = new FeedForward({ dModel, dFF, activation, dropout: rate, seed: deriveSeed(seed, "ffn") });
  }

  /** x: [B, T, dModel], memory: [B, S, dModel] → [B, T, dModel] */
  apply(x: tf.Tensor, memory: tf.Tensor, options: DecoderBlockOptions = {}): tf.Tensor {
    return tf.tidy(() => this.forward(x, memory, options, false).output);
  }

  /** Same as apply, plus self- and cross-attention weights per head. */
  applyWithWeights(x: tf.Tensor, memory: tf.Tensor, options: DecoderBlockOptions = {}): DecoderBlockResult {
    return tf.tidy(() => {
      const r = this.forward(x, memory, options, true);
      return { output: r.output, selfWeights: r.selfWeights!, crossWeights: r.crossWeights! };
    });
  }

  private forward(
    x: tf.Tensor,
    memory: tf.Tensor,
    options: DecoderBlockOptions,
    returnWeights: boolean,
  ): { output: tf.Tensor; selfWeights?: tf.Tensor; crossWeights?: tf.Tensor } {
    const training = options.training ?? false;
    const rate = this.config.dropout;
    const s = this.selfAttn.apply(this.ln1.apply(x), undefined, {
      mask: options.selfMask,
      causal: true,
      training,
      returnWeights,
    });
    const h1 = tf.add(x, dropout(s.output, rate, training)); // [B, T, dModel]
    const c = this.crossAttn.apply(this.ln2.apply(h1), memory, {
      mask: options.memoryMask,
      training,
      returnWeights,
    });
    const h2 = tf.add(h1, dropout(c.output, rate, training)); // [B, T, dModel]
    const output = tf.add(h2, dropout(this.ffn.apply(this.ln3.apply(h2), training), rate, training));
    return returnWeights ? { output, selfWeights: s.weights!, crossWeights: c.weights! } : { output };
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("ln1", this.ln1.variables()),
      ...prefixVariables("selfAttn", this.selfAttn.variables()),
      ...prefixVariables("ln2", this.ln2.variables()),
      ...prefixVariables("crossAttn", this.crossAttn.variables()),
      ...prefixVariables("ln3", this.ln3.variables()),
      ...prefixVariables("ffn", this.ffn.variables()),
    };
  }

  dispose(): void {
    for (const m of [this.ln1, this.selfAttn, this.ln2, this.crossAttn, this.ln3, this.ffn]) m.dispose();
  }
}

export interface TransformerStackConfig extends TransformerBlockConfig {
  /** Number of blocks. */
  layers: number;
}

/**
 * What the encoder and decoder stacks share: `layers` blocks, each seeded from config.seed and its
 * index, plus the final LayerNorm. Variables: "0.*", "1.*", …, "ln.*".
 */
abstract class BlockStack<Block extends Module> implements Module {
  readonly blocks: Block[];
  readonly ln: LayerNorm;

  protected constructor(
    readonly config: TransformerStackConfig,
    where: string,
    makeBlock: (config: TransformerBlockConfig) => Block,
  ) {
    if (!Number.isInteger(config.layers) || config.layers <= 0)
      throw new Error(`${where}: layers must be a positive integer, got ${config.layers}`);
    const seed = config.seed ?? 0;
    this.blocks = Array.from({ length: config.layers }, (_, i) =>
      makeBlock({ ...config, seed: deriveSeed(seed, `${i}`) }),
    );
    this.ln = new LayerNorm({ dim: config.dModel, epsilon: config.epsilon });
  }

  variables(): VariableMap {
    const out: VariableMap = {};
    this.blocks.forEach((b, i) => Object.assign(out, prefixVariables(`${i}`, b.variables())));
    return { ...out, ...prefixVariables("ln", this.ln.variables()) };
  }

  dispose(): void {
    for (const b of this.blocks) b.dispose();
    this.ln.dispose();
  }
}

/**
 * A stack of pre-LN encoder blocks plus the final LayerNorm.
 * x: [B, T, dModel] → [B, T, dModel]. Variables: "0.*", "1.*", …, "ln.*".
 */
export class TransformerEncoder extends BlockStack<TransformerEncoderBlock> {
  constructor(config: TransformerStackConfig) {
    super(config, "TransformerEncoder", (c) => new TransformerEncoderBlock(c));
  }

  /** x: [B, T, dModel] → [B, T, dModel] */
  apply(x: tf.Tensor, options: EncoderBlockOptions = {}): tf.Tensor {
    return tf.tidy(() => this.ln.apply(this.blocks.reduce((h, b) => b.apply(h, options), x)));
  }

  /** Same as apply, plus each block's self-attention weights [B, h, T, T] (index = block). */
  applyWithWeights(
    x: tf.Tensor,
    options: EncoderBlockOptions = {},
  ): { output: tf.Tensor; weights: tf.Tensor[] } {
    return tf.tidy(() => {
      const weights: tf.Tensor[] = [];
      let h = x;
      for (const b of this.blocks) {
        const r = b.applyWithWeights(h, options);
        weights.push(r.weights);
        h = r.output;
      }
      return { output: this.ln.apply(h), weights };
    });
  }
}

/**
 * A stack of pre-LN decoder blocks plus the final LayerNorm.
 * x: [B, T, dModel], memory: [B, S, dModel] → [B, T, dModel]. Variables: "0.*", …, "ln.*".
 */
export class TransformerDecoder extends BlockStack<TransformerDecoderBlock> {
  constructor(config: TransformerStackConfig) {
    super(config, "TransformerDecoder", (c) => new TransformerDecoderBlock(c));
  }

  /** x: [B, T, dModel], memory: [B, S, dModel] → [B, T, dModel] */
  apply(x: tf.Tensor, memory: tf.Tensor, options: DecoderBlockOptions = {}): tf.Tensor {
    return tf.tidy(() => this.ln.apply(this.blocks.reduce((h, b) => b.apply(h, memory, options), x)));
  }

  /** Same as apply, plus each block's self- [B, h, T, T] and cross-attention weights [B, h, T, S]. */
  applyWithWeights(
    x: tf.Tensor,
    memory: tf.Tensor,
    options: DecoderBlockOptions = {},
  ): { output: tf.Tensor; selfWeights: tf.Tensor[]; crossWeights: tf.Tensor[] } {
    return tf.tidy(() => {
      const selfWeights: tf.Tensor[] = [];
      const crossWeights: tf.Tensor[] = [];
      let h = x;
      for (const b of this.blocks) {
        const r = b.applyWithWeights(h, memory, options);
        selfWeights.push(r.selfWeights);
        crossWeights.push(r.crossWeights);
        h = r.output;
      }
      return { output: this.ln.apply(h), selfWeights, crossWeights };
    });
  }
}
