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
    ["lists", "- one\n- two\n  - nested"],
    ["inline math", "The score $s_{ij} = q_i \\cdot k_j / \\sqrt{d}$ is scaled."],
    ["display math block", "$$\n\\frac{QK^\\top}{\\sqrt{d_k}}\n$$"],
    ["fenced code with braces and tags", "```ts\nconst o = { a: 1 }; // <b>x</b>\n```"],
    ["code span with braces", "Call `f({ x: 1 })` and `a < b`."],
    ["an escaped dollar", "A price of \\$5."],
    ["blockquote", "> quoted text"],
  ];
  it.each(unchanged)("%s", (_, src) => {
    expect(convert(src).mdx).toBe(src);
  });
});

describe("markdownToMdx writes notebook markdown as MDX that shows the same", () => {
  const rewritten: [string, string, string][] = [
    ["a tilde fence becomes a backtick fence", "~~~\n{ <not jsx> }\n~~~", "```\n{ <not jsx> }\n```"],
    [
      "a table is aligned",
      "| T | ms |\n|---|---:|\n| 128 | 42 |",
      "| T   | ms |\n| --- | -: |\n| 128 | 42 |",
    ],
    [
      "braces and a lone < in prose are escaped, never inside math",
      "sets {a, b}, a < b, and $\\{x\\} < y$",
      "sets \\{a, b}, a \\< b, and $\\{x\\} < y$",
    ],
    [
      "\\( \\) becomes inline $ math",
      "weights \\(\\alpha_{ij}\\) sum to one",
      "weights $\\alpha_{ij}$ sum to one",
    ],
    [
      "\\[ \\] becomes a $$ block",
      "before\n\\[\n\\frac{a}{b}\n\\]\nafter",
      "before\n\n$$\n\\frac{a}{b}\n$$\n\nafter",
    ],
    ["$$..$$ inside a paragraph becomes a display block", "so $$x^2$$ holds", "so\n\n$$\nx^2\n$$\n\nholds"],
    [
      "a bare \\begin{align} is wrapped in $$",
      "\\begin{align}\ny &= x \\\\\nz &= y\n\\end{align}",
      "$$\n\\begin{align}\ny &= x \\\\\nz &= y\n\\end{align}\n$$",
    ],
    ["math with $ inside \\( \\) gets a longer fence", "\\(a $ b\\)", "$$a $ b$$"],
    ["HTML comments are dropped", "keep <!-- hidden {x} --> this", "keep  this"],
    [
      "balanced formatting tags are kept, void tags self-closed",
      "a<br>b <sub>i</sub> <b>bold</b>",
      "a<br />b <sub>i</sub> <b>bold</b>",
    ],
    [
      "unbalanced or unknown tags show as text",
      "<b>open only and <script>alert(1)</script>",
      "\\<b>open only and \\<script>alert(1)\\</script>",
    ],
    [
      "<a href> becomes a markdown link",
      'see <a href="https://example.org" onclick="x()">this</a>',
      "see [this](https://example.org)",
    ],
    [
      "autolinks become markdown links",
      "see <https://example.org/a>",
      "see [https://example.org/a](https://example.org/a)",
    ],
    [
      "a paragraph starting with export is prose",
      "export the model to static/models when done.",
      "&#x65;xport the model to static/models when done.",
    ],
    ["a line starting with import is prose", "a\nimport x from 'y'", "a\n&#x69;mport x from 'y'"],
    ["directive colons are escaped", ":::danger\nhi\n:::", "::\\:danger\nhi\n::\\:"],
    ["an attribute with a stray quote shows as text", "<span title='\"x'>", "\\<span title='\"x'>"],
    [
      "an unclosed comment shows as text and the rest stays markdown",
      "<!-- open\n\n## Next *part*",
      "\\<!-- open\n\n## Next *part* {#next-part}",
    ],
  ];
  it.each(rewritten)("%s", (_, src, mdx) => {
    expect(convert(src).mdx).toBe(mdx);
  });

  it("passes local link and image paths through resolveUrl", () => {
    const { mdx } = convert("[next](02-b.ipynb#setup) ![fig](img/a.png)", {
      resolveUrl: (u) => (u.endsWith(".png") ? "@site/notebooks/img/a.png" : u.replace(".ipynb", ".mdx")),
    });
    expect(mdx).toBe("[next](02-b.mdx#setup) ![fig](@site/notebooks/img/a.png)");
  });

  it("refuses a local path when the page has no resolver", () => {
    expect(() => convert("[cfg](../.git/config)")).toThrow(
      /link "\.\.\/\.git\/config" points to a local file/,
    );
  });

  it("reports the resolver's error", () => {
    const resolveUrl = (u: string): string => {
      throw new Error(`link "${u}" points outside notebooks/`);
    };
    expect(() => convert("see [cfg](../.git/config)", { resolveUrl })).toThrow(/outside notebooks/);
  });
});

describe("markdownToMdx removes script URLs however they are written", () => {
  const links: [string, string, string][] = [
    ["inline", "[click](javascript:alert(1))", "click"],
    ["upper case", "[click](JaVaScRiPt:alert(1))", "click"],
    ["reference style", "[click][r]\n\n[r]: javascript:alert(1)", "click"],
    ["entity-encoded", "[click](&#106;avascript&#58;alert(1))", "click"],
    ["entity-encoded with a tab", "[click](java&#9;script:alert(1))", "click"],
    ["vbscript", "[click](vbscript:msgbox)", "click"],
    ["data: HTML", "[click](data:text/html;base64,PHNjcmlwdD4=)", "click"],
    ["protocol-relative", "[click](//evil.example/x)", "click"],
    ["an image keeps its alt text", "![alt text](javascript:alert(1))", "alt text"],
    ["in a raw <a> tag", '<a href="javascript:x()">y</a>', "y"],
    ["in a raw <img> tag", '<img src="javascript:alert(1)" onerror="alert(2)" alt="x">', "x"],
  ];
  it.each(links)("%s", (_, src, mdx) => {
    expect(convert(src).mdx).toBe(mdx);
  });

  it("keeps http(s), mailto, fragment links and data: images", () => {
    const src = "[a](https://a.example) [b](mailto:x@y.z) [c](#part) ![d](data:image/png;base64,AAAA)";
    // `\:` is an escape inside a link destination: the URL stays mailto:x@y.z.
    expect(convert(src).mdx).toBe(src.replace("mailto:", "mailto\\:").replace("data:", "data\\:"));
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
    expect(convert("## Sets {a} {#sets}").mdx).toBe("## Sets \\{a} {#sets}");
  });

  it("keeps a heading's text with `{#` in it as text", async () => {
    const { mdx } = convert("## a {#b} c");
    expect(mdx).toBe("## a &#x7B;#b} c {#a-b-c}");
    await expect(compileMdx(mdx)).resolves.toContain("{#b} c");
  });

  it("reuses given ids in order (translated headings keep English anchors)", () => {
    const { mdx } = convert("# 推导注意力\n\n## 缩放", { headingIds: ["deriving-attention", "scaled"] });
    expect(mdx).toBe("# 推导注意力 {#deriving-attention}\n\n## 缩放 {#scaled}");
  });

  it("does not treat # inside fenced code as a heading", () => {
    const src = "```bash\n# a comment\n```";
    expect(convert(src)).toMatchObject({ mdx: src, headings: [] });
  });

  it("reports the first paragraph as plain text with math as TeX", () => {
    expect(convert("# T\n\n![x](#a)\n\nWeights \\(\\alpha\\) and *more* `code`.").firstParagraph).toBe(
      "Weights \\alpha and more code.",
    );
  });
});

describe("markdownToMdx control characters and limits", () => {
  it("removes NUL and other control characters without hanging", () => {
    const t0 = performance.now();
    expect(convert("a\u0000b\u0007c \\(x\u0000\\)").mdx).toBe("abc $x$");
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("refuses a cell over the size limit, saying the limit", () => {
    expect(() => convert("x".repeat(300 * 1024))).toThrow(/over the 256 kB limit/);
  });

  it("refuses nesting deeper than the limit", () => {
    expect(() => convert(">".repeat(200) + " deep")).toThrow(/nested \d+ levels deep \(limit 48\)/);
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
    const resolveUrl = (u: string) => `@site/static/${u}`;
    await expect(compileMdx(convert(src, { resolveUrl }).mdx)).resolves.toContain("MDXContent");
  });
});
