import { describe, expect, it } from "vitest";
import { markdownToMdx } from "../../src/lib/publish/markdown";
import { Slugger } from "../../src/lib/publish/text";
import { compileMdx } from "./compileMdx";

const convert = (src: string, extra: Partial<Parameters<typeof markdownToMdx>[1]> = {}) =>
  markdownToMdx(src, { slugger: new Slugger(), ...extra });

describe("markdownToMdx leaves MDX-safe markdown unchanged", () => {
  const unchanged: [string, string][] = [
    ["plain paragraph", "Attention is a weighted average of values."],
    ["emphasis and links", "Read *this* and **that**, then [the paper](https://arxiv.org/abs/1706.03762)."],
    ["lists", "- one\n- two\n  - nested\n1. first"],
    ["GFM table", "| T | ms |\n|---|---:|\n| 128 | 42 |"],
    ["inline math", "The score $s_{ij} = q_i \\cdot k_j / \\sqrt{d}$ is scaled."],
    ["display math block", "$$\n\\frac{QK^\\top}{\\sqrt{d_k}}\n$$"],
    ["fenced code with braces and tags", "```ts\nconst o = { a: 1 }; // <b>x</b>\n```"],
    ["tilde fence", "~~~\n{ <not jsx> }\n~~~"],
    ["code span with braces", "Call `f({ x: 1 })` and `a < b`."],
    ["existing escapes", "A price of \\$5, a literal \\{ brace \\}."],
    ["blockquote", "> quoted text"],
  ];
  it.each(unchanged)("%s", (_, src) => {
    expect(convert(src).mdx).toBe(src);
  });
});

describe("markdownToMdx rewrites what MDX would misread", () => {
  it("turns \\( \\) into inline $ math", () => {
    expect(convert("weights \\(\\alpha_{ij}\\) sum to one").mdx).toBe("weights $\\alpha_{ij}$ sum to one");
  });

  it("turns \\[ \\] into a $$ block on its own lines", () => {
    const { mdx } = convert("before\n\\[\n\\frac{a}{b}\n\\]\nafter");
    expect(mdx).toMatch(/\n\$\$\n\\frac\{a\}\{b\}\n\$\$\n/);
    expect(mdx).not.toContain("\\[");
  });

  it("turns inline $$..$$ into a display block", () => {
    expect(convert("so $$x^2$$ holds").mdx).toMatch(/so \n\n\$\$\nx\^2\n\$\$\n/);
  });

  it("wraps a bare \\begin{align} environment in $$", () => {
    const { mdx } = convert("\\begin{align}\ny &= x \\\\\nz &= y\n\\end{align}");
    expect(mdx).toMatch(/\$\$\n\\begin\{align\}\ny &= x \\\\\nz &= y\n\\end\{align\}\n\$\$/);
  });

  it("escapes braces and a lone < in prose but never inside math", () => {
    expect(convert("sets {a, b}, a < b, and $\\{x\\} < y$").mdx).toBe(
      "sets \\{a, b\\}, a \\< b, and $\\{x\\} < y$",
    );
  });

  it("drops HTML comments", () => {
    expect(convert("keep <!-- hidden {x} --> this").mdx).toBe("keep  this");
  });

  it("self-closes void tags and keeps balanced inline tags", () => {
    expect(convert("a<br>b <sub>i</sub> <b>bold</b>").mdx).toBe("a<br />b <sub>i</sub> <b>bold</b>");
  });

  it("escapes unbalanced or unknown tags instead of emitting broken JSX", () => {
    expect(convert("<b>open only and <script>alert(1)</script>").mdx).toBe(
      "\\<b>open only and \\<script>alert(1)\\</script>",
    );
  });

  it("removes event handlers and javascript: URLs from kept tags", () => {
    const { mdx } = convert(
      '<img src="javascript:alert(1)" onerror="alert(2)" alt="x"> <a href="javascript:x()">y</a>',
    );
    expect(mdx).not.toMatch(/javascript:|onerror/);
    expect(mdx).toContain('<img alt="x" />');
  });

  it("neutralises javascript: markdown links", () => {
    expect(convert("[click](javascript:alert(1))").mdx).toBe("[click](#)");
  });

  it("turns autolinks into markdown links", () => {
    expect(convert("see <https://example.org/a>").mdx).toBe(
      "see [https://example.org/a](https://example.org/a)",
    );
  });

  it("passes link and image URLs through resolveUrl", () => {
    const { mdx } = convert("[next](02-b.ipynb#setup) ![fig](img/a.png)", {
      resolveUrl: (u) => (u.endsWith(".png") ? "@site/notebooks/img/a.png" : u.replace(".ipynb", ".mdx")),
    });
    expect(mdx).toBe("[next](02-b.mdx#setup) ![fig](@site/notebooks/img/a.png)");
  });
});

describe("markdownToMdx headings", () => {
  it("gives headings explicit ids, unique per page", () => {
    const slugger = new Slugger();
    const a = markdownToMdx("# Deriving attention\n\n## Scaled scores", { slugger });
    const b = markdownToMdx("## Scaled scores", { slugger });
    expect(a.mdx).toBe("# Deriving attention {#deriving-attention}\n\n## Scaled scores {#scaled-scores}");
    expect(b.headings).toEqual([{ level: 2, text: "Scaled scores", id: "scaled-scores-1" }]);
  });

  it("keeps an explicit id and escapes braces in the heading text", () => {
    expect(convert("## Sets {a} {#sets}").mdx).toBe("## Sets \\{a\\} {#sets}");
  });

  it("reuses given ids in order (translated headings keep English anchors)", () => {
    const { mdx } = convert("# 推导注意力\n\n## 缩放", { headingIds: ["deriving-attention", "scaled"] });
    expect(mdx).toBe("# 推导注意力 {#deriving-attention}\n\n## 缩放 {#scaled}");
  });

  it("does not treat # inside fenced code as a heading", () => {
    const src = "```bash\n# a comment\n```";
    expect(convert(src)).toEqual({ mdx: src, headings: [] });
  });
});

describe("markdownToMdx output compiles as MDX with KaTeX", () => {
  const cases: [string, string][] = [
    ["mixed math forms", "\\(a\\) and \\[b\\] and $$c$$ and\n\\begin{aligned}x&=1\\end{aligned}"],
    ["math in a list item", "- item with\n  $$\n  x^2\n  $$\n- next \\(y\\)"],
  ];
  it.each(cases)("%s", async (_, src) => {
    await expect(compileMdx(convert(src).mdx)).resolves.toContain("katex");
  });

  const noMath: [string, string][] = [
    ["hostile html", '<img src=x onerror=alert(1)><script>alert(1)</script><div onclick="x">{y}</div>'],
    ["braces, angles, comments", "{a} < b > c <!-- note --> <br> <https://a.b>"],
  ];
  it.each(noMath)("%s", async (_, src) => {
    await expect(compileMdx(convert(src).mdx)).resolves.toContain("MDXContent");
  });
});
