// A code block whose highlighted lines were written at build time (src/plugins/rehypeStaticCode.ts):
// the theme's layout, copy and word-wrap buttons, with the lines handed to React as one HTML string
// instead of an element per token. All its colours follow the colour mode through CSS alone
// (src/css/custom.css, `.static-code-block`): the tokens carry both themes' colours, and the block
// both themes' background and text colour, so it is right from the first paint in dark mode, before
// hydration, and a colour-mode switch re-renders nothing.
import React, { type CSSProperties, type ReactNode } from "react";
import clsx from "clsx";
import { ThemeClassNames, useThemeConfig } from "@docusaurus/theme-common";
import {
  CodeBlockContextProvider,
  createCodeBlockMetadata,
  useCodeWordWrap,
} from "@docusaurus/theme-common/internal";
import Buttons from "@theme/CodeBlock/Buttons";
import CodeBlock from "@theme-original/CodeBlock";
import type { Props } from "@theme/CodeBlock";
// The theme's own CSS modules, so the block is laid out exactly like the theme's blocks.
import containerStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Container/styles.module.css";
import contentStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css";
import layoutStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Layout/styles.module.css";

type StaticProps = Omit<Props, "children"> & { code: string; html: string };

export default function StaticHighlight({ code, html, ...props }: StaticProps): ReactNode {
  const { prism } = useThemeConfig();
  const metadata = createCodeBlockMetadata({
    code,
    className: props.className,
    metastring: props.metastring,
    magicComments: prism.magicComments,
    defaultLanguage: prism.defaultLanguage,
    language: props.language,
    title: props.title,
    showLineNumbers: props.showLineNumbers,
  });
  const wordWrap = useCodeWordWrap();
  // The build decided the block had no title, line numbers or highlighted lines; should the theme
  // see one (a magic comment configured since), the theme's own block draws it.
  const plain =
    !metadata.title &&
    metadata.lineNumbersStart === undefined &&
    Object.keys(metadata.lineClassNames).length === 0 &&
    metadata.code === code.replace(/\r?\n$/, "");
  if (!plain) return <CodeBlock {...props}>{code}</CodeBlock>;
  const dark = prism.darkTheme ?? prism.theme;
  // Both themes' plain colours; custom.css sets the theme's --prism-* variables from them.
  const colours = {
    "--code-bg-light": prism.theme.plain.backgroundColor,
    "--code-fg-light": prism.theme.plain.color,
    "--code-bg-dark": dark.plain.backgroundColor,
    "--code-fg-dark": dark.plain.color,
  } as CSSProperties;
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <div
        className={clsx(
          metadata.className,
          containerStyles.codeBlockContainer,
          ThemeClassNames.common.codeBlock,
          "static-code-block",
        )}
        style={colours}
      >
        <div className={layoutStyles.codeBlockContent}>
          <pre
            ref={wordWrap.codeBlockRef}
            // Scrollable code must be reachable by keyboard (as the theme's blocks are).
            tabIndex={0}
            className={clsx(
              "prism-code",
              `language-${metadata.language}`,
              contentStyles.codeBlock,
              "thin-scrollbar",
            )}
          >
            <code
              className={clsx(contentStyles.codeBlockLines, "static-code")}
              dangerouslySetInnerHTML={{ __html: html }}
            />
          </pre>
          <Buttons />
        </div>
      </div>
    </CodeBlockContextProvider>
  );
}
