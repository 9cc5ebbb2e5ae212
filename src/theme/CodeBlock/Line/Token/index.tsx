// A code token without a style of its own (identifiers, spaces, and the punctuation whose colour the
// theme leaves plain: prismContrast.ts withoutPlainStyles) is written as bare text instead of a
// <span class="token …"> (over a third of a notebook page's elements); others as before.
import React, { type ReactNode } from "react";
import type { Props } from "@theme/CodeBlock/Line/Token";
import { isBareText } from "./bareText";

export default function CodeBlockLineToken({ line, token, ...props }: Props): ReactNode {
  void line;
  if (isBareText(token, props.style)) return <>{props.children}</>;
  return <span {...props} />;
}
