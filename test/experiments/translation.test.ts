import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { translate } from "../../src/lib/models/translation/translate";
import type { EvaluationReport, TrainingReport } from "../../src/lib/experiments/translation";
import { loadModel, saveModel } from "../../src/lib/experiments/translationStore";
import { Translator } from "../../src/lib/models/translation/model";
import { buildChineseVocabulary } from "../../src/lib/tokenizers/chinese";
import { buildEnglishVocabulary } from "../../src/lib/tokenizers/english";

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
    const { model, vocabs } = await loadModel(dir);
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

  it("loads a model.json written before maxPositions was renamed maxLength", async () => {
    const vocabs = {
      src: buildEnglishVocabulary(["I like cats."], 1),
      tgt: buildChineseVocabulary(["我喜欢猫。"]),
    };
    const model = new Translator({
      srcVocabSize: vocabs.src.size,
      tgtVocabSize: vocabs.tgt.size,
      dModel: 8,
      heads: 2,
      dFF: 16,
      encoderLayers: 1,
      decoderLayers: 1,
      maxLength: 16,
    });
    const old = path.join(mkdtempSync(path.join(os.tmpdir(), "translator-old-")), "model");
    await saveModel(old, model, vocabs);
    const jsonFile = path.join(old, "model.json");
    const json = JSON.parse(readFileSync(jsonFile, "utf8"));
    json.modelConfig.model.maxPositions = json.modelConfig.model.maxLength;
    delete json.modelConfig.model.maxLength;
    writeFileSync(jsonFile, JSON.stringify(json));
    const loaded = await loadModel(old);
    expect(loaded.model.config.maxLength).toBe(16);
    expect(await translate(loaded.model, loaded.vocabs, ["i like cats"])).toEqual(
      await translate(model, vocabs, ["i like cats"]),
    );
    [model, loaded.model].forEach((m) => m.dispose());
  });
});
