// Fuzz test of the publisher: notebooks whose markdown cells, translations and outputs hold
// hostile or random text. Every case must either be refused with an error naming the cell, or
// give MDX that compiles, whose syntax tree holds no code from the notebook (no ESM, no `{…}`
// expression, only the publisher's components and the cells' formatting tags), and whose rendered
// HTML runs nothing. Each case has a time limit (a NUL once made the publisher loop forever).
import * as runtime from "react/jsx-runtime";
import React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { run } from "@mdx-js/mdx";
import type { Root } from "mdast";
import { describe, expect, it } from "vitest";
import { notebookToMdx } from "../../src/lib/publish/notebook";
import type { AssetSink } from "../../src/lib/publish/outputs";
import type { Notebook, Output } from "../../src/lib/publish/types";
import { mulberry32 } from "../../src/lib/util/random";
import { compileMdx } from "./compileMdx";

/** The payloads of the security review, plus prose that once broke the build. */
export const PAYLOADS: [string, string][] = [
  ["script inside \\( $ $ \\)", "x \\( a $ <script>globalThis.__pwned=1</script> $ b \\)"],
  [
    "$$ line inside \\begin{align}",
    "\\begin{align}\na\n$$\n<script>globalThis.__pwned=1</script>\n$$\n\\end{align}",
  ],
  ["$$ line inside \\[ \\]", "\\[\nx\n$$\n<img src=x onerror=globalThis.__pwned=1>\n$$\n\\]"],
  ["export statement", "export const a = (globalThis.__pwned = 1);"],
  ["import statement", 'import fs from "node:fs"\n\nx'],
  ["MDX expression", "{(globalThis.__pwned = 1, globalThis.process?.getBuiltinModule?.('fs'))}"],
  ["expression in a table", "| a |\n|---|\n| {globalThis.__pwned=1} |"],
  ["JSX with a handler", "<div onClick={() => (globalThis.__pwned = 1)}>x</div>"],
  ["JSX spread", "<b {...{dangerouslySetInnerHTML: {__html: '<img src=x onerror=alert(1)>'}}}>x</b>"],
  ["script tag", "<script>globalThis.__pwned=1</script>"],
  ["img onerror", "<img src=x onerror=globalThis.__pwned=1>"],
  ["javascript: link", "[click](javascript:globalThis.__pwned=1)"],
  ["reference-style javascript: link", "[click][x]\n\n[x]: javascript:globalThis.__pwned=1"],
  ["entity-encoded javascript: link", "[click](&#106;avascript&#x3A;alert(1))"],
  ["javascript: in a raw <a>", '<a href="jav&#x09;ascript:alert(1)">click</a>'],
  ["ordinary prose starting with export", "export the model to static/models when done."],
  ["an attribute with a stray quote", "<span title='\"x'>"],
  ["an unclosed comment", "before\n\n<!-- unclosed\n\nafter the comment"],
  ["NUL", "a\u0000b \\(c\u0000\\) <b\u0000>"],
  ["control characters", "\u0001\u0002\u001b[31mred\u001b[0m\u007f\u2028\u2029\ud800"],
  ["admonition", ":::danger[<script>alert(1)</script>]\nx\n:::"],
  ["heading with {#", "## a {#b} {c} {#d}"],
  ["math closing fences", "$$$$\n$$\n</div><script>alert(1)</script>\n$$$$$$\n$"],
];

const TEXT_PAYLOADS: [string, string][] = [
  ["text/latex with $$", "$$\n</div><script>globalThis.__pwned=1</script>\n$$\n{globalThis.__pwned=1}"],
  ["text/markdown with $$", "$$\n<script>globalThis.__pwned=1</script>\n$$\n\nexport const x = 1"],
];

/** Deeply nested and repetitive inputs. */
const NESTING: [string, string][] = [
  ["nested quotes", ">".repeat(2000) + " x"],
  ["nested lists", Array.from({ length: 300 }, (_, i) => " ".repeat(i * 2) + "- x").join("\n")],
  ["brackets", "[".repeat(4000) + "x" + "](y)".repeat(100)],
  ["emphasis", "*".repeat(4000) + "x"],
  ["open tags", "<b>".repeat(800) + "x" + "</i>".repeat(800)],
  ["braces", "{".repeat(4000)],
  ["math openers", "\\(".repeat(4000)],
  ["dollars", "$".repeat(4000) + "\n" + "$$\n".repeat(1000)],
  ["unclosed comments", "<!--\n\n".repeat(600)],
  ["entities", "&#x6a;".repeat(4000)],
];

const Div = (name: string) => (p: { children?: React.ReactNode }) =>
  React.createElement("div", { "data-c": name }, p.children);
const COMPONENTS = {
  NotebookBadge: Div("badge"),
  NotebookCell: Div("cell"),
  NotebookOutput: Div("out"),
  PlotlyChart: () => React.createElement("div", null, "[chart]"),
  SafeHtml: (p: { html: string }) =>
    React.createElement("div", { dangerouslySetInnerHTML: { __html: p.html } }),
};
const CELL_TAGS = new Set(
  "b i em strong sub sup u s small mark kbd code br span details summary div p hr".split(" "),
);

function sink(): { sink: AssetSink; imports: () => string[] } {
  const imports: string[] = [];
  return {
    sink: {
      writeFile: (name) => `@site/assets/${name}`,
      importJson: (name) => {
        imports.push(`import fig_${imports.length} from "@site/assets/${name}";`);
        return `fig_${imports.length - 1}`;
      },
    },
    imports: () => imports,
  };
}

function notebook(text: string): Notebook {
  const outputs: Output[] = [
    { output_type: "display_data", data: { "text/markdown": text } },
    { output_type: "display_data", data: { "text/latex": text } },
    { output_type: "display_data", data: { "text/html": text } },
    { output_type: "stream", name: "stdout", text },
    { output_type: "error", ename: text.slice(0, 50), evalue: text, traceback: [text] },
  ];
  return {
    cells: [
      { cell_type: "markdown", id: "intro", source: `# ${text.split("\n")[0]}\n\n${text}` },
      {
        cell_type: "code",
        source: text,
        outputs,
        execution_count: 1,
        metadata: { footprint: { method: text } },
      },
      { cell_type: "raw", source: text },
    ],
    metadata: { title: text.slice(0, 80), footprint: { hardware: text, backend: text } },
  };
}

/** Node types and JSX names of an MDX tree that could carry code. */
function codeNodes(tree: Root): string[] {
  const found: string[] = [];
  const stack: {
    type: string;
    name?: string | null;
    value?: string;
    children?: unknown[];
    attributes?: { type: string; name?: string; value?: unknown }[];
  }[] = [tree];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "mdxjsEsm" && !/^(export const fig_\d+ = \{\};\n?)+$/.test(n.value ?? ""))
      found.push(`esm ${n.value}`);
    if (n.type === "mdxFlowExpression" && !(n.value ?? "").startsWith("/* Generated from notebooks/"))
      found.push(`expression {${n.value}}`);
    if (n.type === "mdxTextExpression") found.push(`expression {${n.value}}`);
    if (n.type === "mdxJsxFlowElement" || n.type === "mdxJsxTextElement") {
      const name = n.name ?? "";
      if (!(name in COMPONENTS) && !CELL_TAGS.has(name)) found.push(`jsx <${name}>`);
      for (const a of n.attributes ?? []) {
        if (a.type !== "mdxJsxAttribute") found.push(`spread on <${name}>`);
        else if (CELL_TAGS.has(name) && a.name !== "title") found.push(`attribute ${a.name} on <${name}>`);
        else if (a.value && typeof a.value === "object") {
          const js = String((a.value as { value: string }).value);
          if (!/^(-?\d+(\.\d+)?(e[-+]?\d+)?|fig_\d+)$/i.test(js)) {
            let literal = false;
            try {
              literal = typeof JSON.parse(js) === "string";
            } catch {
              // not a JSON string literal
            }
            if (!literal) found.push(`attribute expression ${a.name}={${js}}`);
          }
        }
      }
    }
    if (n.children) stack.push(...(n.children as typeof stack));
  }
  return found;
}

const ACCEPTED_ERRORS = /^(page \S+: )?cell #\d+ \(id "intro"\)?: |^cell #\d+: /;

type Outcome = { refused: string } | { html: string; mdx: string };

/** Publishes `nb` in one locale, compiles, inspects, runs and renders it. */
async function publish(nb: Notebook, locale: "en" | "zh-Hans", text: string): Promise<Outcome> {
  const { sink: assets, imports } = sink();
  let mdx: string;
  try {
    mdx = notebookToMdx(nb, {
      name: "99-hostile",
      sourceUrl: "@site/notebooks/99-hostile.ipynb",
      assets,
      imports,
      locale,
      translation: {
        title: text.slice(0, 80),
        cells: { "#0": text },
        headings: { x: text.split("\n")[0]! },
        note: text,
      },
      resolveUrl: (url) => {
        throw new Error(`link "${url}" points outside notebooks/ and static/`);
      },
    }).mdx;
  } catch (e) {
    const msg = (e as Error).message;
    expect(msg, "a refusal names the cell").toMatch(ACCEPTED_ERRORS);
    expect(msg).toMatch(
      /over the \d+ kB limit|nested \d+ levels deep|points outside notebooks|contains "\{#" in code or math/,
    );
    return { refused: msg };
  }
  const runnable = mdx
    .replace(/^import (fig_\d+) from .*$/gm, "export const $1 = {};")
    .replace(/^import \w+ from "@site\/src\/components\/\w+";$/gm, "");
  let tree: Root | undefined;
  const code = await compileMdx(runnable, {
    katex: "render",
    inspect: (t) => (tree = t),
    functionBody: true,
  });
  expect(codeNodes(tree!)).toEqual([]);
  const mod = await run(code, { ...runtime, baseUrl: import.meta.url } as Parameters<typeof run>[1]);
  const html = renderToStaticMarkup(React.createElement(mod.default, { components: COMPONENTS }));
  return { html, mdx };
}

/** No script element, no event handler attribute, no script URL in any tag of the rendered page. */
function assertInert(html: string): void {
  expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  // React escapes text (`<` is `&lt;`), so every `<` left starts a real tag.
  for (const tag of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    expect(tag[1]!.toLowerCase()).not.toMatch(/^(script|iframe|object|embed|style|link|meta|base|form)$/);
    for (const a of tag[2]!.matchAll(/([^\s=/]+)(?:\s*=\s*"([^"]*)")?/g)) {
      expect(a[1]!.toLowerCase(), `attribute of <${tag[1]}>`).not.toMatch(/^on|^srcdoc$|^formaction$/);
      if (/^(href|src|action|xlink:href)$/i.test(a[1]!)) {
        const url = (a[2] ?? "")
          .replace(/&#x([\da-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
          .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
          .replace(/&amp;/g, "&")
          .replace(/[\u0000-\u0020]/g, "");
        expect(url, `${a[1]} of <${tag[1]}>`).not.toMatch(
          /^(javascript|vbscript|data:(?!image\/(png|jpeg|gif|webp)))/i,
        );
      }
    }
  }
}

async function check(text: string, limitMs: number): Promise<Outcome[]> {
  const t0 = performance.now();
  const outcomes: Outcome[] = [];
  for (const locale of ["en", "zh-Hans"] as const) {
    const o = await publish(notebook(text), locale, text);
    if ("html" in o) assertInert(o.html);
    outcomes.push(o);
  }
  expect(performance.now() - t0, "time for this case (ms)").toBeLessThan(limitMs);
  return outcomes;
}

describe("publishing hostile notebooks", () => {
  it.each([...PAYLOADS, ...TEXT_PAYLOADS])("%s: refused or published as inert text", async (_, text) => {
    await check(text, 20_000);
  });

  it.each(NESTING)(
    "%s: refused or published within the time limit",
    async (_, text) => {
      await check(text, 90_000);
    },
    180_000,
  );

  it("shows ordinary prose that once broke the build as the text it is", async () => {
    const prose = [
      "export the model to static/models when done.",
      `<span title='"x'>`,
      "<!-- unclosed",
      "after the comment",
    ];
    const [en] = await check(
      "export the model to static/models when done.\n\n<span title='\"x'>\n\n<!-- unclosed\n\nafter the comment",
      20_000,
    );
    const text = (en as { html: string }).html
      .replace(/<[^>]+>/g, "")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
    for (const p of prose) expect(text).toContain(p);
  });

  it("refuses a 5 MB markdown cell quickly, naming the cell and the limit", async () => {
    const big = "Some *prose* with $x$ and {braces} <b>x</b>.\n\n".repeat(110_000);
    expect(big.length).toBeGreaterThan(5_000_000);
    const [en] = await check(big, 20_000);
    expect((en as { refused: string }).refused).toMatch(
      /^cell #0 \(id "intro"\): markdown of \d+ kB is over the 256 kB limit/,
    );
  });

  it("publishes a 5 MB stream output shortened, with a note, within the time limit", async () => {
    const log = Array.from({ length: 200_000 }, (_, i) => `step ${i} {loss} <b> $ 0.${i}`).join("\n");
    expect(log.length).toBeGreaterThan(5_000_000);
    const nb: Notebook = {
      cells: [
        {
          cell_type: "code",
          source: "train()",
          outputs: [{ output_type: "stream", name: "stdout", text: log }],
        },
      ],
    };
    const t0 = performance.now();
    const o = await publish(nb, "en", "");
    expect(performance.now() - t0).toBeLessThan(60_000);
    const html = (o as { html: string }).html;
    expect(html).toContain("step 0 {loss} &lt;b&gt; $ 0.0");
    expect(html).toContain("step 199999 {loss}");
    expect(html).toMatch(/lines \(\d[\d,]* kB\) left out here; the full output is in the .ipynb file/);
  }, 120_000);
});

describe("publishing random notebooks", () => {
  const random = mulberry32(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const ALPHABET = "{}<>$\\`*_[]()!#:&;/\n\n -|~=\"'.+0aAzZ\u0000\u00e9\u4e2d";
  const FRAGMENTS = [
    ...PAYLOADS.map(([, p]) => p),
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "$$",
    "$",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "```",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "# ",
    "[a]",
    "(b)",
    "{",
    "}",
    "<",
    "import ",
    "export ",
    ":::",
    "&#106;",
    "\\begin{align}",
    "\\end{align}",
    "|",
    "---",
  ];
  const SEPARATORS = ["", " ", "\n", "\n\n", "  ", "\n> ", "\n- ", "\n    "];

  const cases: [string, string][] = [];
  for (let i = 0; i < 40; i++) {
    const n = 1 + Math.floor(random() * 400);
    cases.push([`characters #${i}`, Array.from({ length: n }, () => pick([...ALPHABET])).join("")]);
  }
  for (let i = 0; i < 40; i++) {
    const n = 2 + Math.floor(random() * 10);
    cases.push([
      `fragments #${i}`,
      Array.from({ length: n }, () => pick(FRAGMENTS) + pick(SEPARATORS)).join(""),
    ]);
  }
  for (let i = 0; i < 10; i++) {
    const bytes = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 2000) }, () => Math.floor(random() * 256)),
    );
    cases.push([`bytes #${i} as UTF-8`, bytes.toString("utf8")]);
    cases.push([`bytes #${i} as Latin-1`, bytes.toString("latin1")]);
  }

  it.each(cases)("%s: refused or published as inert text", async (_, text) => {
    try {
      await check(text, 20_000);
    } catch (e) {
      console.error(`failing input: ${JSON.stringify(text)}`);
      throw e;
    }
  });
});
