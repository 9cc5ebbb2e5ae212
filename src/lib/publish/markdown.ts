// Jupyter markdown → MDX. Jupyter renders markdown with MathJax and lets raw HTML through;
// MDX parses `{` as a JavaScript expression, `<` as JSX, and has no `\(..\)` / `\[..\]` math.
// This module rewrites a markdown cell so MDX (with remark-math) shows what Jupyter showed:
//   - fenced code blocks and code spans are left exactly as they are;
//   - math: `\(..\)` → `$..$`, `\[..\]` and `$$..$$` → a `$$` block, bare `\begin{env}..\end{env}` →
//     a `$$` block; math content itself is never escaped;
//   - `{`, `}` and a `<` that does not start an allowed HTML tag are backslash-escaped;
//     HTML comments are dropped; `<https://..>` autolinks become markdown links;
//   - a small set of HTML tags is kept, rewritten as JSX (void tags self-closed, safe attributes only);
//   - headings get explicit, stable ids (`## Title {#title}`) so translations keep the same anchors;
//   - link and image URLs go through `resolveUrl` (the caller maps `.ipynb` links and local files).
import type { Slugger } from "./text";

export type Heading = { level: number; text: string; id: string };

export type MarkdownOptions = {
  /** Slugger shared by all cells of one page (ids unique per page). */
  slugger: Slugger;
  /** Heading ids to use in order (a translated cell reuses the English ids). */
  headingIds?: string[];
  /** Rewrites a link or image URL; return undefined to keep it. */
  resolveUrl?: (url: string, kind: "link" | "image") => string | undefined;
};

export type MarkdownResult = { mdx: string; headings: Heading[] };

/** HTML tags kept in markdown cells, with the attributes each may keep. */
const ALLOWED_TAGS: Record<string, string[]> = {
  b: [],
  i: [],
  em: [],
  strong: [],
  sub: [],
  sup: [],
  u: [],
  s: [],
  small: [],
  mark: [],
  kbd: [],
  code: [],
  br: [],
  hr: [],
  details: [],
  summary: [],
  span: ["title"],
  a: ["href", "title"],
  img: ["src", "alt", "title", "width", "height"],
};
const VOID_TAGS = new Set(["br", "hr", "img"]);
const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|@site\/|[\w.-]+(?:[/#?]|$))/i;

const PH = "\u0000";
class Placeholders {
  private readonly items: string[] = [];
  put(s: string): string {
    this.items.push(s);
    return `${PH}${this.items.length - 1}${PH}`;
  }
  restore(s: string): string {
    let out = s;
    // Placeholders can hold placeholders (a link label with code): restore until none are left.
    for (let round = 0; round < 5 && out.includes(PH); round++) {
      out = out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => this.items[Number(i)] ?? "");
    }
    return out;
  }
}

function isFenceOpen(line: string): { marker: string; indent: number } | undefined {
  const m = /^( {0,3})(`{3,}|~{3,})/.exec(line);
  if (!m) return undefined;
  if (m[2]!.startsWith("`") && line.slice(m[0].length).includes("`")) return undefined;
  return { marker: m[2]!, indent: m[1]!.length };
}

/** Splits markdown into prose and fenced-code segments (fences pass through untouched). */
function splitFences(src: string): { code: boolean; text: string }[] {
  const lines = src.split("\n");
  const out: { code: boolean; text: string }[] = [];
  let buf: string[] = [];
  let fence: { marker: string } | undefined;
  const flush = (code: boolean) => {
    if (buf.length) out.push({ code, text: buf.join("\n") });
    buf = [];
  };
  for (const line of lines) {
    if (!fence) {
      const open = isFenceOpen(line);
      if (open) {
        flush(false);
        fence = open;
      }
      buf.push(line);
    } else {
      buf.push(line);
      const close = new RegExp(`^ {0,3}${fence.marker[0] === "`" ? "`" : "~"}{${fence.marker.length},}\\s*$`);
      if (close.test(line)) {
        flush(true);
        fence = undefined;
      }
    }
  }
  flush(fence !== undefined);
  return out;
}

function leadingIndent(s: string, pos: number): string {
  const lineStart = s.lastIndexOf("\n", pos - 1) + 1;
  const m = /^[ \t>]*/.exec(s.slice(lineStart, pos));
  const indent = m ? m[0] : "";
  // Only an indent that is the whole line prefix (a list item or quote) is repeated.
  return /^[ \t]*(>[ \t]*)*$/.test(indent) ? indent : "";
}

/** A `$$` block on its own lines, indented like the line it came from. */
function displayMath(content: string, indent: string): string {
  const body = content
    .trim()
    .split("\n")
    .map((l) => indent + l.trimEnd());
  return `\n${indent}\n${indent}$$\n${body.join("\n")}\n${indent}$$\n${indent}\n${indent}`;
}

function sanitizeTag(raw: string, balanced: Set<string>): string | undefined {
  const m = /^<(\/?)([a-zA-Z][\w-]*)([^<>]*?)(\/?)>$/.exec(raw);
  if (!m) return undefined;
  const closing = m[1] === "/";
  const name = m[2]!.toLowerCase();
  const allowed = ALLOWED_TAGS[name];
  if (!allowed) return undefined;
  if (!VOID_TAGS.has(name) && !balanced.has(name)) return undefined;
  if (closing) return VOID_TAGS.has(name) ? "" : `</${name}>`;
  const attrs: string[] = [];
  for (const a of m[3]!.matchAll(/([a-zA-Z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const key = a[1]!.toLowerCase();
    const value = a[3] ?? a[4] ?? a[5] ?? "";
    if (!allowed.includes(key)) continue;
    if ((key === "href" || key === "src") && !SAFE_URL.test(value.trim())) continue;
    attrs.push(`${key}=${JSON.stringify(value)}`);
  }
  const attrText = attrs.length ? " " + attrs.join(" ") : "";
  return VOID_TAGS.has(name) ? `<${name}${attrText} />` : `<${name}${attrText}>`;
}

/** Names of allowed non-void tags whose opening and closing tags pair up in `s`. */
function balancedTags(s: string): Set<string> {
  const counts = new Map<string, number>();
  for (const m of s.matchAll(/<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*)?>/g)) {
    const name = m[2]!.toLowerCase();
    if (!ALLOWED_TAGS[name] || VOID_TAGS.has(name)) continue;
    const c = counts.get(name) ?? 0;
    if (c < 0) continue;
    counts.set(name, c + (m[1] ? -1 : 1));
  }
  return new Set([...counts].filter(([, c]) => c === 0).map(([n]) => n));
}

/** Escapes one prose segment (no fenced code inside). */
function escapeProse(s: string, ph: Placeholders, balanced: Set<string>): string {
  let out = "";
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === PH) {
      const end = s.indexOf(PH, i + 1);
      out += s.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === "\\") {
      const next = s[i + 1] ?? "";
      if (next === "(") {
        const end = s.indexOf("\\)", i + 2);
        if (end > 0) {
          out += ph.put(`$${s.slice(i + 2, end).trim()}$`);
          i = end + 2;
          continue;
        }
      }
      if (next === "[") {
        const end = s.indexOf("\\]", i + 2);
        if (end > 0) {
          out += ph.put(displayMath(s.slice(i + 2, end), leadingIndent(s, i)));
          i = end + 2;
          continue;
        }
      }
      const env = /^\\begin\{([a-zA-Z]+\*?)\}/.exec(s.slice(i));
      if (env) {
        const endTag = `\\end{${env[1]}}`;
        const end = s.indexOf(endTag, i);
        if (end > 0) {
          out += ph.put(displayMath(s.slice(i, end + endTag.length), leadingIndent(s, i)));
          i = end + endTag.length;
          continue;
        }
      }
      if (/[!-/:-@[-`{-~]/.test(next) && next !== "") {
        out += ph.put(c + next); // an existing markdown escape stays as written
        i += 2;
        continue;
      }
      out += c;
      i += 1;
      continue;
    }
    if (c === "`") {
      const run = /^`+/.exec(s.slice(i))![0];
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, "g");
      close.lastIndex = i + run.length;
      const m = close.exec(s);
      if (m) {
        out += ph.put(s.slice(i, m.index + run.length));
        i = m.index + run.length;
      } else {
        out += ph.put(run);
        i += run.length;
      }
      continue;
    }
    if (c === "$") {
      if (s[i + 1] === "$") {
        const end = s.indexOf("$$", i + 2);
        const indent = leadingIndent(s, i);
        const lineStart = s.lastIndexOf("\n", i - 1) + 1;
        const isBlock =
          end > 0 &&
          s.slice(lineStart, i) === indent &&
          s[i + 2] === "\n" &&
          s.slice(s.lastIndexOf("\n", end - 1) + 1, end).trim() === indent.trim() &&
          (end + 2 === n || s[end + 2] === "\n");
        if (isBlock) {
          out += ph.put(s.slice(i, end + 2)); // already a `$$` block: leave it as written
          i = end + 2;
          continue;
        }
        if (end > 0) {
          out += ph.put(displayMath(s.slice(i + 2, end), leadingIndent(s, i)));
          i = end + 2;
          continue;
        }
      } else {
        // Inline math ends at the next unescaped `$` before a blank line.
        const m = /^\$((?:[^$\\\n]|\\[\s\S]|\n(?!\s*\n))+?)\$/.exec(s.slice(i));
        if (m && m[1]!.trim()) {
          out += ph.put(`$${m[1]}$`);
          i += m[0].length;
          continue;
        }
      }
      out += ph.put("$");
      i += 1;
      continue;
    }
    if (c === "<") {
      if (s.startsWith("<!--", i)) {
        const end = s.indexOf("-->", i + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/i.exec(s.slice(i));
      if (auto) {
        out += ph.put(`[${auto[1]}](${auto[1]})`);
        i += auto[0].length;
        continue;
      }
      const tag = /^<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?\/?>/.exec(s.slice(i));
      if (tag) {
        const safe = sanitizeTag(tag[0], balanced);
        if (safe !== undefined) {
          out += ph.put(safe);
          i += tag[0].length;
          continue;
        }
      }
      out += "\\<";
      i += 1;
      continue;
    }
    if (c === "{" || c === "}") {
      out += "\\" + c;
      i += 1;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

/** Rewrites link and image URLs (before escaping, so URLs are never escaped). */
function rewriteLinks(s: string, ph: Placeholders, opts: MarkdownOptions): string {
  return s.replace(
    /(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
    (whole, bang: string, label: string, url: string, title: string | undefined) => {
      const bare = url.startsWith("<") ? url.slice(1, -1) : url;
      const kind = bang ? "image" : "link";
      const mapped = opts.resolveUrl?.(bare, kind) ?? bare;
      if (/^\s*(javascript|vbscript|data):/i.test(mapped) && !/^data:image\//i.test(mapped)) {
        return `${bang}[${label}](#)`;
      }
      const dest = /[\s<>]/.test(mapped) ? `<${mapped}>` : mapped;
      return `${bang}[${label}](${ph.put(dest)}${title ? ph.put(title) : ""})`;
    },
  );
}

const HEADING = /^( {0,3})(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

/** Converts one Jupyter markdown cell to MDX. */
export function markdownToMdx(source: string, opts: MarkdownOptions): MarkdownResult {
  const src = source.replace(/\r\n?/g, "\n");
  const headings: Heading[] = [];
  const ph = new Placeholders();
  const balanced = balancedTags(src);
  let idIndex = 0;
  const parts = splitFences(src).map((seg) => {
    if (seg.code) return seg.text;
    const lines = seg.text.split("\n").map((line) => {
      const h = HEADING.exec(line);
      if (!h) return line;
      let text = h[3]!;
      let id: string | undefined;
      const explicit = /\s*\{#([\w-]+)\}\s*$/.exec(text);
      if (explicit) {
        id = explicit[1];
        text = text.slice(0, explicit.index);
      }
      const given = opts.headingIds?.[idIndex];
      idIndex += 1;
      id = given ?? id ?? opts.slugger.slug(text);
      if (!given && explicit) opts.slugger.slug(id); // reserve it
      headings.push({ level: h[2]!.length, text: text.trim(), id });
      return `${h[1]}${h[2]} ${text.trim()}${ph.put(` {#${id}}`)}`;
    });
    const linked = rewriteLinks(lines.join("\n"), ph, opts);
    return escapeProse(linked, ph, balanced);
  });
  const mdx = ph.restore(parts.join("\n"));
  return { mdx, headings };
}
