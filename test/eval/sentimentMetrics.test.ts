import { describe, expect, it } from "vitest";
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  macroF1,
  thresholdPredictions,
} from "../../src/lib/eval/classification";
import { lineChartFigure } from "../../src/lib/eval/figures";

// labels:      1 1 1 1 0 0 0 0 0 0
// predictions: 1 1 1 0 0 0 0 0 1 1  → TP=3, FN=1, TN=4, FP=2
const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const preds = [1, 1, 1, 0, 0, 0, 0, 0, 1, 1];

describe("classification metrics", () => {
  it("accuracy counts matches", () => {
    expect(accuracy(labels, preds)).toBeCloseTo(0.7, 12);
  });

  it("confusion matrix is indexed [actual][predicted]", () => {
    expect(confusionMatrix(labels, preds)).toEqual([
      [4, 2],
      [1, 3],
    ]);
  });

  it("macro-F1 equals the hand-computed mean of the two F1 scores", () => {
    // positive: P = 3/5, R = 3/4 → F1 = 2/3; negative: P = 4/5, R = 4/6 → F1 = 8/11
    expect(macroF1(labels, preds)).toBeCloseTo((2 / 3 + 8 / 11) / 2, 12);
    const r = classificationReport(labels, preds);
    expect(r.perClass[1]!.precision).toBeCloseTo(0.6, 12);
    expect(r.perClass[0]!.support).toBe(6);
  });

  it("a class never predicted gets F1 0, not NaN", () => {
    expect(macroF1([0, 1, 1], [1, 1, 1])).toBeCloseTo((0 + 0.8) / 2, 12);
  });

  it("rejects mismatched lengths and out-of-range labels", () => {
    expect(() => accuracy([1], [1, 0])).toThrow(/1 labels but 2 predictions/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/row 1 has label 2/);
  });

  it("thresholds probabilities with p = 0.5 counted positive", () => {
    expect(thresholdPredictions([0.2, 0.5, 0.9])).toEqual([0, 1, 1]);
  });
});

describe("figures", () => {
  it("line charts skip missing values per series", () => {
    const fig = lineChartFigure(
      [
        { x: 1, a: 0.5 },
        { x: 2, a: 0.4, b: 0.3 },
      ],
      { a: "A", b: "B" },
    );
    expect(fig.data[1]!.x).toEqual([2]);
  });
});
