// A doc description with its TeX written as characters (see index.tsx).
import { texToText } from "../../../lib/publish/headingMath";

/** `text` with TeX commands written as characters; unconvertible commands are dropped. */
export function plainDescription(text: string | undefined): string | undefined {
  if (!text || !text.includes("\\")) return text;
  const pieces = texToText(text);
  const plain = pieces
    ? pieces.map((p) => p.value).join("")
    : text.replace(/\\(left|right|[!,;:])/g, "").replace(/\\([A-Za-z]+)/g, "$1");
  return plain.replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
}
