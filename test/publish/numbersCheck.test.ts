import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkNotebookFolder,
  checkNotebookNumbers,
  figuresInMarkdown,
  formatNumbersProblem,
  hasCitation,
} from "../../src/lib/publish/numbersCheck";
import type { Notebook } from "../../src/lib/publish/types";

const ROOT = path.join(__dirname, "../..");

function nb(markdown: string, printed: string, metadata?: Record<string, unknown>): Notebook {
  return {
    cells: [
      { cell_type: "markdown", id: "m", source: markdown, metadata },
      {
        cell_type: "code",
        id: "c",
        source: "show()",
        outputs: [{ output_type: "stream", name: "stdout", text: printed }],
      },
    ],
  };
}

describe("figuresInMarkdown", () => {
  it.each([
    ["an energy figure", "It used 170 J per run.", ["170 J"]],
    ["kilowatt-hours and percent", "About 1.5 kWh, or 9.36 % of it.", ["1.5 kWh", "9.36 %"]],
    ["a metric name before the number", "test BLEU ≥ 20 within the budget", ["BLEU ≥ 20"]],
    ["a ratio", "beam search costs 14× more", ["14×"]],
    ["thousands separators", "some 78,000 J", ["78,000 J"]],
    [
      "Chinese units",
      "训练用了 3727 焦耳，约 19.3 分钟，准确率为 81 %",
      ["3727 焦耳", "19.3 分钟", "准确率为 81 %"],
    ],
  ])("finds %s", (_, md, expected) => {
    expect(figuresInMarkdown(md).map((f) => f.text)).toEqual(expected);
  });

  it.each([
    ["code spans", "run `npm test -- --timeout 30 s` first"],
    ["math", "with $\\varepsilon = 0.1$ and $$p = 5\\%$$"],
    ["words that start with a unit letter", "64 pairs, 5 steps, 4 heads, 2 hidden layers"],
    ["link targets", "see [the data](https://example.org/5%20s) here"],
    ["a metric followed by a non-figure", "BLEU's 4-grams are all-or-nothing"],
    ["version numbers", "checked against sacreBLEU 2.6.0"],
    ["scientific notation", "2.9 × 10³ for the transformer"],
    ["a fenced code block", "```\n$ time npm test  # 14 min\n```\n"],
  ])("ignores %s", (_, md) => {
    expect(figuresInMarkdown(md)).toEqual([]);
  });
});

describe("hasCitation", () => {
  it.each([
    ["a Cite tag", 'about 1,287 MWh <Cite id="patterson2021" />', true],
    ["an author–year parenthesis", "label smoothing 0.1 (Szegedy et al., 2016) helps", true],
    ["a Chinese parenthesis", "标签平滑（Szegedy 等，2016）", true],
    ["a reference id", "a 5 % gain [@wu2016]", true],
    ["a plain parenthesis", "(measured on this machine, 2 cores)", false],
  ])("%s → %s", (_, s, expected) => {
    expect(hasCitation(s)).toBe(expected);
  });
});

describe("checkNotebookNumbers", () => {
  it("accepts a figure a code cell prints, rounded as written", () => {
    expect(
      checkNotebookNumbers(nb("Greedy decoding used 47.6 J.", "J per 1,000: 47.61\n"), "x.ipynb"),
    ).toEqual([]);
  });

  it("fails on a figure no code cell prints, naming the cell, the line and the fix", () => {
    const problems = checkNotebookNumbers(nb("Intro.\n\nGreedy decoding used 170 J.", "47.61\n"), "x.ipynb");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "x.ipynb", cell: "m", line: 3, figure: "170 J" });
    expect(formatNumbersProblem(problems[0]!)).toMatch(/x\.ipynb cell m line 3: "170 J".*Fix:/);
  });

  it("does not round a stated figure with more precision than the output has", () => {
    expect(checkNotebookNumbers(nb("some 78,000 J in all", "7.830e+4\n"), "x.ipynb")).toHaveLength(1);
  });

  it("accepts a percentage printed as a fraction", () => {
    expect(checkNotebookNumbers(nb("9.36 % of tokens are unknown", "unknown: 0.0936\n"), "x.ipynb")).toEqual(
      [],
    );
  });

  it("accepts a cited figure and a declared constant", () => {
    const md = "Training took 30 minutes. GPT-3 used 1,287 MWh (Patterson et al., 2021).";
    expect(checkNotebookNumbers(nb(md, ""), "x.ipynb").map((p) => p.figure)).toEqual(["30 minutes"]);
    expect(checkNotebookNumbers(nb(md, "", { figures: { constants: ["30 minutes"] } }), "x.ipynb")).toEqual(
      [],
    );
  });

  it("rejects a malformed constants list with the field to fix", () => {
    expect(() => checkNotebookNumbers(nb("x", "", { figures: { constants: "30 s" } }), "x.ipynb")).toThrow(
      /x\.ipynb cell m: metadata\.figures\.constants must be a list of strings/,
    );
  });

  it("checks translated cells against the outputs and their English cell", () => {
    const book = nb("Training took 30 minutes.", "47.61\n", { figures: { constants: ["30 minutes"] } });
    const ok = { file: "zh.json", cells: { m: "训练用了 30 分钟，翻译 47.6 焦。" } };
    expect(checkNotebookNumbers(book, "x.ipynb", ok)).toEqual([]);
    const stale = { file: "zh.json", cells: { m: "训练用了 30 分钟，翻译 170 焦。" } };
    expect(checkNotebookNumbers(book, "x.ipynb", stale)).toMatchObject([
      { file: "zh.json", figure: "170 焦" },
    ]);
  });

  it("fails on the stale closing sentence the translation notebook (05) once had", () => {
    const file = path.join(ROOT, "notebooks/05-translation.ipynb");
    const book = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
    const stale =
      "the same greedy pass over the test set, repeated on the same model, measured 170 J and 79 J per 1,000 " +
      "sentences under different machine load, so read them to a factor of two.";
    book.cells.push({ cell_type: "markdown", id: "planted", source: stale });
    const problems = checkNotebookNumbers(book, "notebooks/05-translation.ipynb").filter(
      (p) => p.cell === "planted",
    );
    expect(problems.map((p) => p.figure)).toEqual(["170 J", "79 J"]);
  });
});

describe("the published notebooks", () => {
  it("state no figure that is not printed, cited or declared constant (en and zh-Hans)", () => {
    const problems = checkNotebookFolder(ROOT, "notebooks", "i18n/zh-Hans/notebooks");
    expect(problems.map(formatNumbersProblem)).toEqual([]);
  });
});
