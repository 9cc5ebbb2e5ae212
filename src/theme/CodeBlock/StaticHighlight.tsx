// A code block whose highlighted lines were written at build time (src/plugins/rehypeStaticCode.ts):
// the theme's layout, copy and word-wrap buttons, with the lines handed to React as one HTML string
// instead of an element per token. The token colours follow the colour mode through CSS
// (src/css/custom.css, `.static-code`); the block's own background and text colour are the theme's
// CSS variables, set from the light theme until the page has hydrated (as the server wrote them)
// and from the current theme after, so no block needs to be mounted twice.
import React, { type ReactNode } from "react";
import clsx from "clsx";
import useIsBrowser from "@docusaurus/useIsBrowser";
import { ThemeClassNames, usePrismTheme, useThemeConfig } from "@docusaurus/theme-common";
import {
  CodeBlockContextProvider,
  createCodeBlockMetadata,
  getPrismCssVariables,
  useCodeWordWrap,
} from "@docusaurus/theme-common/internal";
import Buttons from "@theme/CodeBlock/Buttons";
import type { Props } from "@theme/CodeBlock";
// The theme's own CSS modules, so the block is laid out exactly like the theme's blocks.
import containerStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Container/styles.module.css";
import contentStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css";
import layoutStyles from "@docusaurus/theme-classic/lib/theme/CodeBlock/Layout/styles.module.css";

type StaticProps = Omit<Props, "children"> & { code: string; html: string };

export default function StaticHighlight({ code, html, ...props }: StaticProps): ReactNode {
  const { prism } = useThemeConfig();
  const current = usePrismTheme();
  const isBrowser = useIsBrowser();
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
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <div
        className={clsx(
          metadata.className,
          containerStyles.codeBlockContainer,
          ThemeClassNames.common.codeBlock,
        )}
        style={getPrismCssVariables(isBrowser ? current : prism.theme)}
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
