// Compiles generated MDX the way Docusaurus does (heading ids escaped first, remark-math and
// GFM on, KaTeX rendering), so tests fail on anything MDX or KaTeX would reject.
import { compile } from "@mdx-js/mdx";
import { escapeMarkdownHeadingIds } from "@docusaurus/utils";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";

export async function compileMdx(mdx: string): Promise<string> {
  const body = mdx.replace(/^---\n[\s\S]*?\n---\n/, "");
  const file = await compile(escapeMarkdownHeadingIds(body), {
    remarkPlugins: [remarkGfm, remarkMath],
    rehypePlugins: [[rehypeKatex, { throwOnError: true, strict: false }]],
  });
  return String(file);
}
