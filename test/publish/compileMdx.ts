// Compiles generated MDX the way Docusaurus does (heading ids escaped first, remark-math and
// GFM on, KaTeX rendering, each formula handed to React as one element), so tests fail on anything MDX or KaTeX would reject.
import { compile } from "@mdx-js/mdx";
import { escapeMarkdownHeadingIds } from "@docusaurus/utils";
import type { Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import rehypeStaticMath from "../../src/plugins/rehypeStaticMath";
import remarkCjkLineBreaks from "../../src/plugins/remarkCjkLineBreaks";

export type CompileOptions = {
  /** "throw" (default) fails on TeX that KaTeX rejects; "render" shows it in red as the site does. */
  katex?: "throw" | "render";
  /** Called with the MDX syntax tree Docusaurus would build (after remark-gfm and remark-math). */
  inspect?: (tree: Root) => void;
  /** Compile to a function body for @mdx-js/mdx `run` instead of a module. */
  functionBody?: boolean;
  /** Leave out the site's rehypeStaticMath (formulas stay JSX trees), to compare with it. */
  jsxMath?: boolean;
};

export async function compileMdx(mdx: string, opts: CompileOptions = {}): Promise<string> {
  const body = mdx.replace(/^---\n[\s\S]*?\n---\n/, "");
  const inspect = () => (tree: Root) => opts.inspect?.(tree);
  const file = await compile(escapeMarkdownHeadingIds(body), {
    remarkPlugins: [remarkGfm, remarkMath, remarkCjkLineBreaks, inspect],
    rehypePlugins: [
      [rehypeKatex, { throwOnError: (opts.katex ?? "throw") === "throw", strict: false }],
      ...(opts.jsxMath ? [] : [rehypeStaticMath]),
    ],
    ...(opts.functionBody ? { outputFormat: "function-body" as const } : {}),
  });
  return String(file);
}
