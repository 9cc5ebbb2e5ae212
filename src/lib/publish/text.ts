// Small text helpers shared by the publisher: ANSI stripping, terminal carriage returns,
// fences that cannot be closed by their content, stable heading slugs. (Quantities are
// formatted by src/lib/format/units.ts.)

// CSI (colours, cursor moves) and OSC (titles, hyperlinks) escape sequences.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes ANSI escape sequences (tracebacks and progress bars are full of them). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Applies carriage returns the way a terminal shows them: on each line only the text after the
 * last `\r` remains (progress bars redraw their line).
 */
export function applyCarriageReturns(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => {
      const i = line.lastIndexOf("\r", line.length - 2);
      return i >= 0 ? line.slice(i + 1).replace(/\r$/, "") : line.replace(/\r$/, "");
    })
    .join("\n");
}

/** A backtick fence longer than any backtick run inside `content` (at least 3). */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

/** A fenced code block that shows `content` verbatim. */
export function codeBlock(content: string, lang = "text"): string {
  const fence = fenceFor(content);
  const body = content.endsWith("\n") ? content : content + "\n";
  return `${fence}${lang}\n${body}${fence}`;
}

/** A JS string literal safe inside an MDX/JSX attribute expression. */
export function jsString(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * GitHub-style heading slug (what Docusaurus generates): lower case, punctuation removed,
 * spaces to hyphens. Keeps letters of every script, so Chinese headings get Chinese slugs.
 */
export function slugify(text: string): string {
  return text
    .replace(/\$+[^$]*\$+/g, (m) => m.replace(/\$/g, "")) // math: keep its letters
    .replace(/<[^>]*>/g, "")
    .replace(/\\[a-zA-Z]+/g, "") // TeX commands
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Hands out slugs unique within one page: `x`, `x-1`, `x-2`, ... (github-slugger's rule). */
export class Slugger {
  private readonly occurrences = new Map<string, number>();
  slug(text: string): string {
    const original = slugify(text) || "section";
    let result = original;
    while (this.occurrences.has(result)) {
      const n = (this.occurrences.get(original) ?? 0) + 1;
      this.occurrences.set(original, n);
      result = `${original}-${n}`;
    }
    this.occurrences.set(result, 0);
    return result;
  }
}
