// Runs after rehype-katex: each rendered formula reaches React as ONE element holding its markup.
// rehype-katex writes a formula as dozens of elements (the HTML rendering and the MathML), which
// MDX compiles into as many JSX calls, and React builds and hydrates a fibre for each: 6,100 on
// notebook 01, most of its hydration time. A formula never changes after the build, so its outer
// span (`.katex` or `.katex-display`) gets its children as `dangerouslySetInnerHTML`: the page's
// HTML is byte-for-byte what it was, and hydration adopts the markup without walking it.
import { toHtml } from "hast-util-to-html";

type Hast = Parameters<typeof toHtml>[0];
type Node = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Node[] };

const FORMULA_CLASSES = new Set(["katex", "katex-display"]);

/** The estree of `{__html: html}`, the value of a JSX attribute written as an expression. */
function htmlObject(html: string) {
  return {
    type: "Program",
    sourceType: "module",
    body: [
      {
        type: "ExpressionStatement",
        expression: {
          type: "ObjectExpression",
          properties: [
            {
              type: "Property",
              key: { type: "Identifier", name: "__html" },
              value: { type: "Literal", value: html, raw: JSON.stringify(html) },
              kind: "init",
              method: false,
              shorthand: false,
              computed: false,
            },
          ],
        },
      },
    ],
  };
}

/** `<span className=… dangerouslySetInnerHTML={{__html: …}} />`, as an MDX JSX node in hast. */
function staticSpan(className: string, html: string) {
  return {
    type: "mdxJsxTextElement",
    name: "span",
    attributes: [
      { type: "mdxJsxAttribute", name: "className", value: className },
      {
        type: "mdxJsxAttribute",
        name: "dangerouslySetInnerHTML",
        value: {
          type: "mdxJsxAttributeValueExpression",
          value: "{__html: …}",
          data: { estree: htmlObject(html) },
        },
      },
    ],
    children: [],
  };
}

/** The formula's outer class when `node` is a formula with no property but its class. */
function formulaClass(node: Node): string | undefined {
  const classes = node.properties?.className;
  if (node.tagName !== "span" || !Array.isArray(classes)) return undefined;
  if (!classes.some((c) => FORMULA_CLASSES.has(String(c)))) return undefined;
  if (Object.keys(node.properties ?? {}).some((key) => key !== "className")) return undefined;
  return classes.join(" ");
}

function replaceFormulas(parent: Node): void {
  const children = parent.children ?? [];
  children.forEach((child, index) => {
    const className = child.type === "element" ? formulaClass(child) : undefined;
    if (className === undefined) return replaceFormulas(child);
    // hast's content types do not list MDX's JSX nodes, which @mdx-js/mdx passes through to JSX.
    children[index] = staticSpan(className, toHtml(child.children as Hast)) as unknown as Node;
  });
}

export default function rehypeStaticMath() {
  return (tree: Hast): void => replaceFormulas(tree as Node);
}
