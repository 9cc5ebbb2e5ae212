import { describe, expect, it } from "vitest";
import {
  BagOfWordsClassifier,
  bagOfWordsFeatures,
  resolveBagOfWordsConfig,
} from "../../../src/lib/models/sentiment/bagOfWords";

const rows = [
  { text: "a wonderful , moving film", label: 1 },
  { text: "wonderful acting and a great story", label: 1 },
  { text: "great fun", label: 1 },
  { text: "a dull , boring mess", label: 0 },
  { text: "boring and dull acting", label: 0 },
  { text: "a terrible mess", label: 0 },
];

describe("BagOfWordsClassifier", () => {
  it("features are the distinct normalized words, plus adjacent pairs with ngrams = 2", () => {
    expect(bagOfWordsFeatures("It's not good, not good.")).toEqual(["it", "'s", "not", "good", ",", "."]);
    expect(bagOfWordsFeatures("not good", 2)).toEqual(["not", "good", "not good"]);
  });

  it("fits a separable set and predicts unseen combinations of its words", () => {
    const { model, steps, meanLoss } = BagOfWordsClassifier.train(rows, { epochs: 30, batchSize: 2 });
    expect(steps).toBe(30 * 3);
    expect(meanLoss.at(-1)!).toBeLessThan(meanLoss[0]!);
    expect(model.predict(rows.map((r) => r.text))).toEqual(rows.map((r) => r.label));
    expect(model.predict(["a great , moving story", "a boring , terrible film"])).toEqual([1, 0]);
  });

  it("ignores words it never saw: an unknown text gets the bias alone", () => {
    const { model } = BagOfWordsClassifier.train(rows, { epochs: 5 });
    expect(model.encode("zyzzyva quux")).toEqual([]);
    const [p] = model.predictProba(["zyzzyva quux"]);
    expect(p).toBeCloseTo(1 / (1 + Math.exp(-model.bias)), 12);
  });

  it("is deterministic for a seed and depends on it", () => {
    const a = BagOfWordsClassifier.train(rows, { seed: 1, epochs: 2, batchSize: 2 }).model;
    const b = BagOfWordsClassifier.train(rows, { seed: 1, epochs: 2, batchSize: 2 }).model;
    const c = BagOfWordsClassifier.train(rows, { seed: 2, epochs: 2, batchSize: 2 }).model;
    expect([...a.weights]).toEqual([...b.weights]);
    expect([...a.weights]).not.toEqual([...c.weights]);
  });

  it("refuses bad labels, no rows and bad settings, naming the field", () => {
    expect(() => BagOfWordsClassifier.train([{ text: "x", label: 2 }])).toThrow(
      /row 0 has label 2; expected 0 or 1/,
    );
    expect(() => BagOfWordsClassifier.train([])).toThrow(/no training rows/);
    expect(() => resolveBagOfWordsConfig({ epochs: 0 })).toThrow(/epochs must be an integer ≥ 1, got 0/);
    expect(() => resolveBagOfWordsConfig({ ngrams: 3 as 1 })).toThrow(/ngrams must be 1 or 2/);
    expect(() => resolveBagOfWordsConfig({ learningRate: -1 })).toThrow(/learningRate must be > 0/);
  });
});
