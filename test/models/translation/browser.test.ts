// The browser-side translation code (src/lib/models/translation/browser.ts), run in Node on the
// published model (static/models/translation/), prints what `npm run translate` prints; its
// cross-attention, truncation flag, download size and tensor hygiene.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { main as translateCli } from "../../../src/lib/cli/translate";
import {
  analyzeTranslation,
  loadTranslationForBrowser,
  MAX_SOURCE_WORDS,
  type LoadedTranslation,
} from "../../../src/lib/models/translation/browser";
import { TRANSLATION_SENTENCES } from "../../fixtures/translationSentences";

const PUBLISHED = path.resolve(__dirname, "../../../static/models/translation");

const fileFetch = (async (input: RequestInfo | URL) => {
  const file = String(input);
  if (!fs.existsSync(file)) return new Response(null, { status: 404, statusText: "Not Found" });
  return new Response(fs.readFileSync(file));
}) as typeof fetch;

/** Lines printed by `npm run translate -- --file … --model …`. */
export async function cliTranslations(modelDir: string, sentences: readonly string[]): Promise<string[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "translate-")), "in.txt");
  fs.writeFileSync(file, sentences.join("\n") + "\n");
  let out = "";
  await translateCli(["--file", file, "--model", modelDir], {
    readStdin: async () => "",
    stdout: (t) => (out += t),
    stderr: () => {},
  });
  const lines = out.split("\n");
  lines.pop();
  expect(lines).toHaveLength(sentences.length);
  return lines;
}

describe("browser-side translation code on the published model (static/models/translation/)", () => {
  let loaded: LoadedTranslation;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(PUBLISHED, "model.json")))
      throw new Error(
        "static/models/translation/model.json is missing: train, evaluate and promote a translator first (npm run translate -- --train, then --evaluate <run> and --promote <run>)",
      );
    await initBackend({ log: false });
    loaded = await loadTranslationForBrowser(`${PUBLISHED}/`, { fetch: fileFetch });
  });

  afterAll(() => loaded?.model.dispose());

  it("prints the CLI's translations", async () => {
    const cli = await cliTranslations(PUBLISHED, TRANSLATION_SENTENCES);
    for (const [i, s] of TRANSLATION_SENTENCES.entries()) {
      const a = await analyzeTranslation(loaded.model, loaded.vocabs, s);
      expect(a.translation, s).toBe(cli[i]);
    }
  });

  it("returns cross-attention [layer][head][target][source] whose rows sum to 1", async () => {
    const a = await analyzeTranslation(loaded.model, loaded.vocabs, TRANSLATION_SENTENCES[1]!);
    const { decoderLayers, heads } = loaded.model.config;
    expect(a.crossAttention).toHaveLength(decoderLayers);
    expect(a.source.at(-1)).toBe("[EOS]");
    expect(a.target.at(-1)).toBe("[EOS]");
    for (const layer of a.crossAttention) {
      expect(layer).toHaveLength(heads);
      for (const head of layer) {
        expect(head).toHaveLength(a.target.length);
        for (const row of head) {
          expect(row).toHaveLength(a.source.length);
          expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
        }
      }
    }
  });

  it("flags input longer than the 40 words the model reads", async () => {
    const long = await analyzeTranslation(loaded.model, loaded.vocabs, TRANSLATION_SENTENCES.at(-1)!);
    expect(long.truncated).toBe(true);
    expect(long.totalWords).toBeGreaterThan(MAX_SOURCE_WORDS);
    expect(long.source).toHaveLength(MAX_SOURCE_WORDS + 1); // + [EOS]
    expect((await analyzeTranslation(loaded.model, loaded.vocabs, "I love you.")).truncated).toBe(false);
  });

  it("counts the bytes of model.json, weights.bin and both vocabularies", () => {
    const size = (f: string) => fs.statSync(path.join(PUBLISHED, f)).size;
    expect(loaded.size.model).toBe(size("model.json") + size("weights.bin"));
    expect(loaded.size.vocabulary).toBe(size("vocab.en.json") + size("vocab.zh.json"));
  });

  it("leaks no tensors over 20 translations", async () => {
    await analyzeTranslation(loaded.model, loaded.vocabs, "warm up");
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++)
      await analyzeTranslation(loaded.model, loaded.vocabs, TRANSLATION_SENTENCES[i % 6]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
