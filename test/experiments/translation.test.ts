import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { translate } from "../../src/lib/models/translation/translate";
import type { EvaluationReport, TrainingReport } from "../../src/lib/experiments/translation";
import { loadTranslator } from "../../src/lib/experiments/translationStore";

// The committed reference model (static/models/translation) must load and reproduce the
// translations its evaluation.json reports, so the published BLEU belongs to the shipped files.
const dir = path.join(__dirname, "../../static/models/translation");

describe("exported translation model", () => {
  beforeAll(async () => {
    await initBackend({ log: false });
  });

  it("has model, vocabularies and reports, a few MB in all", () => {
    for (const f of [
      "model.json",
      "weights.bin",
      "vocab.en.json",
      "vocab.zh.json",
      "training.json",
      "evaluation.json",
    ])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it("reproduces the greedy and beam translations recorded in evaluation.json", async () => {
    const evaluation = JSON.parse(
      readFileSync(path.join(dir, "evaluation.json"), "utf8"),
    ) as EvaluationReport;
    const training = JSON.parse(readFileSync(path.join(dir, "training.json"), "utf8")) as TrainingReport;
    expect(training.model.parameters).toBeGreaterThan(0);
    const { model, vocabs } = await loadTranslator(dir);
    const idx = [0, 100, 400, 800, 1200].filter((i) => i < evaluation.test.length);
    const english = idx.map((i) => evaluation.test[i]!.en);
    expect(await translate(model, vocabs, english)).toEqual(idx.map((i) => evaluation.greedy.hypotheses[i]));
    const sub = [0, 50, 150, 250].filter((k) => k < evaluation.subset.length);
    const subEnglish = sub.map((k) => evaluation.test[evaluation.subset[k]!]!.en);
    expect(await translate(model, vocabs, subEnglish, { beam: evaluation.beam.beam })).toEqual(
      sub.map((k) => evaluation.beam.hypotheses[k]),
    );
    model.dispose();
  }, 300_000);
});
