// Headings with math give plain-text table-of-contents labels: the TOC value Docusaurus computes
// (its own toHeadingHTMLValue, on the MDX the publisher writes) holds no TeX.
import { createRequire } from "node:module";
import type { Heading, Nodes } from "mdast";
import { toString } from "mdast-util-to-string";
import { describe, expect, it } from "vitest";
import { texToText } from "../../src/lib/publish/headingMath";
import { markdownToMdx } from "../../src/lib/publish/markdown";
import { parseMdx } from "../../src/lib/publish/mdx";
import { Slugger } from "../../src/lib/publish/text";

const require = createRequire(import.meta.url);
const { toHeadingHTMLValue } = require("@docusaurus/mdx-loader/lib/remark/toc/utils.js") as {
  toHeadingHTMLValue: (node: Nodes, toStr: (n: Nodes) => string) => string;
};

/** The TOC labels of a markdown cell as Docusaurus computes them from the published MDX. */
function tocLabels(md: string): string[] {
  const { mdx } = markdownToMdx(md, { slugger: new Slugger() });
  const tree = parseMdx(mdx);
  return tree.children
    .filter((n): n is Heading => n.type === "heading")
    .map((h) => toHeadingHTMLValue(h, toString).replace(/\s*\{#[^}]+\}$/, ""));
}

describe("math in headings", () => {
  it.each([
    ["## 4. Why divide by $\\sqrt{d_k}$", "4. Why divide by √d<sub>k</sub>"],
    [
      "## 6. Chunked attention: the same result in $O(T)$ memory",
      "6. Chunked attention: the same result in O(T) memory",
    ],
    [
      "### Exercise I: the divisor for variance $\\sigma^2$",
      "Exercise I: the divisor for variance σ<sup>2</sup>",
    ],
    ["## 4. 为什么要除以 $\\sqrt{d_k}$", "4. 为什么要除以 √d<sub>k</sub>"],
    [
      "## Cost $O(T^2 \\cdot d)$ and $\\frac{q\\cdot k}{\\sqrt{d_k}}$",
      "Cost O(T<sup>2</sup> · d) and (q · k)/√d<sub>k</sub>",
    ],
  ])("%s has the TOC label %s", (md, label) => {
    expect(tocLabels(md)).toEqual([label]);
  });

  it("keeps the heading ids they had with TeX (translations and links use them)", () => {
    const { mdx } = markdownToMdx("## 4. Why divide by $\\sqrt{d_k}$", { slugger: new Slugger() });
    expect(mdx).toBe("## 4. Why divide by √d<sub>k</sub> {#4-why-divide-by-d_k}");
  });

  it("leaves math it cannot write as text as math (and only that)", () => {
    expect(texToText("\\begin{pmatrix}a\\end{pmatrix}")).toBeUndefined();
    expect(texToText("\\mathbb{R}^{d}")).toBeUndefined();
    const { mdx } = markdownToMdx("## A $\\mathbb{R}^d$ space", { slugger: new Slugger() });
    expect(mdx).toContain("$\\mathbb{R}^d$");
  });

  it("does not touch math outside headings", () => {
    const { mdx } = markdownToMdx("Divide by $\\sqrt{d_k}$.", { slugger: new Slugger() });
    expect(mdx).toBe("Divide by $\\sqrt{d_k}$.");
  });
});
