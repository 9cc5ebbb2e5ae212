import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { SentimentClassifier } from "../../src/lib/models/sentiment/classifier";
import {
  attentionMaps,
  measurePredictions,
  resultsTable,
  unknownWords,
} from "../../src/lib/experiments/sentiment";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("sentiment experiment helpers", () => {
  it("accuracy per kWh divides by training plus 1,000 predictions", () => {
    const [row] = resultsTable([
      { method: "m", accuracy: 0.9, macroF1: 0.9, trainingJoules: 3.6e6 - 1000, joulesPer1000: 1000 },
    ]);
    expect(row!["accuracy per kWh (training + 1,000 predictions)"]).toBe("0.900");
    const [free] = resultsTable([
      { method: "f", accuracy: 0.5, macroF1: 0.3, trainingJoules: 0, joulesPer1000: 0 },
    ]);
    expect(free!["accuracy per kWh (training + 1,000 predictions)"]).toBe("∞");
  });

  it("measures a cheap predictor by repeating it, reporting joules per 1,000 predictions", async () => {
    const m = await measurePredictions("test: constant", (t) => t.map(() => 1), ["a", "b"], {
      minSeconds: 0.2,
      meter: { powercapRoot: false, nvidiaSmi: false },
    });
    expect(m.predictions).toBeGreaterThan(2);
    expect(m.predictions % 2).toBe(0);
    expect(m.record.seconds).toBeGreaterThanOrEqual(0.2);
    expect(m.joulesPer1000).toBeCloseTo((m.record.joules.total / m.predictions) * 1000, 12);
  });

  it("returns per-layer, per-head attention over the normalized tokens, [UNK] included", () => {
    const vocab = Vocabulary.build([["not", "good", "."]]);
    const model = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 2, seed: 2 });
    const [map] = attentionMaps(model, vocab, ["Not good, really."]);
    expect(map!.tokens).toEqual(["not", "good", "[UNK]", "[UNK]", "."]);
    expect(map!.weights).toHaveLength(2);
    expect(map!.weights[0]).toHaveLength(2);
    expect(map!.weights[0]![0]).toHaveLength(5);
    expect(unknownWords("Not good, really.", vocab)).toEqual([",", "really"]);
    model.dispose();
  });
});
