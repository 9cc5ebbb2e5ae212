// Highlights fenced code blocks at build time. Docusaurus's CodeBlock tokenises every block with
// Prism in the reader's browser, builds a React element per token, and then mounts each block a
// second time once the page has hydrated (to apply the dark theme's inline colours): ~0.3 s of
// main-thread work on a notebook page. Here each block whose colours can be decided at build time
// gets its highlighted lines as an HTML string (`data-highlighted` on its <code>), which
// src/theme/CodeBlock hands to React in one piece. Each coloured token carries its colours in both
// colour modes as CSS variables (`--tl`/`--td`, font style `--tls`/`--tds`) and src/css/custom.css
// picks one by `data-theme`: right before hydration in dark mode, and nothing to re-render after a
// switch.
//
// Tokens and styles are computed as prism-react-renderer's Highlight computes them (its Prism, its
// normalizeTokens, its theme dictionary; test/plugins/rehypeStaticCode.test.ts compares the two),
// with the site's two Prism themes; same-typed neighbours are joined and unstyled tokens written as
// bare text, as the swizzled Line/Token components do. (Highlight itself cannot run here: rendering
// React inside the MDX loader fails.)
// Blocks left to the theme: a metastring (title, line numbers, highlighted lines), a magic comment,
// and languages the build's Prism lacks or the browser loads from prismjs (`additionalLanguages`:
// bash, json), whose grammar could differ.
import { normalizeTokens, Prism, type PrismTheme, type Token } from "prism-react-renderer";
import type { CSSProperties } from "react";
import { mergeTokens } from "../theme/CodeBlock/Line/mergeTokens";

export interface StaticCodeOptions {
  /** The site's Prism themes (docusaurus.config.ts themeConfig.prism). */
  light: PrismTheme;
  dark: PrismTheme;
  /**
   * themeConfig.prism.additionalLanguages: the browser loads their grammars from prismjs, which
   * may differ from (or be missing in) the build's Prism, so their blocks stay with the theme.
   */
  additionalLanguages?: readonly string[];
}

type Node = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  data?: { meta?: string | null };
  children?: Node[];
};

/** Token style properties → the CSS variables that carry them (light, dark); custom.css reads them. */
const VARIABLES: Record<string, [string, string]> = {
  color: ["--tl", "--td"],
  fontStyle: ["--tls", "--tds"],
};

const MAGIC_COMMENT = /highlight-(next-line|start|end)/;

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Throws, naming the property, when a theme styles tokens with something custom.css cannot set. */
function checkTheme(theme: PrismTheme, which: string): void {
  for (const group of theme.styles) {
    for (const [key, value] of Object.entries(group.style)) {
      if (typeof value === "string" && /[;"'<>&]/.test(value))
        throw new Error(
          `rehypeStaticCode: the ${which} Prism theme's ${key} "${value}" cannot go into a style attribute`,
        );
      if (!(key in VARIABLES))
        throw new Error(
          `rehypeStaticCode: the ${which} Prism theme styles ${group.types.join(", ")} with "${key}", ` +
            `which pre-highlighted code cannot show: add a CSS variable for it in src/plugins/rehypeStaticCode.ts and src/css/custom.css`,
        );
    }
  }
}

/** The token styles of `theme` for `language`, as prism-react-renderer's themeToDict builds them. */
function themeDictionary(theme: PrismTheme, language: string): Record<string, CSSProperties> {
  const dict: Record<string, CSSProperties> = {};
  for (const group of theme.styles) {
    if (group.languages && !group.languages.includes(language as never)) continue;
    for (const type of group.types) dict[type] = { ...dict[type], ...(group.style as CSSProperties) };
  }
  dict.plain = { ...(theme.plain as CSSProperties), backgroundColor: undefined };
  return dict;
}

/** A token's style, as prism-react-renderer's getTokenProps gives it (branch for branch). */
function styleOf(token: Token, dict: Record<string, CSSProperties>): CSSProperties | undefined {
  const { types, empty } = token;
  if (types.length === 1 && types[0] === "plain")
    return empty != null ? { display: "inline-block" } : undefined;
  if (types.length === 1 && empty != null) return dict[types[0]!];
  return Object.assign(empty != null ? { display: "inline-block" } : {}, ...types.map((type) => dict[type]));
}

/** The lines of tokens of `code`, as prism-react-renderer's Highlight tokenises it. */
function tokenize(code: string, language: string): Token[][] {
  const grammar = Prism.languages[language];
  if (grammar == null) return normalizeTokens([code]);
  const env = { code, grammar, language, tokens: [] as (string | Prism.Token)[] };
  Prism.hooks.run("before-tokenize", env);
  env.tokens = Prism.tokenize(env.code, env.grammar);
  Prism.hooks.run("after-tokenize", env);
  return normalizeTokens(env.tokens);
}

/** The lines of `code` with adjacent same-typed tokens joined, as the swizzled Line draws them. */
function mergedLines(code: string, language: string): Token[][] {
  return tokenize(code, language).map(mergeTokens);
}

/**
 * Each line of `code` as its tokens (adjacent same-typed tokens joined, as the swizzled Line does)
 * with their styles in `theme`. Exported for the test that compares it with Highlight's own.
 */
export function styledLines(
  code: string,
  language: string,
  theme: PrismTheme,
): { content: string; empty: boolean; style: CSSProperties | undefined }[][] {
  const lang = language.toLowerCase();
  const dict = themeDictionary(theme, lang);
  return mergedLines(code, lang).map((line) =>
    line.map((token) => ({
      content: token.content,
      empty: token.empty === true,
      style: styleOf(token, dict),
    })),
  );
}

/** The `style` attribute of a token drawn with `light` and `dark` styles ("" when it needs none). */
function tokenStyle(light: CSSProperties | undefined, dark: CSSProperties | undefined): string {
  const parts: string[] = [];
  for (const [key, [lightVar, darkVar]] of Object.entries(VARIABLES)) {
    const l = (light as Record<string, unknown> | undefined)?.[key];
    const d = (dark as Record<string, unknown> | undefined)?.[key];
    if (typeof l === "string") parts.push(`${lightVar}:${l}`);
    if (typeof d === "string") parts.push(`${darkVar}:${d}`);
  }
  return parts.join(";");
}

/**
 * The highlighted lines of `code` as HTML, in the theme's markup (a `div.token-line` ending in
 * `<br>` per line; a blank line holds one empty token span), colours as CSS variables. The code is
 * tokenised once: tokens come from the language, only their styles from the theme.
 */
export function highlightedHtml(code: string, language: string, options: StaticCodeOptions): string {
  const lang = language.toLowerCase();
  const light = themeDictionary(options.light, lang);
  const dark = themeDictionary(options.dark, lang);
  return mergedLines(code, lang)
    .map((line) => {
      const tokens = line
        .map((token) => {
          const lightStyle = styleOf(token, light);
          const style = tokenStyle(lightStyle, styleOf(token, dark));
          // The theme's Line empties a blank line's "\n" token and keeps its span (with its style).
          if (token.empty) {
            const display = lightStyle?.display ? `display:${lightStyle.display}` : "";
            return `<span style="${[display, style].filter(Boolean).join(";")}"></span>`;
          }
          const text = escapeHtml(token.content);
          return style ? `<span style="${style}">${text}</span>` : text;
        })
        .join("");
      return `<div class="token-line">${tokens}<br></div>`;
    })
    .join("");
}

/** The language of a `code` element (`language-ts` → "ts"), or undefined. */
function languageOf(code: Node): string | undefined {
  const classes = code.properties?.className;
  if (!Array.isArray(classes)) return undefined;
  const cls = classes.map(String).find((c) => c.startsWith("language-"));
  return cls?.slice("language-".length).toLowerCase();
}

/** The block's source as the theme receives it: the text of <code>, its final newline dropped. */
function sourceOf(code: Node): string | undefined {
  const children = code.children ?? [];
  if (!children.every((c) => c.type === "text")) return undefined;
  return children
    .map((c) => c.value ?? "")
    .join("")
    .replace(/\r?\n$/, "");
}

function visit(node: Node, options: StaticCodeOptions): void {
  for (const child of node.children ?? []) {
    if (child.type === "element" && child.tagName === "pre") {
      const code = child.children?.length === 1 ? child.children[0] : undefined;
      if (code?.type === "element" && code.tagName === "code") highlightBlock(code, options);
      continue;
    }
    visit(child, options);
  }
}

function highlightBlock(code: Node, options: StaticCodeOptions): void {
  const language = languageOf(code) ?? "text";
  const source = sourceOf(code);
  const props = code.properties ?? {};
  // The metastring: Docusaurus copies it into `metastring`; mdast-util-to-hast keeps it in data.meta.
  const meta = props.metastring ?? code.data?.meta;
  if (source === undefined || meta || MAGIC_COMMENT.test(source)) return;
  if (Prism.languages[language] === undefined || options.additionalLanguages?.includes(language)) return;
  code.properties = { ...props, dataHighlighted: highlightedHtml(source, language, options) };
}

export default function rehypeStaticCode(options: StaticCodeOptions) {
  checkTheme(options.light, "light");
  checkTheme(options.dark, "dark");
  return (tree: Node): void => visit(tree, options);
}
