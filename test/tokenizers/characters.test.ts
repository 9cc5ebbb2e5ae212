import { describe, expect, it } from "vitest";
import {
  CHARACTER_SPECIALS,
  CharacterTokenizer,
  buildCharacterVocabulary,
  splitCharacters,
} from "../../src/lib/tokenizers/characters";
import { BOS, EOS } from "../../src/lib/tokenizers/english";
import { PAD, UNK, Vocabulary } from "../../src/lib/tokenizers/vocabulary";

/** 月 ×6; 床, 前, 明, ，, 。 and 𠀀 (astral) ×5; 光 ×4; 霜 ×1. */
const TEXTS = [
  "床前明月光，",
  "床前明月光。",
  "床前明月光，",
  "床前明月光。",
  "床前明月，𠀀𠀀𠀀𠀀𠀀",
  "月霜。，。，。",
];

describe("buildCharacterVocabulary", () => {
  const tok = buildCharacterVocabulary(TEXTS);

  it("puts [PAD], [UNK], [BOS], [EOS] first, with fixed ids", () => {
    expect(CHARACTER_SPECIALS).toEqual([PAD, UNK, BOS, EOS]);
    expect(tok.vocabulary.tokens.slice(0, 4)).toEqual([PAD, UNK, BOS, EOS]);
    expect([tok.padId, tok.unkId, tok.bosId, tok.eosId]).toEqual([0, 1, 2, 3]);
  });

  it("keeps every character seen at least 5 times, and no other, most frequent first (ties in code-unit order)", () => {
    expect(tok.vocabulary.tokens.slice(4)).toEqual(["月", "。", "前", "床", "明", "𠀀", "，"]);
    expect(tok.has("光")).toBe(false); // 4 times
    expect(tok.has("霜")).toBe(false); // once
    expect(buildCharacterVocabulary(TEXTS, { minCount: 4 }).has("光")).toBe(true);
    expect(buildCharacterVocabulary(TEXTS, { minCount: 1 }).size).toBe(4 + 9);
  });

  it("rejects a minimum count below 1", () => {
    expect(() => buildCharacterVocabulary(TEXTS, { minCount: 0 })).toThrow(/minCount must be an integer ≥ 1/);
  });
});

describe("CharacterTokenizer", () => {
  const tok = buildCharacterVocabulary(TEXTS, { minCount: 1 });

  it("splits into code points, keeping astral characters whole", () => {
    expect(splitCharacters("𠀀床，")).toEqual(["𠀀", "床", "，"]);
    expect(tok.encode("𠀀")).toHaveLength(1);
  });

  it.each(["床前明月光，", "𠀀月霜。", "", "光光光光光，。"])("decode(encode(%j)) === x", (text) => {
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.decode(tok.encode(text, { bos: true, eos: true }))).toBe(text);
  });

  it("adds [BOS] and [EOS] when asked", () => {
    const ids = tok.encode("床前", { bos: true, eos: true });
    expect(ids[0]).toBe(tok.bosId);
    expect(ids[ids.length - 1]).toBe(tok.eosId);
    expect(ids).toHaveLength(4);
  });

  it("maps characters outside the vocabulary to [UNK] and shows them as U+FFFD", () => {
    const ids = tok.encode("床X前");
    expect(ids[1]).toBe(tok.unkId);
    expect(tok.decode(ids)).toBe("床\uFFFD前");
    expect(tok.decode(ids, { unknown: "□" })).toBe("床□前");
    expect(tok.has("X")).toBe(false);
    expect(tok.has(UNK)).toBe(false); // a special is not a character
  });

  it("decoding drops [PAD] and [BOS] and stops at [EOS] unless told otherwise", () => {
    const [a, b] = tok.encode("床前");
    const ids = [tok.bosId, a!, tok.padId, b!, tok.eosId, a!];
    expect(tok.decode(ids)).toBe("床前");
    expect(tok.decode(ids, { stopAtEos: false })).toBe("床前床");
  });

  it("counts characters outside the vocabulary", () => {
    const small = buildCharacterVocabulary(TEXTS); // 光 and 霜 are out
    expect(small.countUnknown(["床前明月光，", "霜光"])).toEqual({
      unknown: 3,
      total: 8,
      rate: 3 / 8,
      distinct: 2,
    });
    expect(small.countUnknown([]).rate).toBe(0);
  });

  it("saves as the shared vocabulary JSON and loads back to the same ids", () => {
    const json = JSON.parse(JSON.stringify(tok));
    expect(json).toMatchObject({
      format: "llm-footprint/vocabulary",
      version: 1,
      specials: [PAD, UNK, BOS, EOS],
    });
    const back = CharacterTokenizer.fromJSON(JSON.stringify(json));
    expect(back.vocabulary.tokens).toEqual(tok.vocabulary.tokens);
    expect(back.encode("床前明月光X")).toEqual(tok.encode("床前明月光X"));
    expect(Vocabulary.fromJSON(json).size).toBe(tok.size); // readable as a plain Vocabulary too
  });

  it("refuses a vocabulary without [BOS]/[EOS] or with multi-character tokens", () => {
    expect(() => new CharacterTokenizer(new Vocabulary([PAD, UNK, "床"], [PAD, UNK]))).toThrow(
      /lacks the special \[BOS\]/,
    );
    const words = new Vocabulary([PAD, UNK, BOS, EOS, "明月"], [PAD, UNK, BOS, EOS]);
    expect(() => new CharacterTokenizer(words)).toThrow(/"明月" \(id 4\) is not one character/);
  });
});
