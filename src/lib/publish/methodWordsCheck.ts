// The method-word check: a published sentence may call an energy figure "measured" (实测, 测得,
// 测量) only if it is one. Energy figures here are either cited (a publication's own method, which
// the citation names) or this project's, and this project's are measured only when a ledger record
// with a `measured:*` method has that energy. On machines without counters every record is
// `estimated:*`, so an uncited "measured 170 J" is always an error.
//
// Scanned: docs/**/*.mdx and the zh-Hans docs (generated notebook pages excluded: their sources are
// scanned instead), the zh-Hans UI strings (code.json), notebook markdown cells and their zh-Hans
// translations. Code, math and link targets are skipped (proseOnly).
import fs from "node:fs";
import path from "node:path";
import { methodKind } from "../format/methodWords";
import { hasCitation, proseOnly } from "./numbersCheck";
import type { Notebook } from "./types";
import { joinSource } from "./types";

export type MethodWordProblem = {
  file: string;
  line: number;
  word: string;
  figure: string;
  sentence: string;
};

const MEASURED_WORD = /\bmeasur(?:e|ed|es|ing|ement|ements)\b|实测|测得|测量/iu;
const JOULES: Record<string, number> = {
  µJ: 1e-6,
  mJ: 1e-3,
  J: 1,
  kJ: 1e3,
  MJ: 1e6,
  GJ: 1e9,
  Wh: 3600,
  kWh: 3.6e6,
  MWh: 3.6e9,
  GWh: 3.6e12,
  TWh: 3.6e15,
  毫焦: 1e-3,
  焦耳: 1,
  焦: 1,
  千焦: 1e3,
  瓦时: 3600,
  千瓦时: 3.6e6,
  兆瓦时: 3.6e9,
  吉瓦时: 3.6e12,
};
const ENERGY_FIGURE =
  /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(kWh|MWh|GWh|TWh|Wh|µJ|mJ|kJ|MJ|GJ|J|千瓦时|兆瓦时|吉瓦时|瓦时|千焦|毫焦|焦耳|焦)(?![\p{L}\d])/gu;

/** Sentence spans [start, end) of a text (same rules as the numbers check). */
function sentenceSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  const stops = /[。！？]|[.!?](?=\s+[\p{Lu}*(“"])|\n\s*\n|\n\s*(?:[-*+|]|\d+\.)\s/gu;
  let start = 0;
  for (const m of text.matchAll(stops)) {
    out.push([start, m.index + m[0].length]);
    start = m.index + m[0].length;
  }
  out.push([start, text.length]);
  return out.filter(([a, b]) => text.slice(a, b).trim() !== "");
}

/**
 * Problems in one text: sentences with a "measured" word and an uncited energy figure that no
 * measured record has. `measuredJoules`: energies (J) of the ledger's `measured:*` records.
 */
export function checkMethodWords(
  text: string,
  file: string,
  measuredJoules: readonly number[] = [],
): MethodWordProblem[] {
  const problems: MethodWordProblem[] = [];
  // proseOnly keeps every offset, so a sentence of the prose is the same span of the original.
  const prose = proseOnly(text);
  for (const [a, b] of sentenceSpans(prose)) {
    const sentence = prose.slice(a, b);
    const word = MEASURED_WORD.exec(sentence)?.[0];
    if (!word) continue;
    const raw = text.slice(a, b);
    if (hasCitation(raw)) continue;
    const line = text.slice(0, a + (raw.length - raw.trimStart().length)).split("\n").length;
    for (const m of sentence.matchAll(ENERGY_FIGURE)) {
      const joules = Number(m[1]!.replace(/,/g, "") + (m[2] ?? "")) * JOULES[m[3]!]!;
      if (measuredJoules.some((j) => Math.abs(j - joules) <= 0.01 * Math.max(j, joules))) continue;
      problems.push({ file, line, word, figure: m[0], sentence: raw.replace(/\s+/g, " ").trim() });
    }
  }
  return problems;
}

/** Energies (J) of the ledger records whose every component is measured:*; [] when none (here). */
export function measuredLedgerJoules(ledgerJsonl: string): number[] {
  const out: number[] = [];
  for (const line of ledgerJsonl.split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { method?: Record<string, string>; joules?: { total?: number } };
    const methods = Object.values(r.method ?? {});
    if (
      methods.length &&
      methods.every((m) => methodKind(m) === "measured") &&
      typeof r.joules?.total === "number"
    )
      out.push(r.joules.total);
  }
  return out;
}

function walk(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? walk(path.join(dir, e.name), ext)
        : e.name.endsWith(ext)
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** Every published source of the site, as [relative file, text] pairs. */
export function publishedSources(root: string): [string, string][] {
  const rel = (f: string) => path.relative(root, f);
  const generated = (f: string) => /(^|\/)notebooks\/[^/]+\.mdx$/.test(rel(f));
  const out: [string, string][] = [];
  for (const f of [...walk(path.join(root, "docs"), ".mdx"), ...walk(path.join(root, "i18n"), ".mdx")].filter(
    (f) => !generated(f),
  ))
    out.push([rel(f), fs.readFileSync(f, "utf8")]);
  for (const f of walk(path.join(root, "i18n"), ".json")) {
    const data = JSON.parse(fs.readFileSync(f, "utf8")) as Record<string, unknown>;
    if (rel(f).includes(`notebooks${path.sep}`)) {
      const cells = (data.cells ?? {}) as Record<string, string>;
      for (const [id, md] of Object.entries(cells)) out.push([`${rel(f)} cell ${id}`, md]);
    } else {
      for (const [id, v] of Object.entries(data)) {
        const message = (v as { message?: unknown } | undefined)?.message;
        if (typeof message === "string") out.push([`${rel(f)} ${id}`, message]);
      }
    }
  }
  for (const f of walk(path.join(root, "notebooks"), ".ipynb")) {
    const nb = JSON.parse(fs.readFileSync(f, "utf8")) as Notebook;
    nb.cells.forEach((c, i) => {
      if (c.cell_type === "markdown") out.push([`${rel(f)} cell ${c.id ?? `#${i}`}`, joinSource(c.source)]);
    });
  }
  return out;
}

export function formatMethodWordProblem(p: MethodWordProblem): string {
  return (
    `${p.file} line ${p.line}: "${p.word}" next to ${p.figure}, which no measured:* ledger record has (this ` +
    `project's energy is estimated:*), in: "${p.sentence}". Fix: say "estimated" (估算), or cite the source if it is a published figure.`
  );
}
