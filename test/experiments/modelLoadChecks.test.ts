import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { loadModel as loadSentiment, saveModel as saveSentiment } from "../../src/lib/experiments/sentiment";
import {
  loadModel as loadTranslator,
  saveModel as saveTranslator,
} from "../../src/lib/experiments/translationStore";
import { SentimentClassifier } from "../../src/lib/models/sentiment/classifier";
import { Translator } from "../../src/lib/models/translation/model";
import { buildChineseVocabulary } from "../../src/lib/tokenizers/chinese";
import { buildEnglishVocabulary } from "../../src/lib/tokenizers/english";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";
import { crc32, fetchModel } from "../../src/lib/models/serialize";

beforeAll(async () => {
  await initBackend({ backend: "cpu", log: false });
});

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "model-load-checks-"));

function tinySentiment(seed = 1) {
  const vocab = Vocabulary.build([["a", "good", "bad", "film"]]);
  const model = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 1, seed });
  return { model, vocab };
}

function tinyTranslator(seed = 0, words = ["I like cats."]) {
  const vocabs = { src: buildEnglishVocabulary(words, 1), tgt: buildChineseVocabulary(["我喜欢猫。"]) };
  const model = new Translator({
    srcVocabSize: vocabs.src.size,
    tgtVocabSize: vocabs.tgt.size,
    dModel: 8,
    heads: 2,
    dFF: 8,
    encoderLayers: 1,
    decoderLayers: 1,
    maxLength: 8,
    seed,
  });
  return { model, vocabs };
}

function editModelJson(dir: string, edit: (m: { modelConfig: Record<string, unknown> }) => void) {
  const file = path.join(dir, "model.json");
  const m = JSON.parse(readFileSync(file, "utf8")) as { modelConfig: Record<string, unknown> };
  edit(m);
  writeFileSync(file, JSON.stringify(m));
}

describe("model.json's vocabulary path is confined to the model folder", () => {
  it("sentiment: a path outside the folder is refused, naming the field", async () => {
    const dir = path.join(tmp(), "m");
    const { model, vocab } = tinySentiment();
    await saveSentiment(dir, model, vocab);
    model.dispose();
    writeFileSync(path.join(path.dirname(dir), "secret.txt"), '{"not":"a vocabulary"}');
    editModelJson(dir, (m) => (m.modelConfig.vocabulary = "../secret.txt"));
    await expect(loadSentiment(dir)).rejects.toThrow(
      /model\.json: modelConfig\.vocabulary must be a plain file name inside the model folder .*"\.\.\/secret\.txt"/,
    );
  });

  it.each(["../../../../etc/hostname", "/etc/hostname", ".hidden"])(
    "translation: vocabularies.src %j is refused, naming the field",
    async (name) => {
      const dir = path.join(tmp(), "m");
      const { model, vocabs } = tinyTranslator();
      await saveTranslator(dir, model, vocabs);
      model.dispose();
      editModelJson(dir, (m) => ((m.modelConfig.vocabularies as { src: string }).src = name));
      await expect(loadTranslator(dir)).rejects.toThrow(
        /modelConfig\.vocabularies\.src must be a plain file name/,
      );
      expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
    },
  );
});

describe("NaN weights are refused at model load", () => {
  it("names the variable holding NaN, and leaks no tensors", async () => {
    const dir = path.join(tmp(), "m");
    const { model, vocab } = tinySentiment();
    await saveSentiment(dir, model, vocab);
    model.dispose();
    // A NaN in the first weight (embedding.table), with a matching checksum: only the values are wrong.
    const bin = readFileSync(path.join(dir, "weights.bin"));
    bin.writeFloatLE(NaN, 0);
    writeFileSync(path.join(dir, "weights.bin"), bin);
    const json = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as {
      weightsChecksum: { value: string };
    };
    json.weightsChecksum.value = crc32(new Uint8Array(bin)).toString(16).padStart(8, "0");
    writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
    const before = tf.memory().numTensors;
    await expect(loadSentiment(dir)).rejects.toThrow(
      /weights\.bin: weight "embedding\.table" holds NaN or ∞/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("translation vocabularies are inside the one atomic model save", () => {
  it("a failure while writing vocab.zh.json leaves the previous model folder intact and loadable", async () => {
    const parent = tmp();
    const dir = path.join(parent, "model");
    const a = tinyTranslator(1);
    await saveTranslator(dir, a.model, a.vocabs);
    const snapshot = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    const b = tinyTranslator(2, ["I like cats.", "You like dogs and birds."]);
    const written: string[] = [];
    const save = saveTranslator(
      dir,
      b.model,
      b.vocabs,
      {},
      {
        writeFile: async (file, data) => {
          if (path.basename(file) === "vocab.zh.json") throw new Error("disk full (injected)");
          written.push(path.basename(file));
          await fs.writeFile(file, data);
        },
      },
    );
    await expect(save).rejects.toThrow(/could not save .*previous model kept.*disk full \(injected\)/);
    expect(written).toEqual(["weights.bin", "model.json", "vocab.en.json"]);
    for (const [f, bytes] of Object.entries(snapshot))
      expect(readFileSync(path.join(dir, f)).equals(bytes), f).toBe(true);
    expect(readdirSync(parent)).toEqual(["model"]);
    const loaded = await loadTranslator(dir);
    expect(loaded.vocabs.src.size).toBe(a.vocabs.src.size);
    expect(existsSync(path.join(dir, "vocab.zh.json"))).toBe(true);
    [a.model, b.model, loaded.model].forEach((m) => m.dispose());
  });
});

describe("the browser loader confines vocabulary paths too", () => {
  it("fetchModel refuses a model.json whose modelConfig.vocabulary leaves the folder, before fetching anything else", async () => {
    const dir = path.join(tmp(), "m");
    const { model, vocab } = tinySentiment();
    await saveSentiment(dir, model, vocab);
    model.dispose();
    editModelJson(dir, (m) => (m.modelConfig.vocabulary = "../../../../etc/hostname"));
    const fetched: string[] = [];
    const fetch = (async (url: string) => {
      fetched.push(url);
      return new Response(readFileSync(path.join(dir, path.basename(url))));
    }) as typeof globalThis.fetch;
    await expect(fetchModel("https://example.test/models/sentiment/", { fetch })).rejects.toThrow(
      /model\.json: modelConfig\.vocabulary must be a plain file name inside the model folder .*"\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname"/,
    );
    expect(fetched).toEqual(["https://example.test/models/sentiment/model.json"]);
  });
});
