// Sentiment demo (browser-safe): classifier, training, baselines, loading from a URL.
// The browser runtime of the playground is ./browser.ts; saving and loading on disk, energy and
// attention maps (Node) are experiments/sentiment.ts.
export { LexiconClassifier, detokenizeSst2, majorityClass } from "./baselines";
export type { LexiconScore } from "./baselines";
export { BagOfWordsClassifier, bagOfWordsFeatures, resolveBagOfWordsConfig } from "./bagOfWords";
export type { BagOfWordsConfig, ResolvedBagOfWordsConfig } from "./bagOfWords";
export { MeanPoolClassifier } from "./meanPool";
export type { MeanPoolClassifierConfig, ResolvedMeanPoolConfig } from "./meanPool";
export {
  SENTIMENT_VOCAB_FILE,
  SentimentClassifier,
  encodeForSentiment,
  maskedMeanPool,
  loadModelFromUrl,
  predictTexts,
  resolveSentimentConfig,
  sentimentFromDecoded,
} from "./classifier";
export type {
  ForwardOptions,
  Pooling,
  ResolvedSentimentConfig,
  SentimentClassifierConfig,
  SentimentModel,
  SentimentModelConfig,
} from "./classifier";
export {
  buildMeanPoolModel,
  buildModel,
  buildVocabulary,
  encodeRows,
  evaluateEncoded,
  fit,
  referenceConfig,
  sentimentStep,
  trainSentiment,
} from "./training";
export type { EncodedSet, SentimentEvaluation, SentimentTrainingConfig, TrainedSentiment } from "./training";
