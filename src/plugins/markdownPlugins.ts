// The remark/rehype plugins of every docs page and page of the site, in one place: used by
// docusaurus.config.ts and by the tests that compile MDX the way the site does
// (test/publish/compileMdx.ts). Also the site's two Prism themes and extra Prism languages, which
// the code plugin needs.
//   remark-math + rehype-katex: $…$ and $$…$$ rendered at build time;
//   remarkCjkLineBreaks: a line wrapped between two Chinese characters shows no space there;
//   rehypeStaticMath: each formula reaches React as one element;
//   rehypeStaticCode: each code block's highlighted lines reach React as one HTML string.
import { themes as prismThemes } from "prism-react-renderer";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import { accessiblePrismTheme, withoutPlainStyles } from "../theme/prismContrast";
import rehypeStaticCode from "./rehypeStaticCode";
import rehypeStaticMath from "./rehypeStaticMath";
import remarkCjkLineBreaks from "./remarkCjkLineBreaks";

/** Prism grammars the browser adds to prism-react-renderer's (themeConfig.prism.additionalLanguages). */
export const additionalLanguages = ["bash", "json"];

/** Token colours darkened/lightened to WCAG AA contrast on the code background (hues kept). */
export const codeThemes = {
  light: withoutPlainStyles(accessiblePrismTheme(prismThemes.github, 5.5)),
  dark: withoutPlainStyles(accessiblePrismTheme(prismThemes.dracula, 4.8)),
};

export interface MarkdownPluginOptions {
  /** rehype-katex options (the site uses KaTeX's defaults). */
  katex?: { throwOnError?: boolean; strict?: boolean };
  /** false leaves out rehypeStaticMath (formulas stay JSX trees), for tests that compare with it. */
  staticMath?: boolean;
}

export function markdownPlugins(options: MarkdownPluginOptions = {}) {
  return {
    remarkPlugins: [remarkMath, remarkCjkLineBreaks],
    rehypePlugins: [
      options.katex ? [rehypeKatex, options.katex] : rehypeKatex,
      ...(options.staticMath === false ? [] : [rehypeStaticMath]),
      [rehypeStaticCode, { ...codeThemes, additionalLanguages }],
    ],
  };
}
