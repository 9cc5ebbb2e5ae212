import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { SentimentClassifier } from "../../src/lib/models/sentiment/classifier";
import {
  accuracyEnergyFigure,
  attentionMaps,
  attentionReceivedFigure,
  loadPromotedModel,
  measurePredictions,
  resultsTable,
  saveModel,
  unknownWords,
} from "../../src/lib/experiments/sentiment";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("sentiment experiment helpers", () => {
  it("the results table adds training and 1,000 predictions, and has no accuracy per kWh", () => {
    const [row] = resultsTable([
      { method: "m", accuracy: 0.9, macroF1: 0.8, trainingJoules: 100, joulesPer1000: 2.5 },
    ]);
    expect(row).toEqual({
      method: "m",
      "dev accuracy": 0.9,
      "macro-F1": 0.8,
      "training (J)": 100,
      "J per 1,000 predictions": 2.5,
      "training + 1,000 predictions (J)": 102.5,
    });
    expect(Object.keys(row!).some((k) => /kWh/.test(k))).toBe(false);
  });

  it("plots accuracy against the energy of training + 1,000 predictions on a log axis", () => {
    const fig = accuracyEnergyFigure([
      { method: "a", accuracy: 0.8, macroF1: 0.8, trainingJoules: 100, joulesPer1000: 3 },
      { method: "b <c>", accuracy: 0.6, macroF1: 0.6, trainingJoules: 0, joulesPer1000: 0.05 },
    ]);
    expect(fig.data[0]).toMatchObject({ x: [103, 0.05], y: [0.8, 0.6], text: ["a", "b &lt;c&gt;"] });
    expect(fig.layout.xaxis).toMatchObject({ type: "log" });
    expect(() =>
      accuracyEnergyFigure([
        { method: "free", accuracy: 0.5, macroF1: 0.5, trainingJoules: 0, joulesPer1000: 0 },
      ]),
    ).toThrow(/free has 0 J .* a log axis needs > 0/);
  });

  it("loads the promoted model with the ledger record that trained it", async () => {
    const root = path.resolve(__dirname, "../..");
    const shipped = await loadPromotedModel(
      path.join(root, "static/models/sentiment"),
      path.join(root, "data/energy/ledger.jsonl"),
    );
    expect(shipped.ledgerId).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(shipped.training.seconds).toBeCloseTo(shipped.metadata.trainingSeconds as number, 6);
    expect(shipped.training.joules.total).toBeCloseTo(shipped.metadata.trainingJoules as number, 6);
    shipped.model.dispose();
  });

  it("refuses a model without a training record, naming model.json and the field", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sentiment-unpromoted-"));
    const vocab = Vocabulary.build([["good"]]);
    const model = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 1 });
    await saveModel(dir, model, vocab, { task: "test" });
    model.dispose();
    const ledger = path.join(dir, "ledger.jsonl");
    await expect(loadPromotedModel(dir, ledger)).rejects.toThrow(
      /model\.json: userDefinedMetadata\.training\.ledgerId is undefined, not a ledger id/,
    );
    const withId = mkdtempSync(path.join(os.tmpdir(), "sentiment-unrecorded-"));
    const again = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 1 });
    await saveModel(withId, again, vocab, { training: { ledgerId: "sha256:0123456789abcdef" } });
    again.dispose();
    await expect(loadPromotedModel(withId, ledger)).rejects.toThrow(
      /its training record sha256:0123456789abcdef is not in .*ledger\.jsonl/,
    );
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

  it("summarises attention as the mean weight each token receives, per layer and head", () => {
    const fig = attentionReceivedFigure({
      text: "x",
      tokens: ["a", "b"],
      p: 0.5,
      weights: [
        [
          [
            [1, 0],
            [0.5, 0.5],
          ],
        ],
        [
          [
            [0, 1],
            [0, 1],
          ],
        ],
      ],
    });
    expect(fig.data[0]).toMatchObject({
      type: "heatmap",
      z: [
        [0.75, 0.25],
        [0, 1],
      ],
    });
    expect((fig.data[0] as { meta: unknown }).meta).toEqual({
      rows: ["layer 1 · head 1", "layer 2 · head 1"],
      columns: ["a", "b"],
    });
  });
});
