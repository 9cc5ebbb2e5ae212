// The browser-side sentiment code (src/lib/models/sentiment/browser.ts), run in Node on the same
// model files, gives the Node CLI's probabilities; attention weights, truncation, download size
// and tensor hygiene. A tiny random model tests the mechanics; the published model in
// static/models/sentiment/ is checked against `npm run sentiment` on 20 sentences.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { runSentimentCli } from "../../../src/lib/cli/sentiment";
import {
  analyzeSentiment,
  loadSentimentForBrowser,
  median,
  predictSentiment,
  timePredictions,
  tokenizeForSentiment,
  type LoadedSentiment,
} from "../../../src/lib/models/sentiment/browser";
import { SentimentClassifier, predictTexts } from "../../../src/lib/models/sentiment/classifier";
import { saveModel } from "../../../src/lib/experiments/sentiment";
import { Vocabulary } from "../../../src/lib/tokenizers/vocabulary";
import { splitTokens } from "../../../src/lib/tokenizers/sst2Style";
import { SENTIMENT_SENTENCES } from "../../fixtures/sentimentSentences";

const PUBLISHED = path.resolve(__dirname, "../../../static/models/sentiment");

/** A fetch that serves files from disk, as the site serves static/ (404 for missing files). */
const fileFetch = (async (input: RequestInfo | URL) => {
  const file = String(input);
  if (!fs.existsSync(file)) return new Response(null, { status: 404, statusText: "Not Found" });
  return new Response(fs.readFileSync(file));
}) as typeof fetch;

/** p(positive) per sentence as printed by the CLI (4 decimals). */
async function cliProbabilities(modelDir: string, sentences: readonly string[]): Promise<number[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sentences-")), "in.txt");
  fs.writeFileSync(file, sentences.join("\n") + "\n");
  let out = "";
  let err = "";
  const code = await runSentimentCli(["--file", file, "--model", modelDir], {
    readStdin: async () => "",
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  expect(code, err).toBe(0);
  const lines = out.trimEnd().split("\n");
  expect(lines).toHaveLength(sentences.length);
  return lines.map((line) => {
    const [label, p] = line.split("\t");
    expect(label === "positive" || label === "negative", line).toBe(true);
    return Number(p);
  });
}

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("browser-side sentiment code on a tiny random model", () => {
  let dir: string;
  let loaded: LoadedSentiment;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "browser-sentiment-"));
    const vocab = Vocabulary.build(SENTIMENT_SENTENCES.slice(0, 10).map((s) => splitTokens(s.toLowerCase())));
    const model = new SentimentClassifier({
      vocabSize: vocab.size,
      dModel: 16,
      heads: 2,
      layers: 2,
      maxLength: 24,
      seed: 11,
    });
    await saveModel(dir, model, vocab);
    model.dispose();
    loaded = await loadSentimentForBrowser(`${dir}/`, { fetch: fileFetch });
  });

  afterAll(() => loaded?.model.dispose());

  it("gives the CLI's probabilities for 20 sentences within 1e-4", async () => {
    const cli = await cliProbabilities(dir, SENTIMENT_SENTENCES);
    const ours: number[] = [];
    for (const s of SENTIMENT_SENTENCES) ours.push(await predictSentiment(loaded.model, loaded.vocab, s));
    ours.forEach((p, i) => expect(Math.abs(p - cli[i]!), SENTIMENT_SENTENCES[i]).toBeLessThanOrEqual(1e-4));
    // Unrounded: one sentence alone equals the CLI's padded batches (masking makes padding inert).
    const batched = predictTexts(loaded.model, loaded.vocab, SENTIMENT_SENTENCES);
    ours.forEach((p, i) => expect(p).toBeCloseTo(batched[i]!, 5));
  });

  it("returns per-layer, per-head attention rows that sum to 1, and the same probability", async () => {
    const text = SENTIMENT_SENTENCES[1]!;
    const a = await analyzeSentiment(loaded.model, loaded.vocab, text);
    const T = a.tokens.length;
    expect(a.attention).toHaveLength(2); // layers
    for (const layer of a.attention) {
      expect(layer).toHaveLength(2); // heads
      for (const head of layer) {
        expect(head).toHaveLength(T);
        for (const row of head) {
          expect(row).toHaveLength(T);
          expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
        }
      }
    }
    expect(a.probability).toBeCloseTo(await predictSentiment(loaded.model, loaded.vocab, text), 6);
    expect(a.label).toBe(a.probability >= 0.5 ? "positive" : "negative");
    expect(a.tokens).toEqual(["it", "'s", "not", "good", ",", "is", "n't", "it", "?"]);
  });

  it("truncates long input to maxLength and says so", () => {
    const long = tokenizeForSentiment(SENTIMENT_SENTENCES[19]!, loaded.vocab, loaded.model.config);
    expect(long.truncated).toBe(true);
    expect(long.tokens).toHaveLength(24);
    expect(long.ids).toHaveLength(24);
    expect(long.totalTokens).toBeGreaterThan(24);
    const short = tokenizeForSentiment("zzz the qqq", loaded.vocab, loaded.model.config);
    expect(short.truncated).toBe(false);
    expect(short.unknown).toEqual([true, false, true]);
  });

  it("counts the bytes of model.json, weights.bin and vocab.json", () => {
    const size = (f: string) => fs.statSync(path.join(dir, f)).size;
    expect(loaded.size.files).toEqual({
      "model.json": size("model.json"),
      "weights.bin": size("weights.bin"),
      "vocab.json": size("vocab.json"),
    });
    expect(loaded.size.model).toBe(size("model.json") + size("weights.bin"));
    expect(loaded.size.total).toBe(loaded.size.model + size("vocab.json"));
  });

  it("leaks no tensors over 100 predictions", async () => {
    await analyzeSentiment(loaded.model, loaded.vocab, "warm up");
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++)
      await analyzeSentiment(loaded.model, loaded.vocab, SENTIMENT_SENTENCES[i % 20]!);
    await timePredictions(loaded.model, loaded.vocab, "a short one", 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("times predictions: a median over the requested runs", async () => {
    // Clock readings: warm-up 0→5, then runs of 1, 9, 3, 7 and 2 ms.
    const clock = [0, 5, 10, 11, 20, 29, 30, 33, 40, 47, 50, 52];
    let call = 0;
    const stats = await timePredictions(loaded.model, loaded.vocab, "fine", 5, () => clock[call++]!);
    expect(call).toBe(clock.length);
    expect(stats.warmupMs).toBe(5);
    expect(stats.runsMs).toEqual([1, 9, 3, 7, 2]);
    expect(stats.medianMs).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("names the missing file when the model folder is absent", async () => {
    await expect(
      loadSentimentForBrowser("/nonexistent/models/sentiment/", { fetch: fileFetch }),
    ).rejects.toThrow(/\/nonexistent\/models\/sentiment\/model\.json: HTTP 404/);
  });
});

describe("the published model (static/models/sentiment/)", () => {
  it("exists: model.json, weights.bin and vocab.json", () => {
    const missing = ["model.json", "weights.bin", "vocab.json"].filter(
      (f) => !fs.existsSync(path.join(PUBLISHED, f)),
    );
    expect(
      missing,
      `static/models/sentiment/ lacks ${missing.join(", ")}: train and export the sentiment model first (notebook 04, full run)`,
    ).toEqual([]);
  });

  it("gives the CLI's probabilities for 20 sentences within 1e-4 in the browser-side code", async () => {
    if (!fs.existsSync(path.join(PUBLISHED, "model.json")))
      throw new Error(
        "static/models/sentiment/model.json is missing: the sentiment model has not been exported",
      );
    const cli = await cliProbabilities(PUBLISHED, SENTIMENT_SENTENCES);
    const loaded = await loadSentimentForBrowser(`${PUBLISHED}/`, { fetch: fileFetch });
    try {
      for (const [i, s] of SENTIMENT_SENTENCES.entries()) {
        const a = await analyzeSentiment(loaded.model, loaded.vocab, s);
        expect(Math.abs(a.probability - cli[i]!), s).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      loaded.model.dispose();
    }
  });
});
