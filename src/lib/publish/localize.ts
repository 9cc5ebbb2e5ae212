// Localisation of notebook outputs at publish time: chart titles, axis titles, legend names,
// annotations and hover labels, output-table captions, headers and text cells, and the lines of
// rendered markdown outputs, from ONE table of strings per locale (i18n/zh-Hans/notebooks/strings.json):
//
//   { "strings": { "Attention weights": "注意力权重",
//                  "Energy per 1,000 predictions ({scale})": "每 1,000 次预测的能耗（{scale}）" },
//     "allow":   ["BLEU", "CPU", "wasm", …] }
//
// A key matches a whole string (trimmed). `{name}` in a key matches any text, which the value
// repeats where it names the same placeholder; a number caught by a placeholder is written in the
// locale's format, a caught text that is itself in the table is translated. When several keys
// match, the one with the most literal text wins. Strings not in the table stay as they are (the
// English-on-zh check, englishCheck.ts, counts them). `allow` lists the words that may stay
// English on a zh page (names, units, acronyms); the check reads it, the localiser does not.
import fs from "node:fs";
import { decodeEntities } from "./html";

export type StringTable = {
  /** English → translation; keys may hold `{name}` placeholders. */
  strings: Record<string, string>;
  /** Words that may stay English (names, units, acronyms). */
  allow: string[];
  /**
   * Headers of output-table columns that hold data, not labels (an input sentence, its tokens, a
   * file name, an attribution): their cells are neither translated nor counted as English.
   */
  dataColumns: string[];
};

const PLACEHOLDER = /(?<!%)\{(\w+)\}/g;

function placeholders(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Reads and checks a string table; errors name the file and the entry. */
export function readStringTable(file: string): StringTable {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new Error(`${file}: expected { "strings": { English: translation }, "allow": [words] }`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["strings", "allow", "dataColumns", "$comment"].includes(k))
      throw new Error(`${file}: unknown key "${k}" (accepted: strings, allow, dataColumns, $comment)`);
  }
  const strings = o.strings ?? {};
  if (!strings || typeof strings !== "object" || Array.isArray(strings))
    throw new Error(`${file}: "strings" must be an object of English → translation`);
  for (const [k, v] of Object.entries(strings)) {
    if (typeof v !== "string" || v.trim() === "")
      throw new Error(
        `${file}: strings["${k}"] must be a non-empty string (remove the entry to keep English)`,
      );
    const inKey = new Set(placeholders(k));
    const unknown = placeholders(v).filter((p) => !inKey.has(p));
    if (unknown.length)
      throw new Error(
        `${file}: strings["${k}"] uses {${unknown.join("}, {")}}, which the English key does not have`,
      );
  }
  const list = (key: string): string[] => {
    const v = o[key] ?? [];
    if (!Array.isArray(v) || !v.every((w) => typeof w === "string"))
      throw new Error(`${file}: "${key}" must be a list of strings`);
    return v as string[];
  };
  return {
    strings: strings as Record<string, string>,
    allow: list("allow"),
    dataColumns: list("dataColumns"),
  };
}

/** The rows of an HTML table as tableBundle writes it: each cell's tag and raw (escaped) text. */
export function tableRows(html: string): { tag: "th" | "td"; body: string }[][] {
  return [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<(th|td)\b[^>]*>([^<]*)<\/\1>/g)].map((c) => ({
      tag: c[1] as "th" | "td",
      body: c[2]!,
    })),
  );
}

/** Headers that mark data columns, in English and as the table translates them (a translated page's tables). */
export function dataColumnNames(table: StringTable): Set<string> {
  const names = new Set(table.dataColumns);
  for (const c of table.dataColumns) {
    const t = table.strings[c];
    if (t !== undefined) names.add(t);
  }
  return names;
}

/** For each column of a table: whether its header names a data column. */
export function dataColumnFlags(html: string, dataColumns: ReadonlySet<string>): boolean[] {
  const header = tableRows(html).find((r) => r.some((c) => c.tag === "th")) ?? [];
  return header.map((c) => dataColumns.has(decodeEntities(c.body).trim()));
}

type Template = { re: RegExp; names: string[]; literal: number; value: string };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** The locale's way of writing a number given as text, keeping its decimals ("12345.6" → "12,345.6"). */
export function formatNumberText(text: string, locale: string): string {
  const m = NUMBER.exec(text);
  if (!m) return text;
  const decimals = m[1]?.length ?? 0;
  const n = Number(text.replace(/,/g, ""));
  if (!Number.isFinite(n)) return text;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: Math.abs(n) >= 10000 || text.includes(","),
  }).format(n);
}

/** A cell the code fills in when there is no data, e.g. "(none)" or "(empty)". */
const MARKER = /^\([^()]*\)$/;

/** One number as a run prints it: grouped or not, no leading zero (an id such as 00042 is not one). */
const NUMBER_TOKEN = String.raw`-?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?`;
/** A cell of numbers only, one or several separated by a spaced slash ("53181 / 3422015"; not "1/2"). */
const NUMBERS_CELL = new RegExp(`^${NUMBER_TOKEN}(?:\\s+/\\s+${NUMBER_TOKEN})*$`);

/** The locale's way of writing a cell of numbers ("53181 / 3422015" → "53,181 / 3,422,015"); other text as is. */
export function formatNumbersCell(text: string, locale: string): string {
  const t = text.trim();
  if (!NUMBERS_CELL.test(t)) return text;
  return t
    .split(/\s+\/\s+/)
    .map((part) => formatNumberText(part, locale))
    .join(" / ");
}

/** A text-only cell of an output table, as mapTableCells hands it over. */
export type TableCell = {
  tag: "caption" | "th" | "td";
  /** Column of a th/td cell, counted from 0 in its row (captions: -1). */
  column: number;
  /** The cell's text, entities decoded. */
  text: string;
};

/**
 * Rewrites the text-only cells of an output table (as tableBundle writes it): `rewrite` returns a
 * cell's new text, or undefined to keep the cell as it is. The one walk over table cells for the
 * translator and for the English pages' number format.
 */
export function mapTableCells(html: string, rewrite: (cell: TableCell) => string | undefined): string {
  const esc = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  let column = 0;
  return html.replace(
    /<tr\b[^>]*>|(<(caption|th|td)\b[^>]*>)([^<]*)(<\/\2>)/g,
    (whole: string, open?: string, tag?: TableCell["tag"], body?: string, close?: string) => {
      if (open === undefined) {
        column = 0; // a new row
        return whole;
      }
      const cell = { tag: tag!, column: tag === "caption" ? -1 : column++, text: decodeEntities(body!) };
      const out = rewrite(cell);
      return out === undefined || out === cell.text ? whole : open + esc(out) + close!;
    },
  );
}

/**
 * The numbers of an output table in the locale's format, nothing else changed: what a page gets
 * without a string table (the English pages), so that both locales write 7,266,187.
 */
export function formatTableNumbers(html: string, locale: string): string {
  return mapTableCells(html, ({ text }) => formatNumbersCell(text, locale));
}

/** Translates strings with a table; remembers the strings it could not translate. */
export class Localizer {
  readonly locale: string;
  private readonly exact = new Map<string, string>();
  private readonly templates: Template[] = [];
  /** Strings with English words that the table did not translate (for `--missing` reports). */
  readonly missing = new Set<string>();
  readonly dataColumns: ReadonlySet<string>;

  constructor(table: StringTable, locale: string) {
    this.locale = locale;
    this.dataColumns = new Set(table.dataColumns);
    for (const [k, v] of Object.entries(table.strings)) {
      const key = k.trim();
      const names = placeholders(key);
      if (names.length === 0) {
        this.exact.set(key, v);
        continue;
      }
      const parts = key.split(PLACEHOLDER);
      // split with a capture group alternates literal, name, literal, …
      const re = parts.map((p, i) => (i % 2 ? "(.+?)" : escapeRe(p))).join("");
      const literal = parts.filter((_, i) => i % 2 === 0).join("").length;
      this.templates.push({ re: new RegExp(`^${re}$`, "s"), names, literal, value: v });
    }
    this.templates.sort((a, b) => b.literal - a.literal);
  }

  /** The translation of a whole string, or undefined. Leading/trailing space is kept. */
  lookup(text: string): string | undefined {
    const key = text.trim();
    if (key === "") return undefined;
    const lead = text.slice(0, text.indexOf(key));
    const trail = text.slice(text.indexOf(key) + key.length);
    const hit = this.exact.get(key);
    if (hit !== undefined) return lead + hit + trail;
    for (const t of this.templates) {
      const m = t.re.exec(key);
      if (!m) continue;
      const values = new Map(t.names.map((n, i) => [n, m[i + 1]!]));
      const out = t.value.replace(PLACEHOLDER, (_, n: string) => this.value(values.get(n) ?? ""));
      return lead + out + trail;
    }
    return undefined;
  }

  private value(v: string): string {
    if (/[A-Za-z]{2}/.test(v)) {
      const hit = this.lookup(v); // a strictly shorter string: the recursion ends
      if (hit !== undefined) return hit;
    }
    return formatNumberText(v, this.locale);
  }

  /**
   * Translates a string of a chart or table: whole, else each `<br>`-separated line; strings
   * without a Latin letter are kept. Untranslated ones are remembered in `missing`.
   */
  text(s: string): string {
    if (!/[A-Za-z]{2}/.test(s)) return s;
    const whole = this.lookup(s);
    if (whole !== undefined) return whole;
    // A title wrapped with <br> for width: the table holds it unwrapped (a translation is shorter).
    const lines = s.split(/(<br\s*\/?>)/i);
    if (lines.length > 1) {
      const joined = this.lookup(s.replace(/\s*<br\s*\/?>\s*/gi, " "));
      if (joined !== undefined) return joined;
    }
    if (lines.length > 1) {
      return lines.map((part, i) => (i % 2 ? part : this.text(part))).join("");
    }
    this.missing.add(s.trim());
    return s;
  }

  /** Translates only when the table has the exact string (category labels, which may be data). */
  exactOnly(s: string): string {
    return this.exact.get(s.trim()) ?? s;
  }

  /** A localised copy of a Plotly figure: titles, axes, legend, annotations, hover labels, categories. */
  figure<F extends { data: unknown[]; layout?: unknown }>(fig: F): F {
    const copy = JSON.parse(JSON.stringify(fig)) as { data: Record<string, unknown>[]; layout?: unknown };
    const layout = (copy.layout ?? {}) as Record<string, unknown>;
    const title = (holder: Record<string, unknown>, key: string) => {
      const t = holder[key];
      if (typeof t === "string") holder[key] = this.text(t);
      else if (t && typeof t === "object") {
        const o = t as Record<string, unknown>;
        if (typeof o.text === "string") o.text = this.text(o.text);
      }
    };
    title(layout, "title");
    for (const [k, v] of Object.entries(layout)) {
      if (!/^[xy]axis\d*$/.test(k) || !v || typeof v !== "object") continue;
      const axis = v as Record<string, unknown>;
      title(axis, "title");
      if (Array.isArray(axis.ticktext)) axis.ticktext = axis.ticktext.map((x) => this.tick(x));
    }
    if (layout.legend && typeof layout.legend === "object")
      title(layout.legend as Record<string, unknown>, "title");
    if (Array.isArray(layout.annotations)) {
      for (const a of layout.annotations as Record<string, unknown>[]) {
        if (typeof a.text === "string") a.text = this.text(a.text);
      }
    }
    for (const t of copy.data) {
      if (typeof t.name === "string") t.name = this.text(t.name);
      if (typeof t.legendgrouptitle === "object" && t.legendgrouptitle)
        title(t as Record<string, unknown>, "legendgrouptitle");
      if (typeof t.hovertemplate === "string") t.hovertemplate = this.hover(t.hovertemplate);
      for (const holder of [t, t.marker]) {
        const cb = (holder as Record<string, unknown> | undefined)?.colorbar;
        if (cb && typeof cb === "object") title(cb as Record<string, unknown>, "title");
      }
      if (t.type !== "heatmap") {
        for (const key of ["x", "y"] as const) {
          const values = t[key];
          if (Array.isArray(values) && values.every((x) => typeof x === "string"))
            t[key] = values.map((x: string) => this.text(x));
        }
      }
      // Labels drawn next to the points (mode "markers+text").
      if (typeof t.mode === "string" && t.mode.includes("text") && Array.isArray(t.text))
        t.text = t.text.map((x: unknown) => (typeof x === "string" ? this.text(x) : x));
    }
    return copy as unknown as F;
  }

  /** A tick label: translated when the table has it (a token of a heatmap is not, and stays). */
  private tick(x: unknown): unknown {
    return typeof x === "string" ? (this.lookup(x) ?? x) : x;
  }

  /** Hover templates: each `<br>` line translated with Plotly's `%{…}` and `<extra>` kept. */
  private hover(tpl: string): string {
    return tpl
      .split(/(<br\s*\/?>|<extra>.*?<\/extra>)/i)
      .map((part, i) => {
        if (i % 2) return part;
        const hit = this.lookup(part);
        if (hit !== undefined) return hit;
        // "query %{y}": translate the words before the first field.
        const m = /^([^%]*?)(\s*[:=]?\s*%\{.*)$/s.exec(part);
        if (m && /[A-Za-z]{2}/.test(m[1]!)) {
          const label = this.lookup(m[1]!);
          if (label !== undefined) return label + m[2];
        }
        if (/[A-Za-z]{2}/.test(part.replace(/%\{[^}]*\}/g, ""))) this.missing.add(part.trim());
        return part;
      })
      .join("");
  }

  /** An output table (as tableBundle writes it): caption, headers and text cells; numbers in locale format. */
  html(html: string): string {
    const data = dataColumnFlags(html, this.dataColumns);
    return mapTableCells(html, ({ tag, column, text }) => {
      const numbers = formatNumbersCell(text, this.locale);
      if (numbers !== text) return numbers;
      // A data cell (an input sentence, a prompt) stays as it is, except a marker the code wrote in
      // place of data, such as "(none)" for an empty prompt, when the table translates it.
      if (tag === "td" && data[column] === true)
        return MARKER.test(text.trim()) ? this.lookup(text.trim()) : undefined;
      return tag === "td" ? this.cell(text) : this.text(text);
    });
  }

  /** A table cell: translated when the table has it; data (an input sentence, a label) otherwise stays. */
  private cell(text: string): string {
    const hit = this.lookup(text);
    if (hit !== undefined) return hit;
    if (/[A-Za-z]{2}/.test(text)) this.missing.add(text.trim());
    return text;
  }

  /**
   * A markdown output, line by line: a list marker, heading marker or quote is kept and the rest
   * of the line translated; a table row cell by cell. Code fences are left alone.
   */
  markdown(md: string): string {
    let fenced = false;
    return md
      .split("\n")
      .map((line) => {
        if (/^\s*(```|~~~)/.test(line)) {
          fenced = !fenced;
          return line;
        }
        if (fenced || !/[A-Za-z]{2}/.test(line)) return line;
        if (/^\s*\|/.test(line)) {
          return line
            .split("|")
            .map((c) => (/[A-Za-z]{2}/.test(c) ? this.cell(c) : c))
            .join("|");
        }
        const m = /^(\s*(?:[-*+]\s+|\d+[.)]\s+|#{1,6}\s+|>\s*)?)(.*)$/.exec(line)!;
        return m[1] + this.text(m[2]!);
      })
      .join("\n");
  }
}
