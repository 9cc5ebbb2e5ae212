import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  figureKind,
  methodKind,
  methodWord,
  methodWordFor,
  methodWordOrUndefined,
} from "../../src/lib/format/methodWords";
import {
  checkMethodWords,
  formatMethodWordProblem,
  measuredLedgerJoules,
  publishedSources,
} from "../../src/lib/publish/methodWordsCheck";

const ROOT = path.join(__dirname, "../..");

describe("methodWord", () => {
  it.each([
    ["measured:rapl", "en", "measured"],
    ["measured:nvml", "zh-Hans", "实测"],
    ["estimated:tdp", "en", "estimated"],
    ["estimated:tdp", "zh-Hans", "估算"],
  ] as const)("%s in %s is %s", (method, locale, word) => {
    expect(methodWord(method, locale)).toBe(word);
  });

  it("calls a record estimated when any component is estimated", () => {
    expect(figureKind({ cpu: "measured:rapl", dram: "estimated:tdp" })).toBe("estimated");
    expect(figureKind({ cpu: "measured:rapl", gpu: "measured:nvml" })).toBe("measured");
    expect(methodWordFor("measured:rapl, estimated:tdp", "zh-Hans")).toBe("估算");
  });

  it("rejects an unknown method with the accepted forms, and labels fall back to nothing", () => {
    expect(() => methodKind("guessed")).toThrow(
      /unknown energy method "guessed".*measured:rapl.*estimated:tdp/,
    );
    expect(methodWordOrUndefined("guessed", "en")).toBeUndefined();
    expect(methodWordOrUndefined(undefined, "en")).toBeUndefined();
  });
});

describe("checkMethodWords", () => {
  it("fails on a planted 'measured' energy figure, naming the file, line and fix", () => {
    const problems = checkMethodWords("Intro.\n\nThe same pass measured 170 J per 1,000 sentences.", "x.mdx");
    expect(problems).toMatchObject([{ file: "x.mdx", line: 3, word: "measured", figure: "170 J" }]);
    expect(formatMethodWordProblem(problems[0]!)).toMatch(
      /x\.mdx line 3: "measured" next to 170 J.*Fix: say "estimated"/,
    );
  });

  it.each([
    ["实测", "训练的实测能耗为 3,727 J。"],
    ["测得", "在不同负载下测得每 1,000 句 170 J。"],
    ["Wh", "We measured 0.27 Wh for training."],
    ["mJ", "The lexicon's cost is not zero, it is measured: 45 mJ per 1,000 sentences."],
  ])("fails on %s", (_, text) => {
    expect(checkMethodWords(text, "x.mdx")).toHaveLength(1);
  });

  it.each([
    ["an estimate", "The training used an estimated 971 J."],
    [
      "a cited measurement",
      'Luccioni et al. measured 0.047 kWh per 1,000 generations <Cite id="luccioni2024" />.',
    ],
    ["an author–year citation", "They measured 433 MWh (Luccioni et al., 2023)."],
    ["measured time without energy", "The wall time was measured: 12 minutes."],
    ["a method name in code", "Counters give `measured:rapl`; here 971 J, estimated."],
  ])("accepts %s", (_, text) => {
    expect(checkMethodWords(text, "x.mdx")).toEqual([]);
  });

  it("accepts a figure a measured:* ledger record has", () => {
    const ledger = [
      JSON.stringify({ method: { cpu: "measured:rapl", dram: "measured:rapl" }, joules: { total: 170.2 } }),
      JSON.stringify({ method: { cpu: "estimated:tdp" }, joules: { total: 79 } }),
    ].join("\n");
    const measured = measuredLedgerJoules(ledger);
    expect(measured).toEqual([170.2]);
    expect(checkMethodWords("We measured 170 J, then 79 J.", "x.mdx", measured).map((p) => p.figure)).toEqual(
      ["79 J"],
    );
  });
});

describe("the published sources", () => {
  it("are scanned: docs, zh-Hans docs and UI strings, notebooks and their translations", () => {
    const files = publishedSources(ROOT).map(([f]) => f);
    expect(files).toContain("docs/faq.mdx");
    expect(files).toContain("i18n/zh-Hans/docusaurus-plugin-content-docs/current/intro.mdx");
    expect(files.some((f) => f.startsWith("notebooks/05-translation.ipynb cell"))).toBe(true);
    expect(files.some((f) => f.startsWith("i18n/zh-Hans/notebooks/05-translation.json cell"))).toBe(true);
    expect(files.some((f) => f.startsWith("i18n/zh-Hans/code.json"))).toBe(true);
  });

  it("never call an estimated energy figure measured (实测, 测得)", () => {
    const measured = measuredLedgerJoules(
      fs.readFileSync(path.join(ROOT, "data/energy/ledger.jsonl"), "utf8"),
    );
    const problems = publishedSources(ROOT).flatMap(([file, text]) => checkMethodWords(text, file, measured));
    expect(problems.map(formatMethodWordProblem)).toEqual([]);
  });
});
