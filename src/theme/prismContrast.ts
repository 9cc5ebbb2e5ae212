// Code colours that pass WCAG AA: every token colour of a Prism theme is moved towards black (light
// themes) or white (dark themes) until its contrast with the code background reaches `minRatio`, and
// token opacity is dropped. The hues of the theme stay; only the lightness changes. Used by
// docusaurus.config.ts for the light and dark code themes.
import type { PrismTheme } from "prism-react-renderer";

type RGB = [number, number, number];

function parseColor(c: string): RGB | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((x) => x + x).join("") : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as RGB;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : undefined;
}

function luminance([r, g, b]: RGB): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: RGB, b: RGB): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (c: RGB) => "#" + c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

/** `color` mixed towards black or white (whichever contrasts with `bg`) until the ratio is reached. */
export function readableOn(color: string, background: string, minRatio: number): string {
  const fg = parseColor(color);
  const bg = parseColor(background);
  if (!fg || !bg) return color;
  if (contrastRatio(fg, bg) >= minRatio) return color;
  const target: RGB = luminance(bg) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = fg.map((v, i) => v + (target[i]! - v) * t) as RGB;
    if (contrastRatio(mixed, bg) >= minRatio) return toHex(mixed);
  }
  return toHex(target);
}

/** The theme with every token colour readable on its background (opacity removed). */
export function accessiblePrismTheme(theme: PrismTheme, minRatio: number): PrismTheme {
  const bg = theme.plain.backgroundColor ?? "#ffffff";
  return {
    plain: { ...theme.plain, color: readableOn(theme.plain.color ?? "#000000", bg, minRatio) },
    styles: theme.styles.map((s) => {
      const style = { ...s.style };
      delete style.opacity;
      if (style.color) style.color = readableOn(style.color, bg, minRatio);
      return { ...s, style };
    }),
  };
}

/**
 * The theme without the style groups that only repeat the plain text colour (github: punctuation
 * and operators; dracula: punctuation and symbols). Their tokens then carry no style, and the Token
 * component writes them as bare text: 1,500–2,000 fewer elements on a notebook page, drawn the same.
 */
export function withoutPlainStyles(theme: PrismTheme): PrismTheme {
  const plain = parseColor(theme.plain.color ?? "");
  const isPlain = (style: PrismTheme["styles"][number]["style"]) => {
    const keys = Object.keys(style);
    const color = keys.length === 1 && typeof style.color === "string" ? parseColor(style.color) : undefined;
    return plain !== undefined && color !== undefined && color.every((v, i) => v === plain[i]);
  };
  return { ...theme, styles: theme.styles.filter((s) => !isPlain(s.style)) };
}
