export { scaledDotProductAttention } from "./scaledDotProduct";
export type { AttentionOptions, AttentionResult } from "./scaledDotProduct";
