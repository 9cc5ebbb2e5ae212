// Jupyter markdown → MDX, treating the cell as data: the cell is parsed as markdown (never as MDX)
// into a syntax tree, the tree is cleaned, and mdx.ts serialises it with every text node escaped.
//   1. control characters are removed (NUL included) and the size is checked;
//   2. jupyterMath.ts rewrites `\(..\)`, `\[..\]` and bare `\begin{env}` to `$` math;
//   3. the cell is parsed (CommonMark + GFM + math); `$$..$$` written inside a paragraph becomes a
//      display block, as in Jupyter;
//   4. html.ts turns raw HTML into a few formatting elements or text; links.ts checks every URL;
//   5. headings get explicit, stable ids (`## Title {#title}`) so translations keep the same anchors,
//      and their math is written as text (headingMath.ts) so the table of contents shows no TeX;
//   6. mdx.ts serialises the tree and, unless the caller checks the whole page, checks the result.
import type { Heading as MdHeading, Nodes, Paragraph, Parents, PhrasingContent, Root } from "mdast";
import { plainHeadingMath } from "./headingMath";
import { convertHtml } from "./html";
import { rewriteJupyterMath } from "./jupyterMath";
import type { UrlResolver } from "./links";
import { publishLinks } from "./links";
import type { HeadingIdData } from "./mdx";
import { assertMdxIsData, parseMarkdown, toMdx } from "./mdx";
import type { Slugger } from "./text";

export type Heading = { level: number; text: string; id: string };

export type MarkdownOptions = {
  /** Slugger shared by all cells of one page (ids unique per page). */
  slugger: Slugger;
  /** Heading ids to use in order (a translated cell reuses the English ids). */
  headingIds?: string[];
  /** Maps a local link or image path to a published URL; throws for paths that may not be published. */
  resolveUrl?: UrlResolver;
  /** Skip the check of the serialised MDX (the caller checks the whole page). */
  pageChecked?: boolean;
};

export type MarkdownResult = {
  mdx: string;
  headings: Heading[];
  /** Plain text of the first paragraph (math as TeX), for a page description; "" when none. */
  firstParagraph: string;
};

/** Largest markdown cell (or markdown output) published, in characters. */
export const MAX_MARKDOWN_CHARS = 256 * 1024;
/** Deepest nesting (quotes in lists in quotes ...) of a published cell. */
export const MAX_DEPTH = 48;

/**
 * Removes control characters (except tab and newlines) and unpaired surrogates; the Unicode line
 * and paragraph separators become spaces (JavaScript regexps, Docusaurus's among them, end a line there).
 */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[\u2028\u2029]/g, " ")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\uFFFD");
}

function depthOf(tree: Root): number {
  let max = 0;
  const stack: [Nodes, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    if ("children" in node) for (const c of node.children) stack.push([c, d + 1]);
  }
  return max;
}

/** Splits paragraphs around inline math written `$$..$$`: Jupyter shows it as display math. */
function promoteDisplayMath(tree: Root, source: string, inlineStarts: Set<number>): void {
  const isDisplay = (n: Nodes) => {
    const at = n.position?.start.offset;
    return (
      n.type === "inlineMath" && at !== undefined && source.startsWith("$$", at) && !inlineStarts.has(at)
    );
  };
  const visit = (parent: Parents) => {
    const out: Nodes[] = [];
    for (const child of parent.children as Nodes[]) {
      if (child.type === "paragraph" && child.children.some(isDisplay)) {
        let run: PhrasingContent[] = [];
        const flush = () => {
          // Whitespace next to the block would start or end the paragraph with a space.
          const first = run[0];
          if (first?.type === "text") first.value = first.value.replace(/^\s+/, "");
          const last = run[run.length - 1];
          if (last?.type === "text") last.value = last.value.replace(/\s+$/, "");
          const kept = run.filter((n) => n.type !== "text" || n.value !== "");
          if (kept.length) out.push({ type: "paragraph", children: kept } as Paragraph);
          run = [];
        };
        for (const n of child.children) {
          if (isDisplay(n)) {
            flush();
            out.push({ type: "math", value: (n as { value: string }).value.trim() } as Nodes);
          } else run.push(n);
        }
        flush();
        continue;
      }
      if ("children" in child) visit(child);
      out.push(child);
    }
    (parent as { children: Nodes[] }).children = out;
  };
  visit(tree);
}

/** Heading text as written (markdown of its content), for slugs and titles. */
function headingText(node: Nodes): string {
  switch (node.type) {
    case "text":
      return node.value;
    case "inlineCode":
      return "`" + node.value + "`";
    case "inlineMath":
      return "$" + node.value + "$";
    case "break":
      return " ";
    case "image":
      return "";
    default:
      return "children" in node ? node.children.map(headingText).join("") : "";
  }
}

/** Puts a heading on one line (an ATX heading cannot hold a line break; Docusaurus reads ids there). */
function oneLine(node: Nodes): void {
  if ("value" in node && typeof node.value === "string") node.value = node.value.replace(/\n/g, " ");
  if ("children" in node) {
    node.children = node.children.map((c) =>
      c.type === "break" ? { type: "text", value: " " } : c,
    ) as typeof node.children;
    node.children.forEach(oneLine);
  }
}

/**
 * Gives every top-level heading an id: an explicit trailing `{#id}`, the next given id, or a slug.
 * Docusaurus reads `{#id}` only on lines starting with `#`, so headings inside quotes and lists
 * get no explicit id (Docusaurus makes one).
 */
function assignHeadingIds(tree: Root, opts: MarkdownOptions): Heading[] {
  const headings: Heading[] = [];
  let index = 0;
  for (const node of tree.children) {
    if (node.type !== "heading") continue;
    oneLine(node);
    let explicit: string | undefined;
    const last = node.children[node.children.length - 1];
    if (last?.type === "text") {
      const m = /\s*\{#([\w-]+)\}\s*$/.exec(last.value);
      if (m) {
        explicit = m[1];
        last.value = last.value.slice(0, m.index);
      }
    }
    const text = headingText(node).trim();
    const given = opts.headingIds?.[index];
    index += 1;
    const id = given ?? explicit ?? opts.slugger.slug(text);
    if (!given && explicit) opts.slugger.slug(explicit); // reserve it
    node.data = { ...node.data, headingId: id } as MdHeading["data"] & HeadingIdData;
    headings.push({ level: node.depth, text, id });
  }
  return headings;
}

/** Plain text of a node: text, code and math (as TeX); images and markup left out. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "inlineMath":
      return node.value;
    case "break":
      return " ";
    case "image":
      return "";
    default:
      return "children" in node ? node.children.map(plainText).join("") : "";
  }
}

function firstParagraph(tree: Root): string {
  for (const node of tree.children) {
    if (node.type !== "paragraph" || node.children[0]?.type === "image") continue;
    const text = plainText(node).replace(/\s+/g, " ").trim();
    if (text) return text.length > 200 ? text.slice(0, 197).replace(/\s+\S*$/, "") + "…" : text;
  }
  return "";
}

/** Converts one Jupyter markdown cell (or a text/markdown output) to MDX. */
export function markdownToMdx(source: string, opts: MarkdownOptions): MarkdownResult {
  const clean = cleanText(source);
  if (clean.length > MAX_MARKDOWN_CHARS) {
    throw new Error(
      `markdown of ${(clean.length / 1024).toFixed(0)} kB is over the ${MAX_MARKDOWN_CHARS / 1024} kB limit of a page section; split it or put the data in a file`,
    );
  }
  const math = rewriteJupyterMath(clean);
  const tree = parseMarkdown(math.source);
  const checkDepth = () => {
    const depth = depthOf(tree);
    if (depth > MAX_DEPTH) throw new Error(`markdown nested ${depth} levels deep (limit ${MAX_DEPTH})`);
  };
  checkDepth();
  promoteDisplayMath(tree, math.source, math.inlineStarts);
  convertHtml(tree);
  checkDepth(); // HTML blocks read again as markdown may nest
  publishLinks(tree, opts.resolveUrl);
  const headings = assignHeadingIds(tree, opts);
  // After the ids (which stay as before): math in headings as text, so the TOC reads "√dₖ", not TeX.
  for (const node of tree.children) if (node.type === "heading") plainHeadingMath(node);
  const mdx = toMdx(tree);
  if (!opts.pageChecked) assertMdxIsData(mdx);
  return { mdx, headings, firstParagraph: firstParagraph(tree) };
}

/** MDX for a heading with the given text (escaped as text) and level. */
export function headingMdx(text: string, depth: 1 | 2 | 3 | 4 | 5 | 6): string {
  return toMdx({ type: "heading", depth, children: [{ type: "text", value: cleanText(text) }] });
}

/** MDX for a display-math block holding `tex` (fenced so no line of it can close the block). */
export function mathMdx(tex: string): string {
  return toMdx({ type: "math", value: cleanText(tex) });
}
