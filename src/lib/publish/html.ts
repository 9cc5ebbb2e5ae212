// Raw HTML in markdown cells. Jupyter renders it; the site keeps only what cannot run:
//   - comments are dropped (Jupyter hides them); a comment, `<script>`, `<?`, `<!X` or CDATA
//     block that is never closed would swallow the rest of the cell, so its `<` becomes text and
//     the rest is read as markdown again;
//   - a few formatting tags (mdx.ts: TEXT_TAGS inside paragraphs, FLOW_TAGS between blocks) become
//     JSX elements when their opening and closing tags pair up among siblings; their only
//     attribute is `title`; `<a href>` and `<img src>` become markdown links and images, so
//     links.ts checks their URLs like any other;
//   - every other tag, and every tag that does not pair up, is shown as the text it is.
import type { Nodes, Paragraph, Parents, PhrasingContent, Root } from "mdast";
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import { decodeNamedCharacterReference } from "decode-named-character-reference";
import { FLOW_TAGS, parseMarkdown, TEXT_TAGS } from "./mdx";

const TEXT = new Set<string>(TEXT_TAGS);
const FLOW = new Set<string>(FLOW_TAGS);
const VOID = new Set(["br", "hr", "img"]);
const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition", "mdxJsxFlowElement"]);

/** A tag, waiting to be paired with its partner among its siblings. */
type Tag = { type: "tag"; raw: string; name: string; closing: boolean; attrs: Record<string, string> };
type Item = Nodes | Tag;

/** Decodes HTML character references (`&amp;`, `&#x41;`, `&lt;`). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][\da-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z\d]{1,31});/g, (whole, ref: string) => {
    if (ref[0] !== "#") {
      const named = decodeNamedCharacterReference(ref);
      return named === false ? whole : named;
    }
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : "\uFFFD";
  });
}

const TAG =
  /^<(\/?)([a-zA-Z][a-zA-Z\d-]*)((?:\s+[a-zA-Z_:][\w:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/;
const ATTR = /([a-zA-Z_:][\w:.-]*)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseTag(raw: string): Tag | undefined {
  const m = TAG.exec(raw);
  if (!m || m[0].length !== raw.length) return undefined;
  const attrs: Record<string, string> = {};
  for (const a of m[3]!.matchAll(ATTR)) {
    const key = a[1]!.toLowerCase();
    if (!(key in attrs)) attrs[key] = decodeEntities(a[3] ?? a[4] ?? a[5] ?? "");
  }
  return { type: "tag", raw, name: m[2]!.toLowerCase(), closing: m[1] === "/", attrs };
}

/** Splits an HTML block into comments (dropped), tags and text. */
function tokenize(html: string): (Tag | { type: "text"; value: string })[] {
  const out: (Tag | { type: "text"; value: string })[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    text += html.slice(i, lt);
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      if (end >= 0) {
        i = end + 3;
        continue;
      }
    }
    const m = TAG.exec(html.slice(i, i + 4096));
    if (m) {
      if (text) out.push({ type: "text", value: decodeEntities(text) });
      text = "";
      out.push(parseTag(m[0])!);
      i += m[0].length;
      continue;
    }
    text += "<";
    i += 1;
  }
  text += html.slice(i);
  if (text) out.push({ type: "text", value: decodeEntities(text) });
  return out;
}

const OPENERS: [RegExp, (v: string) => string][] = [
  [/^<(script|pre|style|textarea)(?=[\s>]|$)/i, (m) => `</${m.slice(1).toLowerCase()}>`],
  [/^<!--/, () => "-->"],
  [/^<\?/, () => "?>"],
  [/^<!\[CDATA\[/, () => "]]>"],
  [/^<![a-zA-Z]/, () => ">"],
];

/** The terminator an HTML block starting with `v` needs, when it is of a kind that has one (CommonMark types 1–5). */
function terminatorOf(v: string): string | undefined {
  for (const [re, term] of OPENERS) {
    const m = re.exec(v);
    if (m) return term(m[0]);
  }
  return undefined;
}

/** An HTML block CommonMark ended only at the end of its container because it was never closed. */
function isUnclosedBlock(value: string): boolean {
  const v = value.trimStart();
  const term = terminatorOf(v);
  return term !== undefined && !v.toLowerCase().includes(term);
}

// A line's container prefix: indentation, `>` of quotes, list markers.
const LINE_PREFIX = /^(?:[ \t]{0,3}(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]))*[ \t]*/;

/**
 * Escapes the `<` of every line-starting block opener in `value` whose terminator never follows,
 * so the text is read again as markdown in one pass (not once per unclosed block).
 */
function escapeUnclosedOpeners(value: string): string {
  const lower = value.toLowerCase();
  const lastOf = new Map<string, number>();
  let offset = 0;
  const lines = value.split("\n").map((line) => {
    const start = offset;
    offset += line.length + 1;
    const prefix = LINE_PREFIX.exec(line)![0];
    const rest = line.slice(prefix.length);
    const term = rest.startsWith("<") ? terminatorOf(rest) : undefined;
    if (term === undefined) return line;
    if (!lastOf.has(term)) lastOf.set(term, lower.lastIndexOf(term));
    return lastOf.get(term)! < start + prefix.length ? `${prefix}\\${rest}` : line;
  });
  return lines.join("\n");
}

function textNode(value: string): PhrasingContent {
  return { type: "text", value };
}

function titleAttr(tag: Tag): MdxJsxAttribute[] {
  return tag.attrs.title !== undefined
    ? [{ type: "mdxJsxAttribute", name: "title", value: tag.attrs.title }]
    : [];
}

/** What a paired (or void) allowed tag becomes, with `children` inside it. */
function element(tag: Tag, children: Nodes[], flow: boolean): Nodes[] {
  if (tag.name === "a") {
    if (tag.attrs.href === undefined) return children;
    return [{ type: "link", url: tag.attrs.href, title: tag.attrs.title ?? null, children } as Nodes];
  }
  if (tag.name === "img") {
    if (tag.attrs.src === undefined) return tag.attrs.alt ? [textNode(tag.attrs.alt)] : [];
    return [
      {
        type: "image",
        url: tag.attrs.src,
        alt: tag.attrs.alt ?? "",
        title: tag.attrs.title ?? null,
      } as Nodes,
    ];
  }
  const type = flow ? "mdxJsxFlowElement" : "mdxJsxTextElement";
  return [
    { type, name: tag.name, attributes: titleAttr(tag), children } as MdxJsxFlowElement | MdxJsxTextElement,
  ];
}

/**
 * Pairs opening and closing tags among `items` (siblings) and wraps what lies between; tags
 * that are not allowed here, or find no partner, become their text.
 */
function pair(items: Item[], flow: boolean): Nodes[] {
  const allowed = flow ? FLOW : new Set([...TEXT, "a", "img"]);
  const out: Item[] = [];
  const open: number[] = []; // indices in `out` of unpaired opening tags
  const asText = (t: Tag): Nodes => (flow ? paragraphOf([textNode(t.raw)]) : textNode(t.raw));
  for (const item of items) {
    if (item.type !== "tag") {
      out.push(item);
      continue;
    }
    const tag = item as Tag;
    if (!allowed.has(tag.name)) {
      out.push(asText(tag));
    } else if (VOID.has(tag.name)) {
      out.push(...(tag.closing ? [asText(tag)] : element(tag, [], flow)));
    } else if (!tag.closing) {
      open.push(out.length);
      out.push(tag);
    } else {
      let k = open.length - 1;
      while (k >= 0 && (out[open[k]!] as Tag).name !== tag.name) k--;
      if (k < 0) {
        out.push(asText(tag));
        continue;
      }
      const at = open[k]!;
      for (const j of open.splice(k)) if (j !== at) out[j] = asText(out[j] as Tag);
      const inner = out.splice(at + 1) as Nodes[];
      out.splice(at, 1, ...element(out[at] as Tag, inner, flow));
    }
  }
  for (const j of open) out[j] = asText(out[j] as Tag);
  return out as Nodes[];
}

function paragraphOf(children: PhrasingContent[]): Paragraph {
  return { type: "paragraph", children };
}

/** Flow content for one HTML block: block tags stay tags to pair, inline runs become paragraphs. */
function flowItems(value: string): Item[] {
  const out: Item[] = [];
  let run: Item[] = [];
  const flush = () => {
    const meaningful = run.some((n) => n.type !== "text" || (n as { value: string }).value.trim() !== "");
    if (meaningful) out.push(paragraphOf(pair(run, false) as PhrasingContent[]));
    run = [];
  };
  for (const t of tokenize(value)) {
    if (t.type === "tag" && FLOW.has(t.name)) {
      flush();
      out.push(t);
    } else if (t.type === "tag") {
      run.push(t);
    } else {
      run.push(textNode(t.value.replace(/^\n+|\n+$/g, "")));
    }
  }
  flush();
  return out;
}

/** Replaces every raw `html` node of the tree (see the file comment). */
export function convertHtml(tree: Root): void {
  const visit = (parent: Parents) => {
    const flow = FLOW_PARENTS.has(parent.type);
    let items: Item[] = [];
    let changed = false;
    const pending = [...(parent.children as Nodes[])].reverse();
    while (pending.length) {
      const child = pending.pop()!;
      if (child.type !== "html") {
        items.push(child);
        continue;
      }
      changed = true;
      if (flow && isUnclosedBlock(child.value)) {
        // Read again as markdown with the unclosed openers escaped (it may hold closed HTML blocks).
        const again = parseMarkdown(escapeUnclosedOpeners(child.value.trimStart())).children as Nodes[];
        pending.push(...again.reverse());
      } else if (flow) {
        items.push(...flowItems(child.value));
      } else if (!child.value.startsWith("<!--")) {
        items.push(parseTag(child.value) ?? textNode(child.value));
      } // an inline comment is dropped
    }
    if (changed) {
      items = pair(items, flow);
      (parent as { children: Nodes[] }).children = items as Nodes[];
    }
    for (const child of parent.children as Nodes[]) if ("children" in child) visit(child);
  };
  visit(tree);
}
