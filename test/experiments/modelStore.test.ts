import { promises as fs, mkdtempSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import * as store from "../../src/lib/experiments/modelStore";
import { loadModel, saveModel } from "../../src/lib/experiments/sentiment";
import {
  SENTIMENT_VOCAB_FILE,
  SentimentClassifier,
  predictTexts,
} from "../../src/lib/models/sentiment/classifier";
import type { SentimentModelConfig } from "../../src/lib/models/sentiment/classifier";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";

const texts = ["a good film", "a bad film", "not good"];

beforeAll(async () => {
  await initBackend({ log: false });
});

/** A tiny classifier over its own vocabulary (different words give a different vocabulary size). */
function tiny(words: string[], seed: number) {
  const vocab = Vocabulary.build([words]);
  const model = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 1, seed });
  return { model, vocab };
}

describe("the model store (one atomic save of weights and vocabularies)", () => {
  it("a failure between writing the weights and the vocabulary leaves the previous model loadable, unchanged", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "model-store-"));
    const dir = path.join(parent, "model");
    const a = tiny(["a", "good", "bad", "film", "not"], 1);
    await saveModel(dir, a.model, a.vocab);
    const before = predictTexts(a.model, a.vocab, texts);

    const b = tiny(["a", "good", "bad", "film", "not", "dull", "witty", "mess"], 2);
    const written: string[] = [];
    const config: SentimentModelConfig = {
      kind: "sentiment-classifier",
      model: b.model.config,
      vocabulary: SENTIMENT_VOCAB_FILE,
    };
    const save = store.saveModel(dir, b.model.variables(), config, {
      files: { [SENTIMENT_VOCAB_FILE]: JSON.stringify(b.vocab.toJSON()) },
      writeFile: async (file, data) => {
        if (path.basename(file) === SENTIMENT_VOCAB_FILE) throw new Error("disk full (injected)");
        written.push(path.basename(file));
        await fs.writeFile(file, data);
      },
    });
    await expect(save).rejects.toThrow(/could not save .*previous model kept.*disk full \(injected\)/);
    expect(written).toEqual(["weights.bin", "model.json"]); // the new weights were written before the failure

    const reloaded = await loadModel(dir);
    expect(reloaded.vocab.size).toBe(a.vocab.size);
    expect(reloaded.model.config.vocabSize).toBe(a.vocab.size);
    expect(predictTexts(reloaded.model, reloaded.vocab, texts)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["model"]); // no temporary folder left behind
    [a.model, b.model, reloaded.model].forEach((m) => m.dispose());
  });

  it("a successful save replaces weights and vocabulary together and removes the previous folder", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "model-store-"));
    const dir = path.join(parent, "model");
    const a = tiny(["a", "good", "bad"], 1);
    await saveModel(dir, a.model, a.vocab);
    const b = tiny(["a", "good", "bad", "film", "not", "dull"], 2);
    const saved = await saveModel(dir, b.model, b.vocab, { note: "b" });
    expect(saved.files.map((f) => path.basename(f)).sort()).toEqual([
      "model.json",
      "vocab.json",
      "weights.bin",
    ]);
    const sizes = await Promise.all(saved.files.map(async (f) => (await fs.stat(f)).size));
    expect(saved.bytes).toBe(sizes.reduce((x, y) => x + y, 0));
    const reloaded = await loadModel(dir);
    expect(reloaded.vocab.size).toBe(b.vocab.size);
    expect(reloaded.metadata).toEqual({ note: "b" });
    expect(predictTexts(reloaded.model, reloaded.vocab, texts)).toEqual(
      predictTexts(b.model, b.vocab, texts),
    );
    expect(readdirSync(parent)).toEqual(["model"]);
    [a.model, b.model, reloaded.model].forEach((m) => m.dispose());
  });

  it("rejects an extra file name that is a path or would overwrite model.json", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "model-store-")), "model");
    const a = tiny(["a"], 1);
    for (const name of ["../vocab.json", "model.json"])
      await expect(
        store.saveModel(dir, a.model.variables(), {}, { files: { [name]: "{}" } }),
      ).rejects.toThrow(`saveModel: options.files: "${name}" must be a plain file name`);
    a.model.dispose();
  });
});
