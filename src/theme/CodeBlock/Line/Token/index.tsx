// A code token: plain text without a colour of its own (identifiers, spaces) is written as bare text
// instead of a <span class="token plain"> (a fifth of a notebook page's elements); others as before.
import React, { type ReactNode } from "react";
import type { Props } from "@theme/CodeBlock/Line/Token";

export default function CodeBlockLineToken({ line, token, ...props }: Props): ReactNode {
  void line;
  if (token.types.length === 1 && token.types[0] === "plain" && !token.empty && !props.style)
    return <>{props.children}</>;
  return <span {...props} />;
}
