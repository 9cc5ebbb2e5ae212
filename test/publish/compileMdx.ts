// Compiles generated MDX the way Docusaurus does (heading ids escaped first, GFM on, then the site's
// own plugins: src/plugins/markdownPlugins.ts), so tests fail on anything MDX or KaTeX would reject.
import { compile, type CompileOptions as MdxOptions } from "@mdx-js/mdx";
import { escapeMarkdownHeadingIds } from "@docusaurus/utils";
import type { Root } from "mdast";
import remarkGfm from "remark-gfm";
import { markdownPlugins } from "../../src/plugins/markdownPlugins";

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
  const site = markdownPlugins({
    katex: { throwOnError: (opts.katex ?? "throw") === "throw", strict: false },
    staticMath: !opts.jsxMath,
  });
  const file = await compile(escapeMarkdownHeadingIds(body), {
    remarkPlugins: [remarkGfm, ...site.remarkPlugins, inspect],
    rehypePlugins: site.rehypePlugins as MdxOptions["rehypePlugins"],
    ...(opts.functionBody ? { outputFormat: "function-body" as const } : {}),
  });
  return String(file);
}
