// Image alt text must avoid ' " & < >: Docusaurus 3.10's transformImage (mdx-loader) HTML-escapes the
// alt and React escapes the attribute again, so "encoder's" reached readers (and screen readers) as
// "encoder&#39;s". Use typographic quotes (’ “ ”) and words instead.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const IMAGE = /!\[([^\]]*)\]\(/g;
const UNSAFE = /['"&<>]/;

/** Markdown sources the site is built from: hand-written pages and notebook markdown (en and zh-Hans). */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string, keep: (f: string) => boolean) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel, keep);
      else if (keep(rel)) out.push({ file: rel, text: fs.readFileSync(path.join(root, rel), "utf8") });
    }
  };
  const generated = (f: string) => /(^|\/)notebooks\/[^/]+\.mdx$/.test(f); // site:prepare output
  walk("docs", (f) => /\.mdx?$/.test(f) && !generated(f));
  walk("i18n/zh-Hans", (f) => (/\.mdx?$/.test(f) && !generated(f)) || /notebooks\/[^/]+\.json$/.test(f));
  walk("notebooks", (f) => f.endsWith(".ipynb"));
  return out;
}

function unsafeAlts(text: string): string[] {
  return [...text.matchAll(IMAGE)].map((m) => m[1]!).filter((alt) => UNSAFE.test(alt.replace(/\\"/g, "")));
}

describe("image alt text", () => {
  it("finds an apostrophe (the check can fail)", () => {
    expect(unsafeAlts("![the encoder's output](/img/x.svg) and ![fine](/y.svg)")).toEqual([
      "the encoder's output",
    ]);
  });

  it("has none of ' \" & < > in the site's markdown (Docusaurus would show them as entities)", () => {
    const bad = sources().flatMap(({ file, text }) => unsafeAlts(text).map((alt) => `${file}: ![${alt}]`));
    expect(bad, "use ’ “ ” instead of ' \" in image alt text").toEqual([]);
  });
});
