import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildChineseVocabulary, detokenizeChinese, tokenizeChinese } from "../../src/lib/tokenizers/chinese";
import {
  buildEnglishVocabulary,
  detokenizeEnglish,
  tokenizeEnglish,
  TRANSLATION_SPECIALS,
} from "../../src/lib/tokenizers/english";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";
import { tatoebaFixtureDir } from "../data/datasetFixtures";

describe("tokenizeEnglish", () => {
  it.each([
    ["I don't know, Tom's 3.5 km away!", "i do n't know , tom 's 3.5 km away !"],
    ["We're sure they'll come at 10,000.", "we 're sure they 'll come at 10,000 ."],
    ["It’s six o'clock.", "it 's six o'clock ."],
    ["I'm left-handed.", "i 'm left - handed ."],
    ['He said, "Hi."', 'he said , " hi . "'],
  ])("%s", (text, tokens) => {
    expect(tokenizeEnglish(text).join(" ")).toBe(tokens);
  });

  it("detokenize(tokenize(x)) is x in lower case for ordinary sentences", () => {
    for (const s of [
      "I don't know, Tom's 3.5 km away!",
      "I'm left-handed.",
      'He said, "Hi."',
      "(Really?) Yes: 50%.",
    ]) {
      expect(detokenizeEnglish(tokenizeEnglish(s))).toBe(s.toLowerCase());
    }
  });

  it("round-trips over 99.5% of the Tatoeba English side (curly quotes and a.m. are the exceptions)", () => {
    const dir = process.env.FOOTPRINT_DATA_DIR ?? tatoebaFixtureDir();
    const file = path.join(dir, "tatoeba-cmn-eng", "cmn.txt");
    const english = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("\t")[0]!);
    const ok = english.filter((s) => detokenizeEnglish(tokenizeEnglish(s)) === s.toLowerCase()).length;
    expect(ok / english.length).toBeGreaterThan(0.995);
  });
});

describe("tokenizeChinese", () => {
  it("gives one token per character and one per space run", () => {
    expect(tokenizeChinese("我喜欢 Tom！")).toEqual(["我", "喜", "欢", " ", "T", "o", "m", "！"]);
    expect(tokenizeChinese("  你好   世界 ")).toEqual(["你", "好", " ", "世", "界"]);
  });

  it("keeps astral characters whole", () => {
    expect(tokenizeChinese("𠀀好")).toEqual(["𠀀", "好"]);
  });

  it("decode(encode(x)) === x", () => {
    for (const s of ["我喜欢电脑。", "汤姆在 1990 年出生。", "你好！"]) {
      expect(detokenizeChinese(tokenizeChinese(s))).toBe(s);
    }
  });
});

describe("translation vocabularies", () => {
  const en = ["I like cats.", "I like dogs.", "Cats like me."];
  const zh = ["我喜欢猫。", "我喜欢狗。", "猫喜欢我。"];

  it("put [PAD] [UNK] [BOS] [EOS] at ids 0..3", () => {
    const v = buildEnglishVocabulary(en, 1);
    expect(v.tokens.slice(0, 4)).toEqual([...TRANSLATION_SPECIALS]);
    expect(v.padId).toBe(0);
    expect(v.unkId).toBe(1);
  });

  it("drop words below the minimum frequency to [UNK]", () => {
    const v = buildEnglishVocabulary(en, 2);
    expect(v.has("like")).toBe(true);
    expect(v.has("dogs")).toBe(false);
    expect(v.encode(tokenizeEnglish("dogs"))).toEqual([v.unkId]);
  });

  it("round-trip ids → tokens → text, and through JSON", () => {
    const v = buildChineseVocabulary(zh);
    const ids = v.encode(tokenizeChinese("猫喜欢狗。"));
    expect(detokenizeChinese(v.decode(ids))).toBe("猫喜欢狗。");
    const back = Vocabulary.fromJSON(JSON.stringify(v.toJSON()));
    expect(back.encode(tokenizeChinese("猫喜欢狗。"))).toEqual(ids);
    expect(back.specials).toEqual([...TRANSLATION_SPECIALS]);
  });
});
