// The site's math is rendered at build time by rehype-katex and styled by the KaTeX stylesheet that
// src/css/custom.css imports. Both must be one KaTeX version: a renderer class without a rule in
// the loaded stylesheet (KaTeX 0.19 renamed `sizing` to `katex-sizing`) makes sub- and
// superscripts render at full size.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Element, Root, RootContent } from "hast";
import rehypeKatex from "rehype-katex";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const customCss = path.join(root, "src/css/custom.css");

/** Formulas that exercise sub/superscripts, fractions, roots, sizing and display math. */
const FORMULAS: { name: string; tex: string; display: boolean }[] = [
  { name: "subscripts", tex: "e_1 + q_j k_{ij}", display: false },
  {
    name: "softmax fraction",
    tex: "\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}",
    display: true,
  },
  { name: "scaled scores", tex: "\\frac{QK^\\top}{\\sqrt{d_k}}", display: false },
  { name: "sized text", tex: "\\tiny a \\large b \\Huge c", display: false },
  {
    name: "big operators",
    tex: "\\sum_{i=1}^{n} \\prod_{t} p_t \\left( \\frac{a}{b} \\right)",
    display: true,
  },
];

function mathElement(tex: string, display: boolean): Element {
  // What remark-math hands to rehype: code elements with the math-* class.
  return {
    type: "element",
    tagName: "code",
    properties: { className: [display ? "math-display" : "math-inline"] },
    children: [{ type: "text", value: tex }],
  };
}

function classNames(node: Root | RootContent, out: Set<string>): Set<string> {
  if (node.type === "element") {
    const cls = node.properties?.className;
    if (Array.isArray(cls)) for (const c of cls) out.add(String(c));
  }
  if ("children" in node) for (const child of node.children) classNames(child, out);
  return out;
}

/** Class names the site's renderer emits for `tex` (the rehype plugin the site uses, with its own KaTeX). */
function renderedClasses(tex: string, display: boolean): Set<string> {
  const tree: Root = { type: "root", children: [mathElement(tex, display)] };
  const transform = (rehypeKatex as unknown as (o: object) => (t: Root) => void)({ throwOnError: true });
  transform(tree);
  const classes = classNames(tree, new Set());
  classes.delete("math-inline");
  classes.delete("math-display");
  return classes;
}

/** The stylesheets custom.css pulls in with `@import "<package path>"`, resolved like the bundler does. */
function importedStylesheets(): string[] {
  const css = readFileSync(customCss, "utf8");
  const require = createRequire(customCss);
  return [...css.matchAll(/@import\s+(?:url\()?["']([^"']+)["']/g)].map((m) => require.resolve(m[1]!));
}

/** Every class that appears in a selector of `css`. */
function selectorClasses(css: string): Set<string> {
  const out = new Set<string>();
  const noBodies = css.replace(/\{[^{}]*\}/g, "{}"); // declarations may contain dots (0.5em)
  for (const m of noBodies.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) out.add(m[1]!);
  return out;
}

/**
 * Atom classes KaTeX uses while laying out (spacing between ordinary symbols, relations, ...), which
 * its stylesheet never styles in any version.
 */
const UNSTYLED = new Set(["mord", "mbin", "mrel", "mop", "mopen", "mclose", "mpunct", "minner", "mtight"]);

describe("KaTeX stylesheet matches the renderer", () => {
  const sheets = importedStylesheets();
  const styled = selectorClasses(sheets.map((p) => readFileSync(p, "utf8")).join("\n"));

  it("custom.css imports the KaTeX stylesheet of the KaTeX that rehype-katex renders with", () => {
    const katexCss = sheets.find((p) => /katex(\.min)?\.css$/.test(p));
    expect(katexCss, "custom.css must @import a KaTeX stylesheet").toBeDefined();
    const rendererKatex = createRequire(import.meta.resolve("rehype-katex")).resolve("katex/package.json");
    const cssPackage = path.join(path.dirname(katexCss!), "..", "package.json");
    const version = (p: string) => (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
    expect(version(cssPackage)).toBe(version(rendererKatex));
  });

  it.each(FORMULAS)("every class rendered for $name has a rule in the loaded CSS", ({ tex, display }) => {
    const rendered = renderedClasses(tex, display);
    expect(rendered.size).toBeGreaterThan(5);
    const missing = [...rendered].filter((c) => !styled.has(c) && !UNSTYLED.has(c));
    expect(missing, `classes without CSS rules in ${sheets.join(", ")}`).toEqual([]);
  });
});
