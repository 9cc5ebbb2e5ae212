// Code-cell outputs → MDX. Each output becomes a <NotebookOutput> block (components under
// src/components/); nothing is dropped: unknown MIME types fall back to their text/plain form,
// and outputs with nothing showable leave a visible note.
import sanitizeHtml from "sanitize-html";
import { formatTableNumbers, type Localizer } from "./localize";
import type { MarkdownOptions } from "./markdown";
import { cleanText, markdownToMdx, mathMdx, MAX_MARKDOWN_CHARS } from "./markdown";
import type { DataOutput, MimeBundle, Output } from "./types";
import { joinSource } from "./types";
import { applyCarriageReturns, codeBlock, jsString, stripAnsi } from "./text";

/** Where outputs put their files (images, chart JSON) and how the page refers to them. */
export type AssetSink = {
  /** Writes a file next to the page's other assets; returns a URL usable in markdown (`@site/...`). */
  writeFile(name: string, data: Buffer | string): string;
  /** Writes JSON and adds an MDX import for it; returns the imported identifier. */
  importJson(name: string, value: unknown): string;
};

export type OutputContext = {
  /** Index of the cell in the notebook (names asset files). */
  cellIndex: number;
  assets: AssetSink;
  markdown: MarkdownOptions;
  /** Outputs longer than this many lines are collapsed. */
  collapseLines?: number;
  /** Text outputs longer than this many characters keep their first and last lines only. */
  maxTextChars?: number;
  /** The page's locale: how numbers in output tables are written when nothing translates them. */
  locale: string;
  /** Translates charts, output tables and markdown outputs (zh-Hans pages). */
  localize?: Localizer;
};

/** Default for `OutputContext.maxTextChars`: 1 MB of text (a page has to stay buildable). */
export const MAX_TEXT_OUTPUT_CHARS = 1024 * 1024;

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** MIME types in the order they are preferred (richest first), as Jupyter front ends do. */
const PREFERENCE = [
  PLOTLY_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
];

const IMAGE_EXT: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/svg+xml": "svg",
};

/** HTML outputs: structure, tables and images only; no scripts, handlers, styles or javascript: URLs. */
export function sanitizeOutputHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "details", "summary"],
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "title", "width", "height"],
      td: ["colspan", "rowspan", "align"],
      th: ["colspan", "rowspan", "align", "scope"],
      "*": ["class", "title"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // data: URLs in <img> may only be images.
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs.src ?? "";
        // Relative paths point into the kernel's folder, which the site does not have.
        const ok = /^https?:\/\//i.test(src) || /^data:image\/(png|jpeg|gif|webp);/i.test(src);
        if (!ok) delete attribs.src;
        return { tagName, attribs };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer" } }),
    },
  });
}

function textOf(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.join("");
  return JSON.stringify(v, null, 2);
}

function block(kind: string, body: string, attrs: Record<string, string | number | undefined> = {}): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (typeof v === "number" ? ` ${k}={${v}}` : ` ${k}={${jsString(v!)}}`))
    .join("");
  return `<NotebookOutput kind="${kind}"${a}>\n\n${body}\n\n</NotebookOutput>`;
}

/** Keeps the first and last lines of a text longer than `max` characters, with a note between. */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.floor(max / 2)).replace(/\n[^\n]*$/, "");
  const tail = text.slice(text.length - Math.floor(max / 2)).replace(/^[^\n]*\n/, "");
  const omitted = text.length - head.length - tail.length;
  const lines = text.slice(head.length, text.length - tail.length).split("\n").length - 1;
  return `${head}\n[… ${lines.toLocaleString("en")} lines (${Math.round(omitted / 1024).toLocaleString("en")} kB) left out here; the full output is in the .ipynb file …]\n${tail}`;
}

function textBlock(kind: string, text: string, ctx: OutputContext, lang = "text"): string {
  const max = ctx.maxTextChars ?? MAX_TEXT_OUTPUT_CHARS;
  const clean = shortenText(cleanText(applyCarriageReturns(stripAnsi(text))), max).replace(/\n+$/, "");
  const lines = clean.split("\n").length;
  const limit = ctx.collapseLines ?? 40;
  return block(kind, codeBlock(clean, lang), lines > limit ? { lines } : {});
}

function parsePlotly(v: unknown): { data: unknown[]; layout?: unknown; config?: unknown } | undefined {
  let fig: unknown = v;
  if (typeof v === "string" || Array.isArray(v)) {
    try {
      fig = JSON.parse(textOf(v));
    } catch {
      return undefined;
    }
  }
  if (!fig || typeof fig !== "object" || !Array.isArray((fig as { data?: unknown }).data)) return undefined;
  const f = fig as { data: unknown[]; layout?: unknown; config?: unknown };
  return { data: f.data, layout: f.layout ?? {}, ...(f.config ? { config: f.config } : {}) };
}

function renderData(out: DataOutput, k: number, ctx: OutputContext): string {
  const bundle: MimeBundle = out.data ?? {};
  const kind = out.output_type === "execute_result" ? "result" : "display";
  const name = `cell${ctx.cellIndex}-${k}`;
  for (const mime of PREFERENCE) {
    if (!(mime in bundle)) continue;
    const v = bundle[mime];
    switch (mime) {
      case PLOTLY_MIME: {
        const parsed = parsePlotly(v);
        if (!parsed) continue; // malformed: fall through to the next representation
        const fig = ctx.localize ? ctx.localize.figure(parsed) : parsed;
        const id = ctx.assets.importJson(`${name}.plotly.json`, fig);
        return block("chart", `<PlotlyChart figure={${id}} />`);
      }
      case "text/html": {
        const html = sanitizeOutputHtml(textOf(v));
        return block(
          "html",
          `<SafeHtml html={${jsString(ctx.localize ? ctx.localize.html(html) : formatTableNumbers(html, ctx.locale))}} />`,
        );
      }
      case "image/svg+xml":
      case "image/png":
      case "image/jpeg":
      case "image/gif": {
        const data =
          mime === "image/svg+xml" ? textOf(v) : Buffer.from(textOf(v).replace(/\s+/g, ""), "base64");
        const url = ctx.assets.writeFile(`${name}.${IMAGE_EXT[mime]}`, data);
        const alt = `Output of cell ${ctx.cellIndex}`;
        return block("image", `![${alt}](${url})`);
      }
      case "text/markdown": {
        const md = ctx.localize ? ctx.localize.markdown(textOf(v)) : textOf(v);
        // Too long to be a page section: shown as its source text instead.
        if (md.length > MAX_MARKDOWN_CHARS) return textBlock(kind, md, ctx, "markdown");
        return block("markdown", markdownToMdx(md, ctx.markdown).mdx);
      }
      case "text/latex": {
        const tex = textOf(v)
          .trim()
          .replace(/^\$\$?|\$\$?$/g, "")
          .replace(/^\\\[|\\\]$/g, "");
        return block("math", mathMdx(tex.trim()));
      }
      case "application/json":
        return textBlock(kind, JSON.stringify(v, null, 2), ctx, "json");
      case "text/plain":
        return textBlock(kind, textOf(v), ctx);
    }
  }
  const types = Object.keys(bundle).join(", ") || "none";
  return block("note", `Output with no displayable representation (MIME types: ${types}).`);
}

/** Converts the outputs of one code cell. Consecutive stream outputs of the same stream are merged. */
export function renderOutputs(outputs: Output[] | undefined, ctx: OutputContext): string[] {
  const parts: string[] = [];
  let stream: { name: string; text: string } | undefined;
  const flush = () => {
    if (stream && stream.text.trim() !== "") {
      parts.push(textBlock(stream.name === "stderr" ? "stderr" : "stdout", stream.text, ctx));
    }
    stream = undefined;
  };
  (outputs ?? []).forEach((out, k) => {
    if (out.output_type === "stream") {
      const text = joinSource(out.text);
      if (stream && stream.name === out.name) stream.text += text;
      else {
        flush();
        stream = { name: out.name, text };
      }
      return;
    }
    flush();
    if (out.output_type === "error") {
      const tb = cleanText((out.traceback ?? []).map(stripAnsi).join("\n")).trim();
      const summary = cleanText(`${out.ename}: ${out.evalue}`);
      const body = tb && tb.includes(out.evalue) ? tb : [summary, tb].filter(Boolean).join("\n");
      parts.push(block("error", codeBlock(body), { title: summary }));
      return;
    }
    if (out.output_type === "update_display_data") return; // updates an earlier display; its final state is stored there
    parts.push(renderData(out, k, ctx));
  });
  flush();
  return parts;
}
