// rehypeStaticCode (src/plugins/rehypeStaticCode.ts): tokens and styles as prism-react-renderer's
// Highlight computes them (every code cell of the committed notebooks, in both site themes), markup
// whose text is the code, and which blocks are left to the theme.
import fs from "node:fs";
import path from "node:path";
import React, { type CSSProperties } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Highlight, type PrismTheme } from "prism-react-renderer";
import { describe, expect, it } from "vitest";
import { additionalLanguages, codeThemes } from "../../src/plugins/markdownPlugins";
import rehypeStaticCode, { highlightedHtml, styledLines } from "../../src/plugins/rehypeStaticCode";
import { mergeTokens } from "../../src/theme/CodeBlock/Line/mergeTokens";
import { joinSource, parseNotebook } from "../../src/lib/notebook/format";
import { compileMdx } from "../publish/compileMdx";

const ROOT = path.resolve(__dirname, "../..");

/** Every code cell of the committed notebooks (TypeScript, as the site shows them). */
function notebookCode(): string[] {
  const dir = path.join(ROOT, "notebooks");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .flatMap((f) =>
      parseNotebook(fs.readFileSync(path.join(dir, f), "utf8"), f)
        .cells.filter((c) => c.cell_type === "code")
        .map((c) => joinSource(c.source).replace(/\n+$/, ""))
        .filter((s) => s.trim() !== ""),
    );
}

/** What the theme's CodeBlock draws: Highlight's tokens (joined as the swizzled Line does) and styles. */
function themeLines(code: string, language: string, theme: PrismTheme) {
  let lines: { content: string; style: CSSProperties | undefined }[][] = [];
  renderToStaticMarkup(
    React.createElement(Highlight, {
      code,
      language,
      theme,
      children: ({ tokens, getTokenProps }) => {
        lines = tokens.map((line) =>
          mergeTokens(line).map((token) => ({
            content: token.content,
            style: getTokenProps({ token }).style,
          })),
        );
        return null;
      },
    }),
  );
  return lines;
}

/** Drops undefined entries, which Object.assign and spreads leave behind differently. */
const defined = (style: CSSProperties | undefined) =>
  style && Object.fromEntries(Object.entries(style).filter(([, v]) => v !== undefined));

/** The text a reader sees in highlighted markup, one string per line. */
const lineTexts = (html: string) =>
  [...html.matchAll(/<div class="token-line">(.*?)<br><\/div>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );

const SAMPLES: [string, string][] = [
  ["ts", "const s = `a ${b + 1}`; // comment\n\n/* block */ let re = /x+/g;\nclass A<T> extends B {}"],
  ["json", '{ "a": [1, 2.5e3, null, true], "b": "</script>" }'],
  ["text", "plain <b>text</b> & more\n\n  indented"],
  ["tsx", "const el = <div className={x}>{y}</div>;"],
];

describe("rehypeStaticCode", () => {
  const cells = notebookCode();

  it("tokenises and styles every notebook code cell as the theme's Highlight does, in both themes", () => {
    expect(cells.length).toBeGreaterThan(100);
    const blocks: [string, string][] = [...cells.map((c): [string, string] => ["ts", c]), ...SAMPLES];
    let tokens = 0;
    for (const [language, code] of blocks) {
      for (const theme of [codeThemes.light, codeThemes.dark]) {
        const ours = styledLines(code, language, theme).map((line) =>
          line.map((t) => ({ content: t.empty ? "" : t.content, style: defined(t.style) })),
        );
        const theirs = themeLines(code, language, theme).map((line) =>
          // The theme's Line empties the single "\n" token of a blank line.
          line.map((t) => ({ content: t.content === "\n" ? "" : t.content, style: defined(t.style) })),
        );
        expect(ours.flat().length).toBe(theirs.flat().length);
        expect(ours).toEqual(theirs);
        tokens += ours.flat().length;
      }
    }
    expect(tokens).toBeGreaterThan(10_000);
  });

  it("writes markup whose lines are the code's lines, colours as variables and markup as text", () => {
    for (const [language, code] of [
      ...SAMPLES,
      ...cells.slice(0, 40).map((c): [string, string] => ["ts", c]),
    ]) {
      const html = highlightedHtml(code, language, codeThemes);
      expect(lineTexts(html)).toEqual(code.split("\n"));
      expect(html).not.toMatch(/<(?!\/?(div|span|br)\b)/); // no element but the lines and tokens
    }
    const ts = highlightedHtml("const x = 1;\n\nx;", "ts", codeThemes);
    const style = (theme: PrismTheme) => themeLines("const", "ts", theme)[0]![0]!.style!;
    const [light, dark] = [style(codeThemes.light), style(codeThemes.dark)];
    const italic = dark.fontStyle ? `;--tds:${dark.fontStyle}` : "";
    expect(ts).toContain(`<span style="--tl:${light.color};--td:${dark.color}${italic}">const</span>`);
    expect(ts).toContain('<div class="token-line"><span style="display:inline-block"></span><br></div>');
    // A blank line inside a block comment keeps the comment's colour on its (empty) token.
    const comment = highlightedHtml("/*\n\n*/", "ts", codeThemes);
    expect(comment).toMatch(/<div class="token-line"><span style="--tl:[^"]+"><\/span><br><\/div>/);
    const json = highlightedHtml('{"a": "</script>"}', "json", codeThemes);
    expect(json).toContain("&lt;/script&gt;");
    expect(json).not.toContain("</script>");
  });

  it("pre-highlights ts and text fences and leaves titled, magic-comment, bash and json blocks to the theme", async () => {
    expect(additionalLanguages).toEqual(expect.arrayContaining(["bash", "json"]));
    const page = [
      "```ts\nconst a = 1;\n```",
      "```text\nplain\n```",
      "```\nno language\n```",
      "```json\n{}\n```",
      '```ts title="a.ts"\nconst b = 2;\n```',
      "```ts\n// highlight-next-line\nconst c = 3;\n```",
      "```bash\nnpm test\n```",
    ].join("\n\n");
    const code = await compileMdx(page, { functionBody: true });
    const highlighted = code.match(/"data-highlighted": "/g)?.length ?? 0;
    expect(highlighted).toBe(3);
    expect(code).toMatch(/"data-highlighted": "<div class=\\"token-line\\">no language<br><\/div>"/);
  });

  it("refuses a theme style that the stylesheet cannot carry, naming it", () => {
    const bold: PrismTheme = {
      plain: { color: "#000000", backgroundColor: "#ffffff" },
      styles: [{ types: ["keyword"], style: { fontWeight: "bold" } }],
    };
    expect(() => rehypeStaticCode({ light: bold, dark: codeThemes.dark })).toThrow(
      /light .*keyword.*fontWeight/,
    );
  });
});
