// Node entry of the llm-footprint library: what notebooks and scripts import by package name.
// Importing it registers tfjs's gradients (backend/gradients.ts). Browser code imports the
// browser-safe folders directly (attention, models, tokenizers, eval, energy/browser).
//
// A namespace per concept, for discovery by tab completion (`sentiment.`, `energy.`, …), plus the
// names every notebook uses at the top level.
import "./backend/gradients";
import * as tf from "@tensorflow/tfjs-core";

export { tf };

// Namespaces
export * as attention from "./attention";
export * as train from "./models/train";
export * as sentiment from "./experiments/sentiment";
export * as translation from "./experiments/translation";
export * as generation from "./experiments/generation";
export * as energy from "./energy";
export * as data from "./data";
export * as tokenizers from "./tokenizers";
export * as evaluate from "./eval";
export * as show from "./notebook/show";
export * as workshop from "./workshop";

// Common names
export { initBackend } from "./backend";
export type { BackendInfo } from "./backend";
export { isQuickMode } from "./config";
export {
  Dense,
  MultiHeadAttention,
  attentionFlops,
  benchmarkAttention,
  causalMask,
  chunkedAttention,
  countParameters,
  denseFlops,
  maskedSoftmax,
  matMulFlops,
  paddingMaskFromIds,
  paddingMaskFromLengths,
  plainAttention,
  scaledDotProductAttention,
} from "./attention";
export { measure } from "./energy";
export type { EnergyRecord } from "./energy";
export { Vocabulary } from "./tokenizers";
export { corpusBleu, corpusChrf } from "./eval";
export {
  showAttention,
  showAttentionHeads,
  showMarkdown,
  showPlot,
  showSource,
  showTable,
} from "./notebook/show";
export { mulberry32, withDefaults } from "./util";
export { figureKind, methodWord, methodWordFor } from "./format/methodWords";
