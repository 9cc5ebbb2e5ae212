// A line break inside a paragraph is whitespace in HTML, and Chromium draws it as a space even
// between two Chinese characters ("。 如果"): the zh pages' source wraps long paragraphs, and every
// wrap between two CJK characters showed as a gap. This joins such lines in the text of every page
// (English text has no CJK on both sides of a break, so it is unchanged). Code is not text: kept.

/** CJK punctuation, ideographs (incl. extension A) and full-width forms. */
const CJK = "\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uffef";
const BREAK_BETWEEN_CJK = new RegExp(`([${CJK}])[ \\t]*\\r?\\n[ \\t]*(?=[${CJK}])`, "g");

type Node = { type: string; value?: string; children?: Node[] };

/** `text` with the line breaks between two CJK characters removed. */
export function joinCjkLines(text: string): string {
  return text.replace(BREAK_BETWEEN_CJK, "$1");
}

const IS_CJK = new RegExp(`[${CJK}]`);
const TRAILING_BREAK = /[ \t]*\r?\n[ \t]*$/;
const LEADING_BREAK = /^[ \t]*\r?\n[ \t]*/;

/** The first (or last) character of the text inside `node`, through links and emphasis. */
function edgeChar(node: Node | undefined, last: boolean): string {
  if (!node) return "";
  if (node.type === "text") return (last ? node.value?.slice(-1) : node.value?.[0]) ?? "";
  const children = node.children ?? [];
  return edgeChar(last ? children[children.length - 1] : children[0], last);
}

function visit(node: Node): void {
  if (node.type === "text" && typeof node.value === "string") node.value = joinCjkLines(node.value);
  const children = node.children ?? [];
  children.forEach(visit);
  // A break at the edge of a text node, next to a link or emphasis: "。\n[工具](…)".
  children.forEach((child, i) => {
    if (child.type !== "text" || typeof child.value !== "string") return;
    const before = child.value.replace(TRAILING_BREAK, "");
    if (
      before !== child.value &&
      IS_CJK.test(before.slice(-1)) &&
      IS_CJK.test(edgeChar(children[i + 1], false))
    )
      child.value = before;
    const after = child.value.replace(LEADING_BREAK, "");
    if (after !== child.value && IS_CJK.test(after[0] ?? "") && IS_CJK.test(edgeChar(children[i - 1], true)))
      child.value = after;
  });
}

export default function remarkCjkLineBreaks() {
  return (tree: Node): void => visit(tree);
}
