// Code tokens drawn in the plain colour are bare text (src/theme/prismContrast.ts withoutPlainStyles,
// src/theme/CodeBlock/Line/Token): the themes lose exactly the style groups that repeat the plain
// colour, and a token without a style is bare text while a coloured one keeps its span.
import { themes } from "prism-react-renderer";
import { describe, expect, it } from "vitest";
import { accessiblePrismTheme, withoutPlainStyles } from "../../src/theme/prismContrast";
import { isBareText } from "../../src/theme/CodeBlock/Line/Token/bareText";

const groups = (theme: typeof themes.github) => theme.styles.map((s) => s.types.join(","));

describe("plain-coloured code tokens", () => {
  it("drops the style groups that repeat the plain colour, in the site's two themes", () => {
    const light = accessiblePrismTheme(themes.github, 5.5);
    const dark = accessiblePrismTheme(themes.dracula, 4.8);
    const dropped = (t: typeof light) => groups(t).filter((g) => !groups(withoutPlainStyles(t)).includes(g));
    expect(dropped(light)).toEqual(["punctuation,operator"]);
    expect(dropped(dark)).toEqual(["punctuation,symbol"]); // "#F8F8F2" written as rgb(248, 248, 242)
    // a group with more than a colour (italic comments) is kept even in the plain colour
    const italic = {
      plain: { color: "#000000" },
      styles: [{ types: ["comment"], style: { color: "#000", fontStyle: "italic" as const } }],
    };
    expect(withoutPlainStyles(italic).styles).toHaveLength(1);
  });

  it("writes a token without a style as bare text, a coloured or empty-line token as a span", () => {
    expect(isBareText({}, undefined)).toBe(true);
    expect(isBareText({}, {})).toBe(true);
    expect(isBareText({}, { color: "#d73a49" })).toBe(false);
    expect(isBareText({ empty: true }, {})).toBe(false);
  });
});
