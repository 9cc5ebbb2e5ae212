// Node entry of the llm-footprint library (what notebooks import by package name).
// Browser code imports the browser-safe folders (attention, models, tokenizers, metrics) directly.
import * as tf from "@tensorflow/tfjs-core";

export { tf };
export * from "./backend";
export * from "./attention";
export * from "./config";
export * from "./energy";
export * from "./models";
export { loadModel, saveModel } from "./models/io";
export type { SaveModelOptions } from "./models/io";
export { registerCoreGradients } from "./models/gradients";
export * from "./notebook";
export * from "./workshop";
// Sentiment (issue 5): data, tokenizers, evaluation, model, training, baselines, experiment helpers.
export * from "./data";
export * from "./tokenizers";
export * from "./eval";
export * from "./models/sentimentClassifier";
export * from "./models/sentimentTraining";
export * from "./models/sentimentBaselines";
export * from "./models/sentimentStore";
export * from "./models/sentimentExperiment";
export * from "./models/train";
export * from "./models/trainBatches";
// Translation (issue 6): Tatoeba data, BLEU/chrF, translator model, decoding, training, experiment.
export * from "./models/translator";
export * from "./models/translation";
export * from "./models/translationDecode";
export * from "./models/translationTraining";
export * from "./models/translationStore";
export * from "./models/translationExperiment";
