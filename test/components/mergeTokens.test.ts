// Code lines with fewer DOM nodes (src/theme/CodeBlock/Line/mergeTokens.ts): adjacent tokens of the
// same types become one, the text is unchanged, and empty-line tokens and differing types stay apart.
import { describe, expect, it } from "vitest";
import { mergeTokens } from "../../src/theme/CodeBlock/Line/mergeTokens";

const t = (types: string[], content: string, empty?: boolean) => ({
  types,
  content,
  ...(empty ? { empty } : {}),
});

describe("mergeTokens", () => {
  it("joins runs of same-typed tokens and keeps the text", () => {
    const line = [
      t(["plain"], "f"),
      t(["punctuation"], "("),
      t(["punctuation"], ")"),
      t(["punctuation"], ";"),
      t(["plain"], " "),
      t(["plain"], "x"),
      t(["operator"], "="),
    ];
    const merged = mergeTokens(line);
    expect(merged.map((m) => m.content)).toEqual(["f", "();", " x", "="]);
    expect(merged.map((m) => m.content).join("")).toBe(line.map((m) => m.content).join(""));
  });

  it("leaves tokens of different types, or of types in another order, apart", () => {
    const line = [
      t(["string"], "'a'"),
      t(["template-string", "string"], "b"),
      t(["string", "template-string"], "c"),
    ];
    expect(mergeTokens(line)).toHaveLength(3);
  });

  it("never joins an empty-line token", () => {
    const line = [t(["plain"], "\n", true), t(["plain"], "x")];
    expect(mergeTokens(line)).toHaveLength(2);
  });

  it("returns a new array and leaves its input as it was", () => {
    const line = [t(["plain"], "a"), t(["plain"], "b")];
    expect(mergeTokens(line)).toEqual([t(["plain"], "ab")]);
    expect(line.map((m) => m.content)).toEqual(["a", "b"]);
  });
});
