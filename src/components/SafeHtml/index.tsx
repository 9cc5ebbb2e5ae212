// HTML from a notebook output. The publisher (src/lib/publish/outputs.ts) has already removed
// scripts, event handlers, styles and javascript: URLs with sanitize-html; this only renders it.
import React, { type ReactNode } from "react";
import styles from "./styles.module.css";

export type Props = {
  /** Sanitized HTML. */
  html: string;
};

export default function SafeHtml({ html }: Props): ReactNode {
  return <div className={styles.html} dangerouslySetInnerHTML={{ __html: html }} />;
}
