// Fewer DOM nodes in code blocks: Prism emits one <span> per token, and the notebook pages' code
// cells were ~60 % of their DOM. Adjacent tokens of the same types are drawn identically, so they
// are joined into one (`)` `;` → `);`); an unstyled plain token becomes bare text (./Token).
import type { Token } from "prism-react-renderer";

const sameTypes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** The line with each run of adjacent same-typed, non-empty tokens joined into one token. */
export function mergeTokens(line: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of line) {
    const last = out[out.length - 1];
    if (last && !last.empty && !token.empty && sameTypes(last.types, token.types)) {
      out[out.length - 1] = { ...last, content: last.content + token.content };
    } else {
      out.push(token);
    }
  }
  return out;
}
