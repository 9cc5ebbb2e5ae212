// Which code tokens are written as bare text instead of a <span class="token …">.
import type { CSSProperties } from "react";
import type { Token } from "prism-react-renderer";

/** A token with no style of its own: it is drawn in the block's plain colour, so it needs no element. */
export function isBareText(token: Pick<Token, "empty">, style: CSSProperties | undefined): boolean {
  // An empty-line token keeps its span: the span's inline-block box keeps the line's height.
  return !token.empty && (!style || Object.keys(style).length === 0);
}
