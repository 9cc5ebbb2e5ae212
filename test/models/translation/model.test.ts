import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import {
  beamSearchDecode,
  greedyDecode,
  lengthPenaltyFactor,
  sequenceLogProb,
} from "../../../src/lib/models/translation/decode";
import { crossAttentionFor, decodeTarget, translate } from "../../../src/lib/models/translation/translate";
import { makeBatch, prepareData, fit, translationLoss } from "../../../src/lib/models/translation/training";
import { Translator } from "../../../src/lib/models/translation/model";
import type { SentencePair } from "../../../src/lib/data/tatoeba";

// A tiny synthetic corpus: a fixed word → character mapping, so a small model can learn it fast.
const WORDS: Record<string, string> = {
  i: "我",
  you: "你",
  he: "他",
  like: "喜欢",
  see: "看见",
  cats: "猫",
  dogs: "狗",
  tea: "茶",
};
function corpus(): SentencePair[] {
  const subj = ["i", "you", "he"];
  const verb = ["like", "see"];
  const obj = ["cats", "dogs", "tea"];
  const pairs: SentencePair[] = [];
  for (const s of subj)
    for (const v of verb)
      for (const o of obj)
        pairs.push({
          en: `${s} ${v} ${o}.`,
          zh: `${WORDS[s]}${WORDS[v]}${WORDS[o]}。`,
          line: pairs.length + 1,
        });
  return pairs;
}

const tiny = {
  dModel: 32,
  heads: 2,
  dFF: 64,
  encoderLayers: 1,
  decoderLayers: 1,
  dropout: 0,
  maxLength: 32,
};

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("Translator", () => {
  it("gives logits [B, T, V] and leaks no tensors in a forward pass", () => {
    const data = prepareData(
      { train: corpus(), validation: corpus().slice(0, 4) },
      { minWordFrequency: 1, minCharFrequency: 1 },
    );
    const model = new Translator({
      srcVocabSize: data.vocabs.src.size,
      tgtVocabSize: data.vocabs.tgt.size,
      ...tiny,
    });
    const batch = makeBatch(data.train.slice(0, 3), data.vocabs);
    const before = tf.memory().numTensors;
    const logits = model.logits(batch.src, batch.tgtIn);
    expect(logits.shape).toEqual([3, batch.tgtIn.shape[1], data.vocabs.tgt.size]);
    logits.dispose();
    const l = model.loss(batch, false);
    tf.dispose([l.loss, l.correct]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.src, batch.tgtIn, batch.tgtOut]);
    model.dispose();
  });

  it("a short training run lowers the validation loss and learns to translate the toy corpus", async () => {
    const pairs = corpus();
    const data = prepareData(
      { train: pairs, validation: pairs },
      { minWordFrequency: 1, minCharFrequency: 1 },
    );
    const model = new Translator({
      srcVocabSize: data.vocabs.src.size,
      tgtVocabSize: data.vocabs.tgt.size,
      ...tiny,
      seed: 3,
    });
    const initial = translationLoss(model, data, data.validation).loss;
    const result = await fit(model, data, {
      epochs: 60,
      batchSize: 6,
      learningRate: 0.01,
      warmupSteps: 20,
      progress: "none",
      patience: Infinity,
      evaluateEvery: 50,
    });
    const final = translationLoss(model, data, data.validation).loss;
    expect(final).toBeLessThan(initial * 0.5);
    expect(result.history.length).toBeGreaterThan(1);
    const out = await translate(model, data.vocabs, ["i like cats.", "", "he see tea."]);
    expect(out[1]).toBe(""); // empty input → empty output
    expect(out[0]).toBe("我喜欢猫。");
    const beam = await translate(model, data.vocabs, ["i like cats."], { beam: 3 });
    expect(beam[0]).toBe("我喜欢猫。");
    // Cross-attention rows (one per generated character + [EOS]) are distributions over source tokens.
    const a = crossAttentionFor(model, data.vocabs, "i like cats.", out[0]!);
    expect(a.source).toEqual(["i", "like", "cats", ".", "[EOS]"]);
    expect(a.target).toHaveLength(6);
    for (const row of a.weights[0]![0]!) expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
    model.dispose();
  }, 300_000);
});

describe("decoding", () => {
  // An untrained model practically never emits [EOS] first, so decoding must stop at maxLength.
  const model = () => new Translator({ srcVocabSize: 20, tgtVocabSize: 30, ...tiny, seed: 1 });
  const src = [
    [5, 6, 7, 3],
    [8, 3],
  ];

  it("greedy decoding stops at maxLength", () => {
    const m = model();
    const out = greedyDecode(m, src, { bosId: 2, eosId: 3, maxLength: 5 });
    expect(out).toHaveLength(2);
    for (const ids of out) expect(ids.length).toBeLessThanOrEqual(5);
    expect(Math.max(...out.map((o) => o.length))).toBe(5);
    m.dispose();
  });

  it("greedy decoding's default limit is per sentence, so a translation does not depend on its batch", () => {
    const m = model();
    const opts = { bosId: 2, eosId: 3 };
    const alone = greedyDecode(m, [src[1]!], opts);
    const batched = greedyDecode(m, src, opts);
    expect(batched[1]).toEqual(alone[0]);
    expect(alone[0]!.length).toBeLessThanOrEqual(2 * 2 + 10);
    m.dispose();
  });

  it("beam search stops at maxLength and beam size 1 equals greedy", () => {
    const m = model();
    const beam = beamSearchDecode(m, src, { bosId: 2, eosId: 3, maxLength: 4, beamSize: 3 });
    for (const ids of beam) expect(ids.length).toBeLessThanOrEqual(4);
    const g = greedyDecode(m, src, { bosId: 2, eosId: 3, maxLength: 4 });
    const b1 = beamSearchDecode(m, src, { bosId: 2, eosId: 3, maxLength: 4, beamSize: 1, lengthPenalty: 0 });
    expect(b1).toEqual(g);
    m.dispose();
  });

  it("sequenceLogProb sums the step-by-step next-token log-probabilities, [EOS] included", () => {
    const m = model();
    const opts = { bosId: 2, eosId: 3 };
    const y = [7, 5, 9];
    let expected = 0;
    const srcT = tf.tensor2d([src[0]!], undefined, "int32");
    const memory = m.encode(srcT);
    const mask = m.sourceMask(srcT);
    [...y, 3].forEach((id, t) => {
      const prefix = tf.tensor2d([[2, ...y.slice(0, t)]], undefined, "int32");
      const lp = m.nextTokenLogProbs(prefix, memory, mask);
      expected += lp.dataSync()[id]!;
      tf.dispose([prefix, lp]);
    });
    tf.dispose([srcT, memory, mask]);
    expect(sequenceLogProb(m, src[0]!, y, opts)).toBeCloseTo(expected, 4);
    expect(sequenceLogProb(m, src[0]!, y, opts)).toBeLessThan(0);
    m.dispose();
  });

  it("beam search (lengthPenalty 0) finds a log-probability at least greedy's on this tiny model", () => {
    const m = model();
    const opts = { bosId: 2, eosId: 3, maxLength: 6 };
    for (const s of src) {
      const g = greedyDecode(m, [s], opts)[0]!;
      const b = beamSearchDecode(m, [s], { ...opts, beamSize: 4, lengthPenalty: 0 })[0]!;
      expect(sequenceLogProb(m, s, b, opts)).toBeGreaterThanOrEqual(sequenceLogProb(m, s, g, opts) - 1e-4);
    }
    m.dispose();
  });

  it("the default maxLength is capped by the positional table", () => {
    const m = model();
    const out = greedyDecode(m, [[5, 3]], { bosId: 2, eosId: 3, maxLength: 1000 });
    expect(out[0]!.length).toBeLessThanOrEqual(tiny.maxLength - 1);
    m.dispose();
  });

  it("length penalty follows ((5 + n) / 6)^α", () => {
    expect(lengthPenaltyFactor(1, 0.6)).toBeCloseTo(1, 12);
    expect(lengthPenaltyFactor(7, 1)).toBeCloseTo(2, 12);
    expect(lengthPenaltyFactor(7, 0)).toBe(1);
  });

  it("decodeTarget drops [BOS]/[EOS]/[PAD] but keeps [UNK]", () => {
    const data = prepareData({ train: corpus(), validation: [] }, { minCharFrequency: 1 });
    const v = data.vocabs.tgt;
    expect(decodeTarget(v, [2, v.idOf("我"), 1, 3, 0])).toBe("我[UNK]");
  });
});
