import { describe, expect, it } from "vitest";
import { buildTranslationMemory, retrieve } from "../../../src/lib/models/translation/retrieval";
import { tokenizeEnglish } from "../../../src/lib/tokenizers/english";
import { mulberry32 } from "../../../src/lib/util/random";

const PAIRS = [
  { en: "I like cats.", zh: "我喜欢猫。" },
  { en: "I like dogs.", zh: "我喜欢狗。" },
  { en: "Where is the station?", zh: "车站在哪里？" },
  { en: "Where is the station?", zh: "车站在哪儿？" }, // second translation of the same sentence
  { en: "Tom is reading a book.", zh: "汤姆在看书。" },
];

/** Plain TF-IDF cosine over dense vectors, the definition the inverted index must reproduce. */
function bruteForce(pairs: { en: string; zh: string }[], query: string): { index: number; score: number } {
  const docs = [...new Map(pairs.map((p) => [p.en.trim().replace(/\s+/g, " "), p])).values()];
  const tok = docs.map((d) => tokenizeEnglish(d.en));
  const vocab = [...new Set(tok.flat())];
  const N = docs.length;
  const idf = vocab.map((t) => Math.log((1 + N) / (1 + tok.filter((d) => d.includes(t)).length)) + 1);
  const vec = (tokens: string[]) => {
    const v = vocab.map((t, j) => tokens.filter((x) => x === t).length * idf[j]!);
    const n = Math.hypot(...v);
    return n === 0 ? v : v.map((x) => x / n);
  };
  const q = vec(tokenizeEnglish(query));
  let best = { index: -1, score: 0 };
  tok.forEach((d, i) => {
    const s = vec(d).reduce((acc, x, j) => acc + x * q[j]!, 0);
    if (s > best.score + 1e-12) best = { index: i, score: s };
  });
  return best;
}

describe("TF-IDF retrieval baseline", () => {
  it("returns the translation of an English sentence seen in training, with score 1", () => {
    const m = buildTranslationMemory(PAIRS);
    const r = retrieve(m, "Tom is reading a book.");
    expect(r.zh).toBe("汤姆在看书。");
    expect(r.score).toBeCloseTo(1, 9);
  });

  it("keeps each English sentence once, with its first translation", () => {
    const m = buildTranslationMemory(PAIRS);
    expect(m.entries).toHaveLength(4);
    expect(retrieve(m, "where is the station ?").zh).toBe("车站在哪里？");
  });

  it("prefers the sentence sharing a rare word (idf) over one sharing two frequent words", () => {
    const m = buildTranslationMemory([
      { en: "I like cats.", zh: "我喜欢猫。" },
      { en: "I like dogs.", zh: "我喜欢狗。" },
      { en: "I like tea.", zh: "我喜欢茶。" },
      { en: "Birds sing.", zh: "鸟儿唱歌。" },
    ]);
    // With equal weights "I like cats." would win (two shared words); "birds" is rarer than "i" and "like".
    expect(retrieve(m, "I like birds").zh).toBe("鸟儿唱歌。");
  });

  it("breaks a tie by training order", () => {
    const m = buildTranslationMemory(PAIRS);
    const r = retrieve(m, "I like");
    expect(r.index).toBe(0);
    expect(r.zh).toBe("我喜欢猫。");
  });

  it("retrieves nothing (empty output, score 0) when no word was seen in training", () => {
    const m = buildTranslationMemory(PAIRS);
    expect(retrieve(m, "Xylophones quack")).toEqual({ zh: "", en: "", score: 0, index: -1 });
    expect(retrieve(m, "")).toEqual({ zh: "", en: "", score: 0, index: -1 });
  });

  it("matches a dense brute-force TF-IDF cosine on random sentences", () => {
    const rand = mulberry32(7);
    const words = ["a", "b", "c", "d", "e", "f", "g", "h", "the", "of", "."];
    const sentence = () =>
      Array.from(
        { length: 1 + Math.floor(rand() * 6) },
        () => words[Math.floor(rand() * words.length)]!,
      ).join(" ");
    const pairs = Array.from({ length: 40 }, (_, i) => ({ en: sentence(), zh: `句${i}` }));
    const m = buildTranslationMemory(pairs);
    for (let k = 0; k < 30; k++) {
      const q = sentence();
      const expected = bruteForce(pairs, q);
      const got = retrieve(m, q);
      expect(got.score).toBeCloseTo(expected.score, 9);
      expect(got.index).toBe(expected.index);
    }
  });
});
