// Node entry of the llm-footprint library (what notebooks import by package name).
// Browser code imports the browser-safe folders (attention, models, tokenizers, metrics) directly.
import * as tf from "@tensorflow/tfjs-core";

export { tf };
export * from "./backend";
export * from "./attention";
export * from "./config";
export * from "./energy";
export * from "./models";
export { loadModel, saveModel } from "./experiments/modelStore";
export type { SaveModelOptions } from "./experiments/modelStore";
export { registerCoreGradients } from "./backend/gradients";
export * from "./notebook";
export * from "./workshop";
// Sentiment (issue 5): data, tokenizers, evaluation, model, training, baselines, experiment helpers.
export * from "./data";
export * from "./tokenizers";
export * from "./eval";
export * from "./models/sentiment/classifier";
export * from "./models/sentiment/training";
export * from "./models/sentiment/baselines";
export * from "./experiments/sentimentStore";
export * from "./experiments/sentiment";
export * from "./models/train";
// Translation (issue 6): Tatoeba data, BLEU/chrF, translator model, decoding, training, experiment.
export * from "./models/translation/model";
export * from "./models/translation/translate";
export * from "./models/translation/decode";
export * from "./models/translation/training";
export * from "./experiments/translationStore";
export * from "./experiments/translation";
