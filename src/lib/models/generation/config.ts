/**
 * The GPT's configuration: a typed object with commented defaults, validated once where it is
 * resolved (resolveGptConfig), then passed explicitly. The defaults are the model the issue
 * sizes: 4 blocks of width 128 with 4 heads, about 1.6M parameters over a ~6,000-character
 * vocabulary (the tied table alone holds V·d ≈ 0.77M of them).
 *
 * Browser-safe: no imports beyond the library's helpers.
 */
import { encoderBlockParams } from "../../attention/flops";
import { withDefaults } from "../../util/withDefaults";

export interface GptConfig {
  /** Size of the vocabulary (rows of the token table, columns of the logits). Required. */
  vocabSize: number;
  /** Model width d (default 128). */
  dModel?: number;
  /** Attention heads; must divide dModel (default 4, so d_k = 32). */
  heads?: number;
  /** Transformer blocks (default 4). */
  layers?: number;
  /** Feed-forward hidden width (default 4·dModel). */
  dFF?: number;
  /**
   * Most input positions the model reads at once, BOS included (default 128): the learned
   * position table has this many rows. Regulated verse fits with room to spare (an 8-line
   * heptasyllabic poem is 64 characters with its punctuation); longer poems are trained in
   * windows and scored with a sliding window (generate.ts).
   */
  contextLength?: number;
  /**
   * Dropout on the embeddings, every sub-layer output, the attention weights and the FFN hidden
   * layer (default 0). An hour on a CPU trains about one epoch of the Tang poems, too little to
   * overfit, while dropout slows a wasm training step by about a quarter (random masks drawn in
   * JavaScript, and the attention's unfused path); raise it for runs of many epochs.
   */
  dropout?: number;
  /**
   * Share the token table with the output projection, logits = h·Eᵀ + b (Press & Wolf 2017;
   * GPT-2). With ~6,000 characters and d = 128 the table is half the model: tying halves the
   * parameters and gives rare characters an output row trained by their input occurrences too.
   * Default true.
   */
  tiedEmbeddings?: boolean;
  /** Feed-forward activation (default "gelu", as GPT-2). */
  activation?: "gelu" | "relu";
  /** LayerNorm epsilon (default 1e-5). */
  epsilon?: number;
  /** Id of [PAD]: targets equal to it are left out of the loss (default 0). */
  padId?: number;
  /** Seed of every initializer (default 0): the same seed builds the same weights. */
  seed?: number;
}

export type ResolvedGptConfig = Required<GptConfig>;

/** Fills the defaults and validates every field, naming it and the accepted values on error. */
export function resolveGptConfig(config: GptConfig): ResolvedGptConfig {
  if (typeof config !== "object" || config === null)
    throw new Error(`GPT config must be an object with at least { vocabSize }, got ${String(config)}`);
  const dModel = config.dModel ?? 128;
  const c = withDefaults(
    {
      dModel,
      heads: 4,
      layers: 4,
      dFF: 4 * dModel,
      contextLength: 128,
      dropout: 0,
      tiedEmbeddings: true,
      activation: "gelu" as const,
      epsilon: 1e-5,
      padId: 0,
      seed: 0,
    },
    config,
  ) as ResolvedGptConfig;
  for (const k of ["vocabSize", "dModel", "heads", "layers", "dFF", "contextLength"] as const)
    if (!Number.isInteger(c[k]) || c[k] <= 0)
      throw new Error(`GPT config: ${k} must be a positive integer, got ${String(c[k])}`);
  if (c.dModel % c.heads !== 0)
    throw new Error(
      `GPT config: heads (${c.heads}) must divide dModel (${c.dModel}); try heads = 4 with dModel = 128`,
    );
  if (!(c.dropout >= 0 && c.dropout < 1))
    throw new Error(`GPT config: dropout must be in [0, 1), got ${String(c.dropout)}`);
  if (typeof c.tiedEmbeddings !== "boolean")
    throw new Error(`GPT config: tiedEmbeddings must be true or false, got ${String(c.tiedEmbeddings)}`);
  if (c.activation !== "gelu" && c.activation !== "relu")
    throw new Error(`GPT config: activation must be "gelu" or "relu", got ${JSON.stringify(c.activation)}`);
  if (!(c.epsilon > 0)) throw new Error(`GPT config: epsilon must be > 0, got ${String(c.epsilon)}`);
  if (!Number.isInteger(c.padId) || c.padId < 0 || c.padId >= c.vocabSize)
    throw new Error(
      `GPT config: padId must be an integer in [0, vocabSize=${c.vocabSize}), got ${String(c.padId)}`,
    );
  if (!Number.isInteger(c.seed))
    throw new Error(`GPT config: seed must be an integer, got ${String(c.seed)}`);
  return c;
}

/**
 * Trainable parameters of a GPT with this config (without building it):
 * token table V·d, positions C·d, the blocks (encoderBlockParams: a GPT block is an encoder block
 * with a causal mask), final LayerNorm 2·d, output bias V, plus d·V when the output is not tied.
 */
export function gptParameterCount(config: GptConfig): number {
  const c = resolveGptConfig(config);
  const { vocabSize: V, dModel: d, dFF: f, contextLength: C, layers: L } = c;
  return V * d + C * d + L * encoderBlockParams(d, f) + 2 * d + V + (c.tiedEmbeddings ? 0 : d * V);
}
