// Browser-safe model utilities. Node-only helpers (saveModel/loadModel in experiments/modelStore.ts,
// gradient registration in backend/gradients.ts) are exported from the Node entry src/lib/index.ts.
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  MODEL_JSON,
  WEIGHTS_BIN,
  assignWeights,
  crc32,
  decodeModel,
  encodeModel,
  fetchModel,
  parseModelJson,
  variablesToTensors,
  weightFiles,
} from "./serialize";
export type { DecodedModel, EncodeOptions, EncodedModel, LoadFromUrlOptions, ModelJson } from "./serialize";
