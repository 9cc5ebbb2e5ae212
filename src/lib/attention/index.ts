export { chooseMatMulStrategy, maskedSoftmax, scaledDotProductAttention } from "./scaledDotProduct";
export type { AttentionOptions, AttentionResult } from "./scaledDotProduct";
export {
  ADDITIVE_MASK_THRESHOLD,
  MASKED_LOGIT,
  attentionBias,
  causalMask,
  maskToBias,
  paddingMaskFromIds,
  paddingMaskFromLengths,
} from "./masks";
export { attentionMatMul } from "./matMul";
export type { MatMulStrategy } from "./matMul";
export { checkAttentionInputs } from "./shapes";
export type { AttentionShapes } from "./shapes";
export { chunkedAttention } from "./chunked";
export type { ChunkedAttentionOptions } from "./chunked";
export { attentionMatMulFlops, benchmarkAttention, plainAttention } from "./benchmark";
export type { BenchConfig, BenchMode, BenchRow, BenchVariant } from "./benchmark";
// Trainable building blocks (layers → multiHeadAttention → transformerBlock).
export {
  Dense,
  Embedding,
  FeedForward,
  LayerNorm,
  activate,
  collectVariables,
  countParameters,
  deriveSeed,
  dropout,
  embeddingLookup,
  gelu,
  glorotUniform,
  makeVariable,
  prefixVariables,
} from "./layers";
export { withDefaults } from "../util/withDefaults";
export type {
  Activation,
  DenseConfig,
  EmbeddingConfig,
  FeedForwardConfig,
  LayerNormConfig,
  Module,
  VariableMap,
} from "./layers";
export { MultiHeadAttention, mergeHeads, splitHeads } from "./multiHeadAttention";
export type {
  MultiHeadAttentionConfig,
  MultiHeadAttentionOptions,
  MultiHeadAttentionResult,
} from "./multiHeadAttention";
export { sinusoidalPositionalEncoding, sinusoidalPositionalValues } from "./positional";
export {
  TransformerDecoder,
  TransformerDecoderBlock,
  TransformerEncoder,
  TransformerEncoderBlock,
} from "./transformerBlock";
export type {
  DecoderBlockOptions,
  DecoderBlockResult,
  EncoderBlockOptions,
  TransformerBlockConfig,
  TransformerStackConfig,
} from "./transformerBlock";
export {
  FLOP_CONVENTIONS,
  attentionFlops,
  decoderBlockFlops,
  decoderBlockParams,
  denseFlops,
  encoderBlockFlops,
  encoderBlockParams,
  feedForwardFlops,
  layerNormFlops,
  matMulFlops,
  multiHeadAttentionFlops,
  optimizerFlops,
  trainingStepFlops,
} from "./flops";
export type {
  AttentionFlopShape,
  AttentionFlops,
  BlockFlopShape,
  BlockFlops,
  MultiHeadAttentionFlops,
  MultiHeadFlopShape,
} from "./flops";
