import { describe, expect, it } from "vitest";
import type { NgramModel } from "../../src/lib/eval/ngram";
import {
  bitsPerCharacter,
  estimateDiscounts,
  sequenceBits,
  trainAddK,
  trainKneserNey,
} from "../../src/lib/eval/ngram";
import { mulberry32 } from "../../src/lib/util/random";

/** Ids as in the character vocabulary: [PAD]=0, [UNK]=1, [BOS]=2, [EOS]=3, then a=4, b=5. */
const VOCAB = { size: 6, bosId: 2, eosId: 3 };
const [a, b] = [4, 5];
const TINY = [
  [a, b],
  [a, b, b],
];

/** Sequences from a seeded Markov chain over 40 symbols, each with 3 likely successors (ids 4 … 43). */
function markovCorpus(count: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const out: number[][] = [];
  for (let s = 0; s < count; s++) {
    let x = Math.floor(random() * 40);
    const seq = [x + 4];
    const length = 8 + Math.floor(random() * 12);
    while (seq.length < length) {
      x = random() < 0.9 ? (x * 7 + 1 + Math.floor(random() * 3)) % 40 : Math.floor(random() * 40);
      seq.push(x + 4);
    }
    out.push(seq);
  }
  return out;
}
const MARKOV_VOCAB = { size: 44, bosId: 2, eosId: 3 };

describe("n-gram probabilities", () => {
  const train = markovCorpus(150, 1);
  const models: [string, NgramModel][] = [
    ["unigram add-one", trainAddK(train, MARKOV_VOCAB)],
    ["bigram add-0.1", trainAddK(train, MARKOV_VOCAB, { order: 2, k: 0.1 })],
    ["trigram add-one", trainAddK(train, MARKOV_VOCAB, { order: 3 })],
    ["unigram KN", trainKneserNey(train, MARKOV_VOCAB, { order: 1 })],
    ["bigram KN", trainKneserNey(train, MARKOV_VOCAB, { order: 2 })],
    ["trigram KN", trainKneserNey(train, MARKOV_VOCAB, { order: 3 })],
    ["trigram KN, one discount", trainKneserNey(train, MARKOV_VOCAB, { order: 3, discount: 0.75 })],
  ];
  const contexts: [string, number[]][] = [
    ["the start of a poem", []],
    ["a seen history", train[0]!.slice(0, 5)],
    ["an unseen history", [1, 0]],
    ["a history with an unseen last id", [train[0]![0]!, 1]],
    ["a history starting with [BOS]", [2, train[0]![0]!]],
  ];

  describe.each(models)("%s", (_, model) => {
    it.each(contexts)("sums to 1 over the vocabulary after %s", (_, context) => {
      let sum = 0;
      for (let w = 0; w < MARKOV_VOCAB.size; w++) sum += model.probability(context, w);
      expect(sum).toBeCloseTo(1, 12);
      const dist = model.distribution(context);
      expect(dist).toHaveLength(MARKOV_VOCAB.size);
      for (let w = 0; w < MARKOV_VOCAB.size; w++)
        expect(dist[w]).toBeCloseTo(model.probability(context, w), 14);
    });

    it("uses only the last N−1 ids, padding with [BOS]", () => {
      const w = train[0]![1]!;
      expect(model.probability([], w)).toBe(model.probability([VOCAB.bosId], w));
      expect(model.probability([9, 9, ...train[0]!.slice(0, 2)], w)).toBe(
        model.probability(train[0]!.slice(0, 2), w),
      );
    });
  });

  it("Kneser–Ney beats add-one on held-out text of a tiny corpus", () => {
    const heldOut = markovCorpus(40, 2);
    const bpc = (m: NgramModel) => bitsPerCharacter(m, heldOut).bitsPerCharacter;
    const addOne2 = bpc(trainAddK(train, MARKOV_VOCAB, { order: 2 }));
    const addOne3 = bpc(trainAddK(train, MARKOV_VOCAB, { order: 3 }));
    const kn2 = bpc(trainKneserNey(train, MARKOV_VOCAB, { order: 2 }));
    const kn3 = bpc(trainKneserNey(train, MARKOV_VOCAB, { order: 3 }));
    for (const x of [addOne2, addOne3, kn2, kn3]) expect(Number.isFinite(x)).toBe(true);
    expect(kn2).toBeLessThan(addOne2);
    expect(kn3).toBeLessThan(addOne3 - 0.3);
    expect(kn2).toBeLessThan(bpc(trainAddK(train, MARKOV_VOCAB))); // context helps at all
  });
});

describe("hand-computed values (corpus: a b · a b b)", () => {
  // Bigram counts: [BOS]a ×2, ab ×2, b[EOS] ×2, bb ×1. Continuation counts: a 1, b 2, [EOS] 1 (total 4).
  // With D = 0.5: P1(w) = (max(N(•w) − 0.5, 0) + 0.5·3·(1/6)) / 4, so P1(a) = 0.1875, P1(b) = 0.4375.
  const kn = trainKneserNey(TINY, VOCAB, { order: 2, discount: 0.5 });

  it.each([
    ["P(a | [BOS]) = (1.5 + 0.5·P1(a)) / 2", [], a, 0.796875],
    ["P(b | a) = (1.5 + 0.5·P1(b)) / 2", [a], b, 0.859375],
    ["P(b | b) = (0.5 + 1·P1(b)) / 3", [a, b], b, 0.3125],
    ["P([EOS] | b) = (1.5 + 1·P1([EOS])) / 3", [b], VOCAB.eosId, 0.5625],
    ["P(a | b) = 1·P1(a) / 3", [b], a, 0.0625],
    ["P([PAD] | a) = 0.5·(0.25/4) / 2", [a], 0, 0.015625],
    ["P(b | [UNK]) = P1(b) (unseen history)", [1], b, 0.4375],
  ])("bigram KN: %s", (_, context, next, p) => {
    expect(kn.probability(context as number[], next as number)).toBeCloseTo(p as number, 12);
  });

  it("bits of a b b count its three characters, not [EOS]", () => {
    const bits = -Math.log2(0.796875 * 0.859375 * 0.3125);
    expect(sequenceBits(kn, [a, b, b])).toBeCloseTo(bits, 12);
    expect(bitsPerCharacter(kn, [[a, b, b], []])).toEqual({
      bits: expect.closeTo(bits, 12),
      characters: 3,
      bitsPerCharacter: expect.closeTo(bits / 3, 12),
      poems: 2,
    });
  });

  it("add-one unigram: P(b) = (3 + 1) / (7 + 6)", () => {
    expect(trainAddK(TINY, VOCAB).probability([a], b)).toBeCloseTo(4 / 13, 14);
  });

  it("modified-KN discounts from counts of counts (Chen & Goodman)", () => {
    // Y = 10 / (10 + 2·5) = 0.5; D1 = 1 − 2Y·5/10, D2 = 2 − 3Y·3/5, D3+ = 3 − 4Y·2/3
    const [d1, d2, d3] = estimateDiscounts([10, 5, 3, 2]);
    expect(d1).toBeCloseTo(0.5, 12);
    expect(d2).toBeCloseTo(1.1, 12);
    expect(d3).toBeCloseTo(3 - 4 / 3, 12);
  });

  it("a discount estimate outside (0, i] falls back to Y, so every discount is positive", () => {
    // Y = 5 / 9; D2 = 2 − 3Y·10/2 < 0 and D3+ = 3 − 4Y·1/10 is fine.
    const [d1, d2, d3] = estimateDiscounts([5, 2, 10, 1]);
    expect(d1).toBeCloseTo(1 - ((2 * 5) / 9) * (2 / 5), 12);
    expect(d2).toBeCloseTo(5 / 9, 12);
    expect(d3).toBeCloseTo(3 - (4 * 5) / 9 / 10, 12);
    expect(estimateDiscounts([0, 0, 0, 0])).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("input checks", () => {
  it("names the sequence and position of an id outside the vocabulary", () => {
    expect(() => trainKneserNey([[a], [a, 6]], VOCAB)).toThrow(
      /sequence 1, position 1 holds 6, expected an integer id in 0 … 5/,
    );
  });

  it("rejects orders above 3, discounts outside (0, 1] and k ≤ 0", () => {
    expect(() => trainKneserNey(TINY, VOCAB, { order: 4 })).toThrow(/order must be 1, 2 or 3/);
    expect(() => trainKneserNey(TINY, VOCAB, { discount: 1.5 })).toThrow(/discount must be in \(0, 1\]/);
    expect(() => trainAddK(TINY, VOCAB, { k: 0 })).toThrow(/k must be a positive number/);
    expect(() => trainKneserNey(TINY, { ...VOCAB, eosId: 6 })).toThrow(/eosId is 6/);
  });

  it("rejects a probability query for an id outside the vocabulary", () => {
    expect(() => trainKneserNey(TINY, VOCAB).probability([], 6)).toThrow(/id 6 is outside 0 … 5/);
  });
});
