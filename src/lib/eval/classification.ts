/**
 * Binary and multi-class classification metrics (browser-safe, plain arrays).
 * Labels are integers 0 … K−1; for sentiment 0 = negative, 1 = positive.
 */

/** Fraction of predictions equal to the label. */
export function accuracy(labels: readonly number[], predictions: readonly number[]): number {
  checkLengths(labels, predictions);
  if (labels.length === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) correct++;
  return correct / labels.length;
}

/**
 * Confusion matrix: m[actual][predicted] counts, K × K.
 * @param classes K (default: 1 + the largest label or prediction).
 */
export function confusionMatrix(
  labels: readonly number[],
  predictions: readonly number[],
  classes?: number,
): number[][] {
  checkLengths(labels, predictions);
  const K = classes ?? 1 + Math.max(1, ...labels, ...predictions);
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i]!;
    const p = predictions[i]!;
    if (!(Number.isInteger(a) && a >= 0 && a < K && Number.isInteger(p) && p >= 0 && p < K))
      throw new Error(
        `confusionMatrix: row ${i} has label ${a}, prediction ${p}; both must be integers in [0, ${K}).`,
      );
    m[a]![p]!++;
  }
  return m;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall and F1 per class from a confusion matrix (0 where undefined, as scikit-learn does). */
export function perClassScores(matrix: readonly (readonly number[])[]): ClassScores[] {
  const K = matrix.length;
  return Array.from({ length: K }, (_, k) => {
    const tp = matrix[k]![k]!;
    const actual = matrix[k]!.reduce((s, v) => s + v, 0);
    const predicted = matrix.reduce((s, row) => s + row[k]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = actual > 0 ? tp / actual : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support: actual };
  });
}

/** Unweighted mean of the per-class F1 scores. */
export function macroF1(labels: readonly number[], predictions: readonly number[], classes?: number): number {
  const scores = perClassScores(confusionMatrix(labels, predictions, classes));
  return scores.reduce((s, c) => s + c.f1, 0) / scores.length;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  /** m[actual][predicted] */
  confusion: number[][];
  perClass: ClassScores[];
}

export function classificationReport(
  labels: readonly number[],
  predictions: readonly number[],
  classes = 2,
): ClassificationReport {
  const confusion = confusionMatrix(labels, predictions, classes);
  const perClass = perClassScores(confusion);
  return {
    n: labels.length,
    accuracy: accuracy(labels, predictions),
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length,
    confusion,
    perClass,
  };
}

/** p(positive) → 0/1 at a threshold (default 0.5; p = threshold counts as positive). */
export function thresholdPredictions(proba: readonly number[], threshold = 0.5): number[] {
  return proba.map((p) => (p >= threshold ? 1 : 0));
}

function checkLengths(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new Error(`metrics: ${a.length} labels but ${b.length} predictions.`);
}
