// rehypeStaticMath (src/plugins/rehypeStaticMath.ts): the page renders to the same HTML as with
// rehype-katex alone, while each formula is one JSX element instead of a tree of them.
import * as runtime from "react/jsx-runtime";
import React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { run } from "@mdx-js/mdx";
import { describe, expect, it } from "vitest";
import { compileMdx } from "../publish/compileMdx";

const PAGE = [
  "# Scaled $QK^\\top$",
  "",
  "Inline $\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}$ and $d_k$, a <b>tag</b> and a `code` span.",
  "",
  "$$",
  "\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V",
  "$$",
  "",
  "| a | $b_1$ |",
  "|---|---|",
  "| 1 | $\\alpha < \\beta$ |",
].join("\n");

async function render(jsxMath: boolean): Promise<{ code: string; html: string }> {
  const code = await compileMdx(PAGE, { functionBody: true, jsxMath });
  const mod = await run(code, { ...runtime, baseUrl: import.meta.url } as Parameters<typeof run>[1]);
  return { code, html: renderToStaticMarkup(React.createElement(mod.default)) };
}

/**
 * The two serialisers differ only in spelling: React writes `style="height:1em"` for a style
 * object and `&lt;`, hast-util-to-html `style="height:1em;"` and `&#x3C;`.
 */
const sameSpelling = (html: string) => html.replace(/;"/g, '"').replace(/&#x3C;/g, "&lt;");

/** JSX calls in compiled MDX (`_jsx(` and `_jsxs(`). */
const jsxCalls = (code: string) => code.match(/\b_jsxs?\(/g)?.length ?? 0;

describe("rehypeStaticMath", () => {
  it("renders the same HTML as rehype-katex alone, with one JSX element per formula", async () => {
    const jsx = await render(true);
    const flat = await render(false);
    expect(flat.html).toContain('class="katex-display"');
    expect(flat.html).toContain("<math");
    expect(sameSpelling(flat.html)).toBe(sameSpelling(jsx.html));
    // 6 formulas: each was dozens of JSX calls, now one (plus the page's own elements).
    expect(flat.code.match(/dangerouslySetInnerHTML/g)).toHaveLength(6);
    expect(jsxCalls(jsx.code)).toBeGreaterThan(150);
    expect(jsxCalls(flat.code)).toBeLessThan(30);
  });

  it("keeps TeX text escaped inside the formula's HTML", async () => {
    const { html } = await render(false);
    expect(html).toContain("\\alpha &#x3C; \\beta"); // the TeX source in the MathML annotation
    expect(html).not.toMatch(/\\alpha < \\beta/);
  });
});
