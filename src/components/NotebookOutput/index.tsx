// One output of a notebook cell: text streams, results, errors (always shown, styled as errors),
// charts, images, sanitized HTML. Long text outputs are collapsed behind a summary line.
import React, { type ReactNode } from "react";
import clsx from "clsx";
import Details from "@theme/Details";
import Translate, { translate } from "@docusaurus/Translate";
import ScrollRegion from "@site/src/components/ScrollRegion";
import styles from "./styles.module.css";

export type Props = {
  /** stdout | stderr | result | display | error | chart | image | html | markdown | math | note */
  kind: string;
  /** Error summary ("TypeError: ...") for kind="error". */
  title?: string;
  /** Set when the text is long: the output is collapsed and this line count is shown. */
  lines?: number;
  children: ReactNode;
};

export default function NotebookOutput({ kind, title, lines, children }: Props): ReactNode {
  const body =
    lines !== undefined ? (
      <Details
        summary={
          <summary>
            <Translate id="notebook.output.long" values={{ lines }}>
              {"Output: {lines} lines (click to expand)"}
            </Translate>
          </summary>
        }
      >
        {children}
      </Details>
    ) : (
      children
    );
  return (
    <div className={clsx(styles.output, styles[kind])} data-output-kind={kind}>
      {kind === "error" ? (
        <div className={styles.errorTitle} role="alert">
          {title ?? <Translate id="notebook.output.error">Error</Translate>}
        </div>
      ) : null}
      {kind === "html" ? (
        // HTML outputs are mostly tables: wide ones scroll in their own keyboard-reachable box.
        <ScrollRegion
          label={translate({ id: "notebook.output.htmlRegion", message: "Cell output, scrolls sideways" })}
        >
          {body}
        </ScrollRegion>
      ) : (
        body
      )}
    </div>
  );
}
