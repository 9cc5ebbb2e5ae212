import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  englishKey,
  loadTatoeba,
  parseTatoeba,
  readTatoeba,
  splitByEnglish,
  toSimplified,
} from "../../src/lib/data/tatoeba";
import type { SentencePair } from "../../src/lib/data/tatoeba";
import { tatoebaFixtureDir } from "./datasetFixtures";

const fixtures = path.join(__dirname, "fixtures");

describe("parseTatoeba", () => {
  it("reads 2- and 3-column lines, keeps attributions and converts to Simplified", async () => {
    const pairs = await readTatoeba(path.join(tatoebaFixtureDir(), "tatoeba-cmn-eng/cmn.txt"));
    expect(pairs).toHaveLength(5);
    expect(pairs[0]).toEqual({
      en: "Hi.",
      zh: "嗨。",
      attribution: "CC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & #891077 (Martha)",
      line: 1,
    });
    expect(pairs[2]!.zh).toBe("我喜欢电脑。"); // 喜歡電腦 → 喜欢电脑
    expect(pairs[3]).toEqual({ en: "Run.", zh: "你用跑的。", line: 4 }); // two columns: no attribution
  });

  it("can keep the original script", () => {
    expect(parseTatoeba("Hi.\t電腦\n", "x.txt", { simplify: false })[0]!.zh).toBe("電腦");
  });

  it.each([
    ["missing-column.txt", /missing-column\.txt:2: missing Chinese column/],
    ["four-columns.txt", /four-columns\.txt:1: 4 TAB-separated fields, expected 2 or 3/],
    ["empty-english.txt", /empty-english\.txt:2: empty English column/],
    ["empty-line.txt", /empty-line\.txt:2: empty line/],
  ])("%s gives an error naming file, line and problem", async (name, message) => {
    await expect(readTatoeba(path.join(fixtures, "tatoeba-bad", name))).rejects.toThrow(message);
  });

  it("accepts CRLF line ends and a BOM", () => {
    const pairs = parseTatoeba("\ufeffHi.\t嗨。\r\nRun.\t跑。\r\n", "crlf.txt");
    expect(pairs.map((p) => [p.en, p.zh])).toEqual([
      ["Hi.", "嗨。"],
      ["Run.", "跑。"],
    ]);
  });
});

describe("toSimplified", () => {
  it("converts characters, not phrases", () => {
    expect(toSimplified("為什麼這裡的頭髮")).toBe("为什么这里的头发");
    expect(toSimplified("软件")).toBe("软件");
  });
});

describe("splitByEnglish", () => {
  const pairs: SentencePair[] = Array.from({ length: 300 }, (_, i) => ({
    en: `sentence ${i % 120}`, // 120 English sentences, most with 2–3 translations
    zh: `句子${i}`,
    line: i + 1,
  }));

  it("never puts one English sentence in two splits, and loses no pair", () => {
    const s = splitByEnglish(pairs, { validation: 0.1, test: 0.1 }, 1);
    const keys = (xs: SentencePair[]) => new Set(xs.map((p) => englishKey(p.en)));
    const [tr, va, te] = [keys(s.train), keys(s.validation), keys(s.test)];
    for (const k of te) expect(tr.has(k) || va.has(k)).toBe(false);
    for (const k of va) expect(tr.has(k)).toBe(false);
    expect(te.size).toBe(12);
    expect(va.size).toBe(12);
    expect(s.train.length + s.validation.length + s.test.length).toBe(300);
  });

  it("is seeded", () => {
    const a = splitByEnglish(pairs, {}, 3);
    expect(splitByEnglish(pairs, {}, 3)).toEqual(a);
    expect(splitByEnglish(pairs, {}, 4).test).not.toEqual(a.test);
  });

  it("rejects fractions that leave no training data", () => {
    expect(() => splitByEnglish(pairs, { validation: 0.5, test: 0.5 })).toThrow(/validation \+ test < 1/);
  });
});

describe("loadTatoeba", () => {
  it("loads an explicit directory holding a tatoeba-cmn-eng/ subfolder", async () => {
    const s = await loadTatoeba({ dataDir: tatoebaFixtureDir(), validation: 0.25, test: 0.25 });
    expect(s.source).toBe("explicit");
    expect(s.total).toBe(5);
    expect(s.train.length + s.validation.length + s.test.length).toBe(5);
  });

  it("says where to put the file when the explicit directory lacks it", async () => {
    await expect(loadTatoeba({ dataDir: path.join(fixtures, "tatoeba-bad") })).rejects.toThrow(
      /FOOTPRINT_DATA_DIR|dataDir option.*cmn\.txt.*manythings/,
    );
  });

  // Real data: CI sets FOOTPRINT_DATA_DIR. Without it this fails with the loader's message, on purpose.
  it("loads the real file from FOOTPRINT_DATA_DIR: 28,447 pairs, all parsed", async () => {
    const s = await loadTatoeba({ download: false });
    expect(s.total).toBe(28_447);
    expect(s.train.length + s.validation.length + s.test.length).toBe(28_447);
    expect(s.test.every((p) => p.attribution?.startsWith("CC-BY"))).toBe(true);
  });
});
