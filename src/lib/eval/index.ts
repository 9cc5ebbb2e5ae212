// Evaluation (browser-safe): classification metrics and Plotly figure specs.
export {
  accuracy,
  classificationReport,
  confusionMatrix,
  macroF1,
  perClassScores,
  thresholdPredictions,
} from "./classification";
export type { ClassScores, ClassificationReport } from "./classification";
export {
  HEATMAP_COLORSCALE,
  attentionHeatmapFigure,
  attentionHeadsFigure,
  barChartFigure,
  confusionMatrixFigure,
  lineChartFigure,
} from "./figures";
export type { AttentionFigureOptions, AttentionLabels, CurvePoint, FigureSpec } from "./figures";
export { bleuFromStats, corpusBleu, isZhTokenChar, tokenizeBleu, tokenizeZh } from "./bleu";
export type { BleuOptions, BleuScore, BleuSmoothing, BleuTokenizer } from "./bleu";
export { chrfFromStats, chrfSentenceStats, corpusChrf } from "./chrf";
export type { ChrfOptions, ChrfScore } from "./chrf";
export { bitsPerCharacter, estimateDiscounts, sequenceBits, trainAddK, trainKneserNey } from "./ngram";
export type { AddKOptions, BitsPerCharacter, KneserNeyOptions, NgramModel, NgramVocabulary } from "./ngram";
export { TATOEBA_EN_ZH_PUBLISHED } from "./published/tatoeba";
export type { PublishedTranslationResult } from "./published/tatoeba";
export { PUBLISHED_SST2 } from "./published/sst2";
export type { PublishedSst2Result, Sst2EvaluationSet } from "./published/sst2";
