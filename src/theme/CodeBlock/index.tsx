// A code block highlighted at build time (src/plugins/rehypeStaticCode.ts puts its lines, as HTML,
// in `data-highlighted`) is drawn by StaticHighlight; every other block by the theme's CodeBlock.
import React, { type ReactNode } from "react";
import CodeBlock from "@theme-original/CodeBlock";
import type { Props } from "@theme/CodeBlock";
import StaticHighlight from "./StaticHighlight";

export default function CodeBlockWrapper(props: Props & { "data-highlighted"?: string }): ReactNode {
  const { "data-highlighted": html, ...rest } = props;
  if (typeof html === "string" && typeof rest.children === "string")
    return <StaticHighlight {...rest} code={rest.children} html={html} />;
  return <CodeBlock {...rest} />;
}
