// Jupyter shows math with MathJax, which also reads `\(..\)`, `\[..\]`, bare
// `\begin{env}..\end{env}` and `$$..$$` starting a line with math on the same line; CommonMark
// reads those backslashes as escapes, and remark-math reads such a `$$` as a fence whose info string
// is the math and whose block runs to the end of the cell. Before a cell is
// parsed, these delimiters are rewritten to the `$` forms of remark-math, outside code and
// existing math (found by a first parse). The rewrite only produces markdown that is parsed again
// as markdown, never MDX, so it cannot make anything other than math or text.
import type { Nodes, Root } from "mdast";
import { parseMarkdown } from "./mdx";

const PROTECTED = new Set(["code", "inlineCode", "math", "inlineMath", "html"]);

/** [start, end) source offsets of code, math and raw HTML, sorted, each with its node type. */
function protectedRanges(tree: Root): [number, number, string][] {
  const ranges: [number, number, string][] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    const fenceWithMath = node.type === "math" && !!node.meta;
    if (PROTECTED.has(node.type) && !fenceWithMath && s !== undefined && e !== undefined) {
      ranges.push([s, e, node.type]);
    } else if ("children" in node) stack.push(...node.children);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The `$` run that delimits `content`: longer than any run inside it. */
function dollars(content: string, min: number): string {
  let longest = 0;
  for (const m of content.matchAll(/\$+/g)) longest = Math.max(longest, m[0].length);
  return "$".repeat(Math.max(min, longest + 1));
}

/** A display block on its own lines, inside the same container as the line it came from. */
function displayBlock(content: string, indent: string): string {
  const fence = dollars(content, 2);
  const body = content
    .trim()
    .split("\n")
    .map((l) => indent + l.trimEnd());
  return `\n${indent}\n${indent}${fence}\n${body.join("\n")}\n${indent}${fence}\n${indent}\n${indent}`;
}

export type MathRewrite = {
  /** The cell with Jupyter's math delimiters rewritten. */
  source: string;
  /** Offsets in `source` where an inline `\(..\)` now starts (kept inline even when written `$$`). */
  inlineStarts: Set<number>;
};

const DOLLAR_LINE = /^[ \t>]*\$\$[ \t]*[^\s$]/m;

/** Rewrites Jupyter's math delimiters (see the file comment) to remark-math's `$` forms. */
export function rewriteJupyterMath(source: string): MathRewrite {
  const inlineStarts = new Set<number>();
  if (!/\\[([]|\\begin\{/.test(source) && !DOLLAR_LINE.test(source)) return { source, inlineStarts };
  const ranges = protectedRanges(parseMarkdown(source));
  let r = 0;
  const isFree = (pos: number): boolean => {
    while (r < ranges.length && ranges[r]![1] <= pos) r++;
    return !(r < ranges.length && ranges[r]![0] <= pos);
  };
  const blanks = [...source.matchAll(/\n[ \t>]*\n/g)].map((m) => m.index);
  const lineStarts = [0, ...[...source.matchAll(/\n/g)].map((m) => m.index + 1)];
  /** First element of the sorted `xs` that is at least `from` (binary search). */
  const firstAtLeast = (xs: number[], from: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < xs.length ? xs[lo]! : Infinity;
  };
  // Math may contain `$` math (MathJax reads the outer delimiters first); it never spans code or HTML.
  const walls = ranges.filter(([, , type]) => type !== "math" && type !== "inlineMath").map(([s]) => s);
  const found = new Map<string, { from: number; at: number }>();
  /** Next occurrence of `needle` at or after `from` (cached: the scan only moves forward). */
  const nextIndex = (needle: string, from: number): number => {
    const c = found.get(needle);
    if (c && from >= c.from && (c.at < 0 || c.at >= from)) return c.at;
    const at = source.indexOf(needle, from);
    found.set(needle, { from, at });
    return at;
  };
  /** Start of the line holding `pos`. */
  const lineStart = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lineStarts[lo]!;
  };
  /** The container prefix of the line holding `pos` (indent of a list item, `>` of a quote). */
  const lineIndent = (pos: number): string => {
    const ls = lineStart(pos);
    const indent = /^[ \t>]*/.exec(source.slice(ls, Math.min(pos, ls + 200)))![0];
    return /^[ \t]*(>[ \t]*)*$/.test(indent) ? indent : "";
  };
  /** Whether only a container prefix precedes `pos` on its line. */
  const startsLine = (pos: number): boolean => {
    const ls = lineStart(pos);
    return pos - ls <= 200 && /^[ \t>]*$/.test(source.slice(ls, pos));
  };
  /** The closing delimiter after `from`, before the next code or HTML and (inline) the next blank line. */
  const findClose = (needle: string, from: number, stopAtBlank: boolean): number => {
    const wall = Math.min(firstAtLeast(walls, from), stopAtBlank ? firstAtLeast(blanks, from) : Infinity);
    let at = nextIndex(needle, from);
    while (at >= 0 && at < wall) {
      if (source[at - 1] !== "\\" || source[at - 2] === "\\") return at;
      at = nextIndex(needle, at + 1);
    }
    return -1;
  };
  let out = "";
  let i = 0;
  while (i < source.length) {
    const slash = nextIndex("\\", i);
    const dollar = nextIndex("$$", i);
    const at = slash < 0 ? dollar : dollar < 0 ? slash : Math.min(slash, dollar);
    if (at < 0) break;
    out += source.slice(i, at);
    i = at;
    if (source[i] === "$") {
      if (isFree(i) && startsLine(i) && /^\$\$[ \t]*[^\s$]/.test(source.slice(i, i + 64))) {
        const end = findClose("$$", i + 2, true);
        if (end > 0) {
          out += displayBlock(source.slice(i + 2, end), lineIndent(i));
          i = end + 2;
          continue;
        }
      }
      out += "$$";
      i += 2;
      continue;
    }
    const next = source[i + 1] ?? "";
    if (!isFree(i)) {
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (next === "(") {
      const end = findClose("\\)", i + 2, true);
      if (end > 0) {
        const content = source.slice(i + 2, end).trim();
        const fence = dollars(content, 1);
        inlineStarts.add(out.length);
        out += `${fence}${content}${fence}`;
        i = end + 2;
        continue;
      }
    } else if (next === "[") {
      const end = findClose("\\]", i + 2, false);
      if (end > 0) {
        out += displayBlock(source.slice(i + 2, end), lineIndent(i));
        i = end + 2;
        continue;
      }
    } else if (next === "b") {
      const env = /^\\begin\{([a-zA-Z]+\*?)\}/.exec(source.slice(i, i + 40));
      if (env) {
        const endTag = `\\end{${env[1]}}`;
        const end = findClose(endTag, i + env[0].length, false);
        if (end > 0) {
          out += displayBlock(source.slice(i, end + endTag.length), lineIndent(i));
          i = end + endTag.length;
          continue;
        }
      }
    }
    // Any other backslash (an escape such as `\\` or `\$`) is copied with the character it escapes.
    out += source.slice(i, i + 2);
    i += 2;
  }
  out += source.slice(i);
  return { source: out, inlineStarts };
}
