// The poetry GPT as the site runs it (models/generation/browser.ts): loading over fetch with byte
// counts and clear errors, the same poem as the CLI's writePoem, streaming with a stop between
// characters, the newest character's attention, and no tensors left behind.
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import { writePoem } from "../../../src/lib/experiments/generationText";
import { GPT, KVCache } from "../../../src/lib/models/generation";
import {
  CHARACTER_GPT_KIND,
  PoemWriter,
  loadPoetryForBrowser,
  newestCharacterAttention,
  streamPoem,
} from "../../../src/lib/models/generation/browser";
import { encodeModel } from "../../../src/lib/models/serialize";
import { buildCharacterVocabulary, type CharacterTokenizer } from "../../../src/lib/tokenizers/characters";

const POEMS = [
  "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
  "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。",
  "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。",
  "千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。",
];

let tokenizer: CharacterTokenizer;
let model: GPT;

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
  tokenizer = buildCharacterVocabulary(POEMS, { minCount: 1 });
  model = new GPT({
    vocabSize: tokenizer.size,
    dModel: 32,
    heads: 4,
    layers: 2,
    contextLength: 24,
    dropout: 0,
    seed: 3,
  });
});

/** A fetch serving `files` under http://site/models/poetry/, 404 otherwise. */
function siteFetch(files: Record<string, string | ArrayBuffer>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    const name = url.replace("http://site/models/poetry/", "");
    const body = files[name];
    if (body === undefined) return new Response("not found", { status: 404, statusText: "Not Found" });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
}

async function modelFiles(
  config: Record<string, unknown> = {
    kind: CHARACTER_GPT_KIND,
    model: model.config,
    vocabulary: "vocab.json",
  },
  vocab: CharacterTokenizer = tokenizer,
): Promise<Record<string, string | ArrayBuffer>> {
  const { modelJson, weightData } = await encodeModel({ ...model.variables() }, config);
  return {
    "model.json": JSON.stringify(modelJson),
    "weights.bin": weightData,
    "vocab.json": JSON.stringify(vocab.toJSON()),
  };
}

describe("loadPoetryForBrowser", () => {
  it("loads the model and vocabulary and counts the bytes of each file", async () => {
    const files = await modelFiles();
    const before = tf.memory().numTensors;
    const loaded = await loadPoetryForBrowser("http://site/models/poetry", { fetch: siteFetch(files) });
    const bytes = (name: string) => {
      const f = files[name]!;
      return typeof f === "string" ? new TextEncoder().encode(f).byteLength : f.byteLength;
    };
    expect(loaded.size.files).toEqual({
      "model.json": bytes("model.json"),
      "weights.bin": bytes("weights.bin"),
      "vocab.json": bytes("vocab.json"),
    });
    expect(loaded.size.model).toBe(bytes("model.json") + bytes("weights.bin"));
    expect(loaded.size.vocabulary).toBe(bytes("vocab.json"));
    expect(loaded.tokenizer.size).toBe(tokenizer.size);
    const ids = tokenizer.encode("床前明月光", { bos: true });
    const a = writePoem(model, tokenizer, "床前", { temperature: 0, maxChars: 12 });
    const b = writePoem(loaded.model, loaded.tokenizer, "床前", { temperature: 0, maxChars: 12 });
    expect(b.text).toBe(a.text);
    const same = tf.tidy(() => {
      const x = tf.tensor2d([ids], undefined, "int32");
      return tf.max(tf.abs(tf.sub(model.logits(x), loaded.model.logits(x)))).dataSync()[0]!;
    });
    expect(same).toBe(0);
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before); // the decoded weights were released
  });

  it.each([
    [
      "a model of another kind",
      { kind: "encoder-classifier", vocabulary: "vocab.json" },
      /modelConfig\.kind is "encoder-classifier", expected "character-gpt"/,
    ],
    [
      "a vocabulary outside the folder",
      { kind: CHARACTER_GPT_KIND, vocabulary: "../vocab.json" },
      /modelConfig\.vocabulary must be a plain file name/,
    ],
    [
      "a missing vocabulary file",
      { kind: CHARACTER_GPT_KIND, vocabulary: "vocab.zh.json" },
      /vocab\.zh\.json: HTTP 404/,
    ],
  ])("refuses %s, naming the file and field", async (_, config, error) => {
    const files = await modelFiles({ ...config, model: model.config });
    await expect(
      loadPoetryForBrowser("http://site/models/poetry/", { fetch: siteFetch(files) }),
    ).rejects.toThrow(error);
  });

  it("refuses a vocabulary of another size, naming both files", async () => {
    const other = buildCharacterVocabulary(POEMS.slice(0, 1), { minCount: 1 });
    const files = await modelFiles(undefined, other);
    const before = tf.memory().numTensors;
    await expect(
      loadPoetryForBrowser("http://site/models/poetry/", { fetch: siteFetch(files) }),
    ).rejects.toThrow(
      /vocab\.json has \d+ ids but http:\/\/site\/models\/poetry\/model\.json says vocabSize \d+/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("streamPoem", () => {
  it.each([
    ["greedy with the cache", { temperature: 0 }],
    ["greedy without the cache", { temperature: 0, useCache: false }],
    ["sampled, seed 7", { temperature: 1.2, topK: 20, topP: 0.9, seed: 7 }],
    ["sampled past the context (window slides)", { temperature: 1, seed: 1, maxChars: 40 }],
  ])("writes the CLI's poem (%s)", async (_, options) => {
    const cli = writePoem(model, tokenizer, "春", { maxChars: 20, ...options });
    const streamed: string[] = [];
    const poem = await streamPoem(
      model,
      tokenizer,
      { prompt: "春", maxChars: 20, ...options },
      {
        onCharacter: (s) => streamed.push(s.character),
      },
    );
    expect(poem.text).toBe(cli.text);
    expect("春" + streamed.join("")).toBe(cli.text);
    expect(poem.generated).toBe(cli.generated);
    expect(poem.stopReason).toBe(cli.stopReason);
    expect(poem.stepMs).toHaveLength(cli.generated);
  });

  it("stops between two characters when asked, and leaves no tensors behind", async () => {
    const before = tf.memory().numTensors;
    let seen = 0;
    const poem = await streamPoem(
      model,
      tokenizer,
      { prompt: "白日", temperature: 0, maxChars: 30, stopAtEos: false },
      {
        onCharacter: () => seen++,
        shouldStop: () => seen >= 3,
        pause: () => new Promise((r) => setTimeout(r, 0)),
      },
    );
    expect(poem.stopReason).toBe("stopped");
    expect(poem.generated).toBe(3);
    expect(Array.from(poem.text)).toHaveLength(2 + 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reports the median step time from the clock it is given", async () => {
    let t = 0;
    const durations = [50, 10, 30, 20, 40];
    let i = 0;
    // Each step reads the clock twice (start, end); advance by the next duration at each end.
    let reads = 0;
    const now = () => (reads++ % 2 === 1 ? (t += durations[i++ % durations.length]!) : t);
    const poem = await streamPoem(
      model,
      tokenizer,
      { prompt: "千", temperature: 0, maxChars: 5, stopAtEos: false },
      {
        now,
      },
    );
    expect(poem.stepMs).toEqual(durations);
    expect(poem.medianMs).toBe(30);
  });

  it("sends the newest character's attention while writing and once at the end, leaking nothing", async () => {
    const before = tf.memory().numTensors;
    const sent: { tokens: string[]; weights: number[][] }[] = [];
    const poem = await streamPoem(
      model,
      tokenizer,
      { prompt: "孤舟", temperature: 0, maxChars: 6, stopAtEos: false },
      {
        onAttention: (a) => sent.push(a),
        attentionIntervalMs: 0,
      },
    );
    expect(sent).toHaveLength(6); // once per character; the end adds none for the same text
    const last = sent[sent.length - 1]!;
    expect(last.tokens).toEqual(["[BOS]", ...Array.from(poem.text)]);
    expect(last.weights).toHaveLength(model.config.heads);
    for (const row of last.weights) {
      expect(row).toHaveLength(last.tokens.length);
      expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("sends the attention only once, for the last character, with an infinite interval", async () => {
    const sent: string[][] = [];
    const poem = await streamPoem(
      model,
      tokenizer,
      { prompt: "孤舟", temperature: 0, maxChars: 6, stopAtEos: false },
      { onAttention: (a) => sent.push(a.tokens), attentionIntervalMs: Infinity },
    );
    expect(sent).toEqual([["[BOS]", ...Array.from(poem.text)]]);
  });
});

describe("newestCharacterAttention", () => {
  it("equals the KV cache's attention of the same position (last block, every head)", () => {
    const sequence = tokenizer.encode("举头望明月", { bos: true });
    const cache = new KVCache(model, 1);
    let weights: tf.Tensor4D[] = [];
    try {
      for (const id of sequence) {
        tf.dispose(weights);
        const r = cache.append([[id]], { returnWeights: true });
        r.logits.dispose();
        weights = r.weights!;
      }
      const expected = weights[model.config.layers - 1]!.arraySync()[0]!.map((h) => h[0]!); // [H][t]
      const got = newestCharacterAttention(model, tokenizer, sequence);
      expect(got.layer).toBe(model.config.layers - 1);
      expect(got.tokens).toEqual(["[BOS]", ..."举头望明月"]);
      got.weights.forEach((row, h) => row.forEach((w, j) => expect(w).toBeCloseTo(expected[h]![j]!, 5)));
    } finally {
      tf.dispose(weights);
      cache.dispose();
    }
  });

  it("reads the generator's window once the text outgrows the context", () => {
    const C = model.config.contextLength;
    const text = (POEMS[0]! + POEMS[1]!).slice(0, C + 5);
    const a = newestCharacterAttention(model, tokenizer, tokenizer.encode(text, { bos: true }));
    expect(a.tokens).toHaveLength(C);
    expect(a.tokens.join("")).toBe(text.slice(text.length - C));
    expect(() => newestCharacterAttention(model, tokenizer, [tokenizer.bosId], { layer: 5 })).toThrow(
      /layer must be an integer in \[0, 2\), got 5/,
    );
  });

  it("is what PoemWriter.attention gives for the last character written", () => {
    const w = new PoemWriter(model, tokenizer, {
      prompt: "欲穷",
      temperature: 0,
      maxChars: 4,
      stopAtEos: false,
    });
    try {
      while (w.step());
      const a = w.attention();
      expect(a.tokens).toEqual(["[BOS]", ...Array.from(w.text())]);
    } finally {
      w.dispose();
    }
  });
});
