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
