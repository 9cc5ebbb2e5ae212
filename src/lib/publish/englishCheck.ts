// The English-on-zh check: counts the English words a reader of a generated zh-Hans notebook page
// sees outside code. Counted: prose (markdown text, headings, link labels, image alt text) and
// outputs (rendered markdown outputs, output-table captions, headers and cells, and the visible
// text of charts: titles, axis titles, legend names, colour-bar titles, annotations, hover
// templates, category labels of bar and line charts). Not counted: code blocks and spans (stdout
// and text/plain outputs are shown as code), math, component attributes (the badge's hardware
// line), quotations ("…", “…”: quoted data such as an input sentence), author–year citations
// ("Vaswani et al., 2017"), the tokens of attention heatmaps (they are the input), and every word
// of the allowlist (names, units, acronyms: i18n/zh-Hans/notebooks/strings.json `allow`).
import type { Root } from "mdast";
import { decodeEntities } from "./html";
import { dataColumnFlags, tableRows } from "./localize";
import { parseMdx } from "./mdx";

export type EnglishWords = {
  /** Words in markdown cells (headings, paragraphs, lists, link labels). */
  prose: string[];
  /** Words in outputs: rendered markdown outputs, tables, charts. */
  outputs: string[];
};

// A run of Latin letters (with inner apostrophes or hyphens); one-letter words are symbols (T, d, Q).
// Letters glued to digits are not a word (a commit 79a0dd9, float16, BF16, A100).
const WORD = /(?<![\p{L}\d])[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*(?![\p{L}\d])/gu;
// Quoted data: "…", “…”, and the Chinese quotation marks 「…」.
const QUOTED = /"[^"\n]*"|“[^”\n]*”|「[^」\n]*」/g;
// Author–year citations: "(Vaswani et al., 2017)", "Papineni et al. (2002)", "Luccioni, Viguier & Ligozat 2023"
// (or a group: "chinese-poetry contributors, 2016"), with a table or figure number after the year.
const CITATION =
  /(?:\p{Lu}[\p{L}'’-]+|[\p{L}-]+ contributors)(?:(?:,\s*|\s+(?:and|&|和|与)\s+)\p{Lu}[\p{L}'’-]+)*(?:\s+(?:et al\.|等人?))?[,，]?\s*[(（]?(?:19|20)\d\d[a-z]?(?:[,，]\s*(?:Tables?|Fig\.|Figure|Section|表|图)\s*[\d.]+(?:\s*(?:and|&|和)\s*[\d.]+)?)?[)）]?/gu;

// Names from code and data, not words: commands (npm run float16 -- --demo poetry), file paths and names (data/energy/ledger.jsonl, model.json),
// method labels (estimated:tdp), identifiers (scaledDotProductAttention, tf.profile, FOOTPRINT_DATA_DIR,
// gptParameterCount(config)).
const CODE_NAMES =
  /\bnpm run [\w:.-]+(?:\s+--(?=\s))?(?:\s+--?[\w-]+(?:[ =](?!--)[\w./-]+)?)*|[\w.-]*\/[\w./-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:json|jsonl|bin|ts|js|ipynb|csv|txt)\b|\b[A-Za-z]+_[A-Za-z0-9]+\b|\b[a-z]+:[a-z][\w-]*\b|\b[a-z]+[A-Z]\w*(?:\([^)]*\))?|\b\w+\.[a-z]\w*(?:\([^)]*\))?|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[A-Z][a-z]+[A-Z]\w*|\b[A-Za-z]+-\d+(?:-[A-Za-z]+)*/g;

/** English words of `text` outside quotations, citations and code names, less the allowlisted ones. */
export function englishWords(text: string, allow: ReadonlySet<string>): string[] {
  let bare = text.replace(QUOTED, " ").replace(CITATION, " ").replace(CODE_NAMES, " ");
  // Allowed phrases (a name such as "Open Chinese Convert", a term glossed in parentheses).
  for (const phrase of allow) if (phrase.includes(" ")) bare = bare.split(phrase).join(" ");
  const out: string[] = [];
  for (const m of bare.matchAll(WORD)) {
    const w = m[0].replace(/['’]s$/, "");
    if (w.length < 2) continue;
    if (allow.has(w) || allow.has(w.toLowerCase())) continue;
    out.push(w);
  }
  return out;
}

type Figure = { data?: Record<string, unknown>[]; layout?: Record<string, unknown> };

function titleText(t: unknown): string | undefined {
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string")
    return (t as { text: string }).text;
  return undefined;
}

/** The text a reader sees on a Plotly figure (markup like `<br>` and `%{x}` removed). */
export function figureTexts(fig: Figure): string[] {
  const texts: (string | undefined)[] = [];
  const layout = fig.layout ?? {};
  texts.push(titleText(layout.title));
  for (const [k, v] of Object.entries(layout)) {
    if (!/^[xy]axis\d*$/.test(k) || !v || typeof v !== "object") continue;
    const axis = v as Record<string, unknown>;
    texts.push(titleText(axis.title));
  }
  const legend = layout.legend as Record<string, unknown> | undefined;
  texts.push(titleText(legend?.title));
  for (const a of (layout.annotations as Record<string, unknown>[] | undefined) ?? []) {
    texts.push(typeof a.text === "string" ? a.text : undefined);
  }
  const traces = fig.data ?? [];
  for (const t of traces) {
    if (typeof t.name === "string" && (traces.length > 1 || t.showlegend === true)) texts.push(t.name);
    if (typeof t.hovertemplate === "string") texts.push(t.hovertemplate);
    const bar = t.marker as { colorbar?: { title?: unknown } } | undefined;
    const cb = (t.colorbar as { title?: unknown } | undefined) ?? bar?.colorbar;
    texts.push(titleText(cb?.title));
    if (t.type !== "heatmap") {
      for (const key of ["x", "y"] as const) {
        const values = t[key];
        if (Array.isArray(values) && values.every((x) => typeof x === "string")) texts.push(...values);
      }
    }
    if (typeof t.mode === "string" && t.mode.includes("text") && Array.isArray(t.text))
      texts.push(...t.text.filter((x): x is string => typeof x === "string"));
  }
  return texts
    .filter((s): s is string => typeof s === "string")
    .map((s) =>
      s
        .replace(/%\{[^}]*\}/g, " ")
        .replace(/<extra>.*?<\/extra>/g, " ")
        .replace(/<[^>]+>/g, " "),
    );
}

/** Text of an HTML output (tables): tags dropped, entities decoded, cells of data columns left out. */
export function htmlText(html: string, dataColumns: ReadonlySet<string> = new Set()): string {
  const data = dataColumnFlags(html, dataColumns);
  const kept: string[] = [];
  const caption = /<caption\b[^>]*>([^<]*)<\/caption>/.exec(html);
  if (caption) kept.push(caption[1]!);
  const rows = tableRows(html);
  if (rows.length === 0) return decodeEntities(html.replace(/<[^>]+>/g, " "));
  for (const row of rows) row.forEach((c, j) => (c.tag === "th" || !data[j]) && kept.push(c.body));
  return decodeEntities(kept.join(" \n "));
}

type AnyNode = {
  type: string;
  name?: string | null;
  value?: unknown;
  alt?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: AnyNode[];
};

function attribute(node: AnyNode, name: string): string | undefined {
  const a = node.attributes?.find((x) => x.name === name);
  const v = a?.value as { value?: string } | string | undefined;
  return typeof v === "string" ? v : v?.value;
}

/**
 * Counts the English words of a generated page (MDX without front matter, or with it: the front
 * matter's title and description count as prose). `figures` maps the page's imported chart
 * identifiers (`fig_cell12_0`) to the figure JSON.
 */
export function pageEnglish(
  mdx: string,
  figures: ReadonlyMap<string, unknown>,
  allow: ReadonlySet<string>,
  dataColumns: ReadonlySet<string> = new Set(),
): EnglishWords {
  const result: EnglishWords = { prose: [], outputs: [] };
  let body = mdx;
  const front = /^---\n([\s\S]*?)\n---\n/.exec(mdx);
  if (front) {
    body = mdx.slice(front[0].length);
    for (const line of front[1]!.split("\n")) {
      const m = /^(title|sidebar_label|description): (.*)$/.exec(line);
      if (m) result.prose.push(...englishWords(JSON.parse(m[2]!) as string, allow));
    }
  }
  const tree = parseMdx(body) as Root;
  const walk = (node: AnyNode, inOutput: boolean) => {
    const bucket = inOutput ? result.outputs : result.prose;
    switch (node.type) {
      case "code":
      case "inlineCode":
      case "math":
      case "inlineMath":
      case "mdxjsEsm":
      case "mdxFlowExpression":
      case "mdxTextExpression":
        return;
      case "text":
        // A heading's `{#id}` is its anchor, not text a reader sees.
        bucket.push(...englishWords(String(node.value).replace(/\{#[^}\s]+\}/g, " "), allow));
        return;
      case "image":
        bucket.push(...englishWords(node.alt ?? "", allow));
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement": {
        if (node.name === "SafeHtml") {
          const html = attribute(node, "html");
          if (html !== undefined)
            result.outputs.push(...englishWords(htmlText(JSON.parse(html) as string, dataColumns), allow));
          return;
        }
        if (node.name === "PlotlyChart") {
          const fig = figures.get(attribute(node, "figure") ?? "");
          if (fig) for (const t of figureTexts(fig as Figure)) result.outputs.push(...englishWords(t, allow));
          return;
        }
        if (node.name === "Cite") return;
        const output = inOutput || node.name === "NotebookOutput";
        for (const c of node.children ?? []) walk(c, output);
        return;
      }
    }
    const children = node.children ?? [];
    children.forEach((c, i) => {
      // The title of a cited work keeps its language: *Let's build GPT* (Karpathy, 2023).
      const next = children[i + 1];
      const cited =
        c.type === "emphasis" &&
        next?.type === "text" &&
        /^\s*[(（][^)）]*(?:19|20)\d\d/.test(String(next.value));
      if (!cited) walk(c, inOutput);
    });
  };
  walk(tree as unknown as AnyNode, false);
  return result;
}

/** Word counts, most frequent first, for a report: "kernel ×4, Softmax ×2". */
export function summarizeWords(words: readonly string[], max = 30): string {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, max).map(([w, n]) => (n > 1 ? `${w} ×${n}` : w));
  if (sorted.length > max) shown.push(`… ${sorted.length - max} more`);
  return shown.join(", ");
}
