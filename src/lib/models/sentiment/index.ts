// Sentiment demo (browser-safe): classifier, training, baselines, browser runtime.
export { LexiconClassifier, detokenizeSst2, majorityClass } from "./baselines";
export type { LexiconScore } from "./baselines";
export {
  SENTIMENT_VOCAB_FILE,
  SentimentClassifier,
  encodeForSentiment,
  loadSentimentModelFromUrl,
  padBatch,
  predictTexts,
  resolveSentimentConfig,
  sentimentFromDecoded,
} from "./classifier";
export type {
  ForwardOptions,
  Pooling,
  ResolvedSentimentConfig,
  SentimentClassifierConfig,
  SentimentModelConfig,
} from "./classifier";
export {
  buildSentimentModel,
  buildSentimentVocabulary,
  encodeRows,
  evaluateEncoded,
  fitSentiment,
  sentimentReferenceConfig,
  sentimentStep,
  trainSentiment,
} from "./training";
export type { EncodedSet, SentimentEvaluation, SentimentTrainingConfig, TrainedSentiment } from "./training";
