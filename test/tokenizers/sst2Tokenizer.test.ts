import { describe, expect, it } from "vitest";
import { CLS, PAD, UNK, Vocabulary } from "../../src/lib/tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../../src/lib/tokenizers/sst2Style";
import { SST2_DEV_SAMPLE } from "../data/datasetFixtures";

const corpus = ["a good movie", "a bad movie", "a good , good cast", "not good"].map(splitTokens);

describe("Vocabulary", () => {
  it("puts specials first, then tokens by frequency with alphabetical ties", () => {
    const v = Vocabulary.build(corpus);
    expect(v.tokens.slice(0, 3)).toEqual([PAD, UNK, CLS]);
    expect(v.tokens.slice(3, 6)).toEqual(["good", "a", "movie"]);
    expect([v.padId, v.unkId, v.idOfSpecial(CLS)]).toEqual([0, 1, 2]);
  });

  it("drops tokens below the minimum frequency, which then map to [UNK]", () => {
    const v = Vocabulary.build(corpus, { minFrequency: 2 });
    expect(v.tokens).toEqual([PAD, UNK, CLS, "good", "a", "movie"]);
    expect(v.encode(["a", "bad", "zebra"])).toEqual([4, v.unkId, v.unkId]);
  });

  it("decode(encode(x)) === x for every in-vocabulary text", () => {
    const v = Vocabulary.build(corpus);
    for (const tokens of corpus) expect(v.decode(v.encode(tokens))).toEqual(tokens);
  });

  it("survives a JSON round trip with the same ids", () => {
    const v = Vocabulary.build(corpus, { minFrequency: 1 });
    const back = Vocabulary.fromJSON(JSON.stringify(v));
    expect(back.tokens).toEqual(v.tokens);
    expect(back.encode(["not", "good", "?"])).toEqual(v.encode(["not", "good", "?"]));
  });

  it("rejects JSON of another format, naming the field", () => {
    expect(() => Vocabulary.fromJSON({ format: "x" } as never)).toThrow(/field "format"/);
    expect(() => Vocabulary.fromJSON({ ...Vocabulary.build(corpus).toJSON(), tokens: [1] } as never)).toThrow(
      /field "tokens"/,
    );
  });
});

describe("normalizeSst2Style", () => {
  it.each([
    ["It's not good, isn't it?", "it 's not good , is n't it ?"],
    ["I can't believe it — wow!", "i ca n't believe it -- wow !"],
    ["“Great” film... Mr. Smith won't be back.", "`` great '' film ... mr. smith wo n't be back ."],
    ["The U.S. version wasn't bad (really).", "the u.s. version was n't bad ( really ) ."],
    [
      "We're sure you'll love it; I'd say they've done well.",
      "we 're sure you 'll love it ; i 'd say they 've done well .",
    ],
    ["10,000 reasons", "10,000 reasons"],
  ])("%s", (raw, expected) => {
    expect(normalizeSst2Style(raw)).toBe(expected);
  });

  it("is idempotent", () => {
    const once = normalizeSst2Style('Don\'t (ever) say "never"...');
    expect(normalizeSst2Style(once)).toBe(once);
  });

  it("leaves SST-2's own dev sentences unchanged, apart from -lrb- / -rrb- brackets", () => {
    const lines = SST2_DEV_SAMPLE.split("\n").slice(1).filter(Boolean);
    for (const line of lines) {
      const text = line.split("\t")[0]!.trim();
      expect(normalizeSst2Style(text)).toBe(text);
    }
    expect(normalizeSst2Style("a -lrb- fine -rrb- film")).toBe("a ( fine ) film");
  });
});
