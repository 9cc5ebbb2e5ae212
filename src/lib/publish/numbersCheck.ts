// The numbers check: every figure written by hand in a notebook's markdown must be traceable.
//
// A *figure* is a number with a unit or a metric name: 170 J, 3.7 kJ, 1.0 Wh, 0.4 s, 30 minutes,
// 9.36 %, 14×, BLEU 23.7, accuracy of 81 %, 2.1 bits/char, and the Chinese forms (焦耳, 千瓦时, 秒,
// 分钟, 倍, 准确率 …). Code spans, code blocks, math and link targets are not prose and are skipped.
// A figure in a markdown cell passes when one of these holds:
//
//   1. a code cell of the same notebook prints it: some number in the text outputs (stdout,
//      text/plain, text/markdown), rounded to the figure's decimals, equals it (for % also the
//      output × 100). Prose that restates an old run's number therefore fails once the run changes;
//      the fix is to refer to the output, or to render the sentence from the run's variables;
//   2. its sentence carries a citation: `<Cite id=… />`, a reference id `[@id]`, or an author–year
//      parenthesis such as "(Vaswani et al., 2017)" / "（Vaswani 等，2017）";
//   3. the cell marks it as a constant of the argument (a setting, a target, a convention, not a
//      result): the markdown cell's metadata lists it, as written, under
//        "metadata": { "figures": { "constants": ["90 / 5 / 5 %", "0.3725 W/GB", "30 minutes"] } }
//      (its own key: the runner's `footprint` metadata of code cells records costs, not prose).
//      A constant matches every figure of the cell whose number it contains ("5 %" in "90 / 5 / 5 %").
//
// Translations (i18n/zh-Hans/notebooks/<name>.json, `cells`: cell id → whole translated cell) are
// checked the same way; a translated cell may also repeat any number its English cell may state.
import fs from "node:fs";
import path from "node:path";
import type { Notebook, Output } from "./types";
import { joinSource } from "./types";
import { readTranslation } from "./translation";

export type Figure = {
  /** The figure as written, e.g. "170 J" or "BLEU ≥ 20". */
  text: string;
  value: number;
  /** Decimal places written (78,000 → 0; 9.36 → 2). */
  decimals: number;
  /** 1-based line in the cell. */
  line: number;
  /** The sentence around it (for citations and for the report). */
  sentence: string;
};

export type NumbersProblem = {
  file: string;
  /** Cell id, or `#index` when the cell has none. */
  cell: string;
  line: number;
  figure: string;
  sentence: string;
};

// A number as written in prose: 1,234.5 / 12.5 / 7 / 3.14e23 (no sign: "−" is prose).
// A version number (2.6.0) is not one; "5.1 × 10⁷" is scientific notation, not a ratio.
const NUM = String.raw`(?<![\w.,/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:e([+-]?\d+))?(?!\.\d|\s?×\s?10)`;
// Units after a number; latin ones must not run into a word ("5 steps" is not "5 s").
const UNIT_AFTER = String.raw`\s?(?:(?:kWh|MWh|GWh|Wh|kJ|MJ|J|ms|s|min|minutes?|seconds?|hours?|h|times|BLEU|chrF|bits?\s?/\s?char(?:acter)?)(?![\p{L}\d])|%|％|×|倍|秒|分钟|小时|千焦|焦耳|焦|千瓦时|兆瓦时|瓦时|比特\s?/\s?字符)`;
// Metric names before a number, joined by a few connecting words only ("BLEU's 4-grams" is not a figure).
const METRIC_BEFORE = String.raw`(?<![\p{L}])(?:BLEU|chrF|accuracy|准确率|正确率)(?:\s*(?:of|is|was|=|≥|≤|≈|~|:|：|为|是|约|达到|about|around|only|reaches|reached)\s*)*\s*`;

const FIGURE_RE = new RegExp(`(?:${METRIC_BEFORE})?${NUM}(?:${UNIT_AFTER})?`, "gu");
const METRIC_RE = new RegExp(`^${METRIC_BEFORE}`, "u");
const UNIT_RE = new RegExp(`${UNIT_AFTER}$`, "u");

const CITATION_RE =
  /<Cite\b|\[@[\w:-]+\]|[(（][^()（）]*\p{Lu}[^()（）]*?[,，]\s*(?:19|20)\d\d[a-z]?(?:[;；,，][^()（）]*)?[)）]/u;

/** Replaces code, math, HTML tags and link targets by spaces (same length, so lines stay put). */
export function proseOnly(md: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  return md
    .replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?^ {0,3}\2[^\n]*$/gm, blank)
    .replace(/\$\$[\s\S]*?\$\$/g, blank)
    .replace(/\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)/g, blank)
    .replace(/(`+)[\s\S]*?\1/g, blank)
    .replace(/(?<!\\)\$(?!\s)[^$\n]*?(?<![\s\\])\$/g, blank)
    .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, (m) => "]" + blank(m.slice(1)))
    .replace(/<\/?[A-Za-z][^>]*>/g, (m) => (/^<Cite\b/.test(m) ? m : blank(m)))
    .replace(/https?:\/\/\S+/g, blank);
}

function sentenceAround(text: string, at: number, end: number): string {
  // Sentence ends: 。！？ always; . ! ? before a space and a capital, a list item or a blank line.
  const stops = /[。！？]|[.!?](?=\s+[\p{Lu}*(“"])|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s/gu;
  let start = 0;
  let stop = text.length;
  for (const m of text.matchAll(stops)) {
    const s = m.index;
    if (s + m[0].length <= at) start = s + m[0].length;
    else if (s >= end) {
      stop = s + m[0].length;
      break;
    }
  }
  return text.slice(start, stop).replace(/\s+/g, " ").trim();
}

/** The figures (numbers with a unit or metric name) in a markdown cell's prose. */
export function figuresInMarkdown(md: string): Figure[] {
  const prose = proseOnly(md);
  const out: Figure[] = [];
  for (const m of prose.matchAll(FIGURE_RE)) {
    const text = m[0].trim();
    if (!METRIC_RE.test(text) && !UNIT_RE.test(text)) continue;
    const digits = m[1]!.replace(/,/g, "");
    const value = Number(digits + (m[2] ?? "") + (m[3] !== undefined ? `e${m[3]}` : ""));
    const decimals = m[3] !== undefined ? 20 : (m[2]?.length ?? 1) - 1;
    const at = m.index;
    out.push({
      text,
      value,
      decimals: Math.max(0, decimals),
      line: prose.slice(0, at).split("\n").length,
      sentence: sentenceAround(md, at, at + m[0].length),
    });
  }
  return out;
}

/** Whether the sentence carries a citation (`<Cite>`, `[@id]`, or "(Author, 2017)"). */
export function hasCitation(sentence: string): boolean {
  return CITATION_RE.test(sentence);
}

function outputText(o: Output): string {
  if (o.output_type === "stream") return joinSource(o.text);
  if (o.output_type === "error") return "";
  const parts: string[] = [];
  for (const mime of ["text/plain", "text/markdown"]) {
    const v = o.data[mime];
    if (typeof v === "string" || Array.isArray(v)) parts.push(joinSource(v as string | string[]));
  }
  return parts.join("\n");
}

/** Every number the notebook's code cells print (text outputs only, no images or plot data). */
export function printedNumbers(nb: Notebook): number[] {
  const values: number[] = [];
  const re = /(\d+(?:,\d{3})*)(\.\d+)?(?:e([+-]?\d+))?/g;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    for (const o of c.outputs ?? []) {
      const t = outputText(o).replace(/\u001b\[[\d;]*m/g, "");
      for (const m of t.matchAll(re)) {
        const v = Number(m[1]!.replace(/,/g, "") + (m[2] ?? "") + (m[3] !== undefined ? `e${m[3]}` : ""));
        if (Number.isFinite(v)) values.push(v);
      }
    }
  }
  return values;
}

function roundTo(v: number, decimals: number): number {
  if (decimals >= 15) return v;
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Whether a printed value, rounded as the figure is written, equals the figure. */
export function isPrinted(f: Figure, printed: readonly number[]): boolean {
  const percent = /[%％]$/.test(f.text);
  const same = (o: number) =>
    f.decimals >= 15
      ? Math.abs(o - f.value) <= 1e-9 * Math.abs(f.value)
      : Math.abs(roundTo(o, f.decimals) - f.value) < 1e-9 * Math.max(1, Math.abs(f.value));
  return printed.some((o) => same(o) || (percent && same(o * 100)));
}

/** The constants a markdown cell declares in `metadata.figures.constants`. */
export function cellConstants(metadata: Record<string, unknown> | undefined, where: string): string[] {
  const fp = metadata?.figures;
  if (fp === undefined) return [];
  const list = (fp as { constants?: unknown }).constants;
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
    throw new Error(
      `${where}: metadata.figures.constants must be a list of strings (figures as written, e.g. ["30 minutes"])`,
    );
  return list as string[];
}

function constantValues(constants: readonly string[]): number[] {
  const re = new RegExp(NUM, "g");
  return constants.flatMap((c) =>
    [...c.matchAll(re)].map((m) =>
      Number(m[1]!.replace(/,/g, "") + (m[2] ?? "") + (m[3] !== undefined ? `e${m[3]}` : "")),
    ),
  );
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/**
 * Checks one notebook (and optionally its translated cells). Returns the figures that are neither
 * printed by a code cell, nor cited, nor declared constants; [] when all are traceable.
 */
export function checkNotebookNumbers(
  nb: Notebook,
  file: string,
  translation?: { file: string; cells: Record<string, string> },
): NumbersProblem[] {
  const printed = printedNumbers(nb);
  const problems: NumbersProblem[] = [];
  const allowedByCell = new Map<string, number[]>();
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "markdown") return;
    const key = c.id ?? `#${i}`;
    const constants = constantValues(cellConstants(c.metadata, `${file} cell ${key}`));
    const allowed: number[] = [...constants];
    for (const f of figuresInMarkdown(joinSource(c.source))) {
      const ok =
        isPrinted(f, printed) || hasCitation(f.sentence) || constants.some((v) => sameValue(v, f.value));
      if (ok) allowed.push(f.value);
      else problems.push({ file, cell: key, line: f.line, figure: f.text, sentence: f.sentence });
    }
    allowedByCell.set(key, allowed);
    // A cell without an id can also be addressed by its index.
    if (c.id !== undefined) allowedByCell.set(`#${i}`, allowed);
  });
  if (translation) {
    for (const [key, md] of Object.entries(translation.cells)) {
      const allowed = allowedByCell.get(key) ?? [];
      for (const f of figuresInMarkdown(md)) {
        const ok =
          isPrinted(f, printed) || hasCitation(f.sentence) || allowed.some((v) => sameValue(v, f.value));
        if (!ok)
          problems.push({
            file: translation.file,
            cell: key,
            line: f.line,
            figure: f.text,
            sentence: f.sentence,
          });
      }
    }
  }
  return problems;
}

/** One line per problem, saying where it is and how to fix it. */
export function formatNumbersProblem(p: NumbersProblem): string {
  return (
    `${p.file} cell ${p.cell} line ${p.line}: "${p.figure}" is not printed by any code cell, not cited and not ` +
    `declared constant, in: "${p.sentence}". Fix: refer to the output (or render the sentence from the run's ` +
    `variables), cite the source, or list it under the cell's metadata.figures.constants if it is a setting.`
  );
}

/** Checks every notebook in `notebooksDir` and its translation in `translationsDir`, if any. */
export function checkNotebookFolder(
  root: string,
  notebooksDir: string,
  translationsDir?: string,
): NumbersProblem[] {
  const problems: NumbersProblem[] = [];
  for (const name of fs.readdirSync(path.join(root, notebooksDir)).sort()) {
    if (!name.endsWith(".ipynb")) continue;
    const rel = path.join(notebooksDir, name);
    const nb = JSON.parse(fs.readFileSync(path.join(root, rel), "utf8")) as Notebook;
    let translation: { file: string; cells: Record<string, string> } | undefined;
    if (translationsDir) {
      const trel = path.join(translationsDir, name.replace(/\.ipynb$/, ".json"));
      const t = readTranslation(path.join(root, trel));
      if (t?.cells) translation = { file: trel, cells: t.cells };
    }
    problems.push(...checkNotebookNumbers(nb, rel, translation));
  }
  return problems;
}
