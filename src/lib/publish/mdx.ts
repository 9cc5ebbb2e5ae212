// The three syntax trees of the publisher, and the only places text crosses between them:
//   parseMarkdown    notebook markdown (CommonMark + GFM + math, as Jupyter reads it) → mdast;
//   toMdx            mdast → MDX source in which every text node is escaped, so text stays text;
//   assertMdxIsData  MDX → the tree Docusaurus will build, checked for code: no ESM, no `{…}`
//                    expression, no JSX element or attribute that the publisher did not emit itself.
// A cell's text therefore reaches the page only as text, math, links checked by links.ts, and the few
// formatting tags of html.ts; if the serialiser ever failed to escape something, the check refuses
// the page instead of shipping code.
import type { Heading as MdHeading, Nodes, Parents, Root } from "mdast";
import { directive } from "micromark-extension-directive";
import { directiveFromMarkdown, directiveToMarkdown } from "mdast-util-directive";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown, gfmToMarkdown } from "mdast-util-gfm";
import { mathFromMarkdown, mathToMarkdown } from "mdast-util-math";
import { mdxFromMarkdown, mdxToMarkdown } from "mdast-util-mdx";
import type { Handle, Info, State, Unsafe } from "mdast-util-to-markdown";
import { defaultHandlers, toMarkdown } from "mdast-util-to-markdown";
import { gfm } from "micromark-extension-gfm";
import { math } from "micromark-extension-math";
import { mdxjs } from "micromark-extension-mdxjs";

/** Parses notebook markdown the way Jupyter reads it: CommonMark with GFM tables and `$` math. */
export function parseMarkdown(source: string): Root {
  return fromMarkdown(source, {
    extensions: [gfm(), math()],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()],
  });
}

// MDX reads a line starting with `import ` or `export ` as JavaScript; the serialiser of
// mdast-util-mdx does not escape those words, so their first letter becomes a character reference.
const ESM_WORDS: Unsafe[] = [
  { atBreak: true, character: "e", after: "xport[ \\t]" },
  { atBreak: true, character: "i", after: "mport[ \\t]" },
];

/** Heading ids the page must keep (translations reuse the English anchors): `## Title {#id}`. */
export type HeadingIdData = { headingId?: string };

const headingWithId: Handle = (node: MdHeading, parent: Parents | undefined, state: State, info: Info) => {
  let out = defaultHandlers.heading(node, parent, state, info);
  const id = (node.data as HeadingIdData | undefined)?.headingId;
  if (id === undefined) return out;
  // Docusaurus reads the first `{#` of a heading line as the id; escaped braces of the text
  // become character references so only the id below has one.
  out = out.replace(/\\\{(?=#)/g, "&#x7B;");
  if (out.includes("{#")) {
    throw new Error(
      `the heading "${out.replace(/^#+ /, "")}" contains "{#" in code or math; Docusaurus reads it as a heading id`,
    );
  }
  return `${out} {#${id}}`;
};

const refuseHtml: Handle = () => {
  throw new Error("raw HTML reached the MDX serialiser (html.ts converts it first)");
};

/**
 * Serialises an mdast tree as MDX. Text, link labels, titles and alt texts are escaped for MDX
 * (`{`, `<`, `import`/`export` at a line start, `$`, `:` directives); code and math are fenced with a
 * run longer than any in their content; raw `html` nodes are refused.
 */
export function toMdx(tree: Root | Nodes): string {
  return toMarkdown(tree, {
    extensions: [
      gfmToMarkdown(),
      mathToMarkdown(),
      mdxToMarkdown(),
      directiveToMarkdown(),
      { unsafe: ESM_WORDS },
    ],
    bullet: "-",
    emphasis: "*",
    strong: "*",
    rule: "-",
    fences: true,
    listItemIndent: "one",
    resourceLink: true,
    handlers: { heading: headingWithId, html: refuseHtml },
  }).replace(/\n$/, "");
}

/** What the publisher itself put into a page: the only code the page may contain. */
export type PageCode = {
  /** `import X from "…";` lines, each allowed once. */
  imports?: string[];
  /** Values of `{…}` flow expressions the publisher wrote (its generated-file comment). */
  flowExpressions?: string[];
  /** JSX components the publisher emits; they may take literal props and imported figures. */
  components?: string[];
};

/** Formatting tags a markdown cell may keep (html.ts); their only attribute is a title. */
export const TEXT_TAGS = [
  "b",
  "i",
  "em",
  "strong",
  "sub",
  "sup",
  "u",
  "s",
  "small",
  "mark",
  "kbd",
  "code",
  "br",
  "span",
] as const;
/** Block tags a markdown cell may keep. */
export const FLOW_TAGS = ["details", "summary", "div", "p", "hr"] as const;
const CELL_TAGS = new Set<string>([...TEXT_TAGS, ...FLOW_TAGS]);
const CELL_TAG_ATTRIBUTES = new Set(["title"]);
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i;
const SAFE_URL = /^(?![a-z][a-z\d+.-]*:)|^(?:https?|mailto):|^data:image\/(?:png|jpeg|gif|webp)[;,]/i;

function isStringLiteral(js: string): boolean {
  if (!/^\s*"/.test(js)) return false;
  try {
    return typeof JSON.parse(js) === "string";
  } catch {
    return false;
  }
}

/** Docusaurus escapes the `{#` of heading lines before MDX parses them (`escapeMarkdownHeadingIds`). */
export function escapeHeadingIds(mdx: string): string {
  return mdx.replace(/(?:^|\n)#{1,6}(?!#).*/g, (line) =>
    line.replace("{#", "\\{#").replace("\\\\{#", "\\{#"),
  );
}

/** Parses MDX with the syntax extensions Docusaurus enables (MDX, GFM, math, directives). */
export function parseMdx(mdx: string): Root {
  return fromMarkdown(escapeHeadingIds(mdx), {
    extensions: [mdxjs(), gfm(), math(), directive()],
    mdastExtensions: [mdxFromMarkdown(), gfmFromMarkdown(), mathFromMarkdown(), directiveFromMarkdown()],
  });
}

type AnyNode = {
  type: string;
  name?: string | null;
  value?: unknown;
  url?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: AnyNode[];
  position?: { start: { line: number } };
};

/**
 * Throws unless `mdx` (a page without front matter, or a fragment) contains only what `code`
 * declares: its imports, its flow expressions, its components with literal or figure props, and
 * otherwise markdown, math and the cell tags with a title attribute. Links must not use a
 * scheme other than http(s) or mailto (data: images excepted).
 */
export function assertMdxIsData(mdx: string, code: PageCode = {}): void {
  let tree: Root;
  try {
    tree = parseMdx(mdx);
  } catch (e) {
    throw new Error(`the generated MDX does not parse (${(e as Error).message})`);
  }
  const imports = new Map<string, number>();
  for (const line of code.imports ?? []) imports.set(line, (imports.get(line) ?? 0) + 1);
  const identifiers = new Set(
    (code.imports ?? []).map((l) => /^import (\w+) from /.exec(l)?.[1]).filter((x): x is string => !!x),
  );
  const components = new Set(code.components ?? []);
  const flow = new Set(code.flowExpressions ?? []);
  const stack: AnyNode[] = [tree as AnyNode];
  const fail = (node: AnyNode, what: string): never => {
    const line = node.position ? ` (line ${node.position.start.line} of the page)` : "";
    throw new Error(`the generated MDX contains ${what}${line}; refusing to publish code from notebook text`);
  };
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case "mdxjsEsm":
        for (const line of String(node.value).split("\n")) {
          const left = imports.get(line) ?? 0;
          if (left <= 0)
            fail(node, `an import/export the publisher did not write: ${JSON.stringify(line.slice(0, 80))}`);
          imports.set(line, left - 1);
        }
        break;
      case "mdxFlowExpression":
        if (!flow.has(String(node.value)))
          fail(node, `a JavaScript expression {${String(node.value).slice(0, 80)}}`);
        break;
      case "mdxTextExpression":
        fail(node, `a JavaScript expression {${String(node.value).slice(0, 80)}}`);
        break;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement": {
        const name = node.name ?? "";
        const isComponent = components.has(name);
        if (!isComponent && !CELL_TAGS.has(name)) fail(node, `a JSX element <${name || "fragment"}>`);
        for (const a of node.attributes ?? []) {
          if (a.type !== "mdxJsxAttribute") fail(node, `a JSX spread attribute on <${name}>`);
          if (!isComponent && !CELL_TAG_ATTRIBUTES.has(a.name ?? ""))
            fail(node, `the attribute ${a.name} on <${name}>`);
          const v = a.value as { type?: string; value?: string } | string | null | undefined;
          if (v && typeof v === "object") {
            const js = String(v.value ?? "").trim();
            const literal = NUMBER.test(js) || isStringLiteral(js) || identifiers.has(js);
            if (!isComponent || !literal)
              fail(node, `the attribute expression ${a.name}={${js.slice(0, 80)}}`);
          }
        }
        break;
      }
      case "link":
      case "image":
      case "definition":
        if (!SAFE_URL.test((node.url ?? "").replace(/[\u0000-\u0020\u007f-\u009f]/g, ""))) {
          fail(node, `a ${node.type} to ${JSON.stringify(node.url)}`);
        }
        break;
    }
    if (node.children) stack.push(...node.children);
  }
}
