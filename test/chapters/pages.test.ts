/**
 * Static checks of the hand-written pages (not the generated docs/notebooks/): both locales exist,
 * every <Cite id> resolves, every relative link points to an existing page and anchor, and the
 * Chinese pages use the glossary's terms. The site build (onBrokenLinks/onBrokenAnchors: "throw")
 * checks links again, slowly; this test fails fast and names the file and line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { glossary } from "../../src/data/glossary";
import { parseCiteIds, references } from "../../src/data/references";

const root = join(__dirname, "..", "..");
const docsDir = join(root, "docs");
const zhDir = join(root, "i18n", "zh-Hans", "docusaurus-plugin-content-docs", "current");
const GithubSlugger = createRequire(__filename)("github-slugger") as new () => { slug(s: string): string };

/** Generated pages: not hand-written, checked by the site build instead. */
const GENERATED = ["notebooks"];

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const rel = relative(dir, p);
    if (statSync(p).isDirectory()) {
      if (dir === docsDir || dir === zhDir) {
        if (GENERATED.includes(name)) continue;
      }
      out.push(...walk(p).map((q) => join(rel, q)));
    } else if (/\.mdx?$/.test(name)) out.push(rel);
  }
  return out.sort();
}

const enPages = walk(docsDir);
const zhPages = walk(zhDir);
const allFiles = [
  ...enPages.map((p) => ({ locale: "en", rel: p, abs: join(docsDir, p) })),
  ...zhPages.map((p) => ({ locale: "zh-Hans", rel: p, abs: join(zhDir, p) })),
];

/** Front matter fields we need: slug and id. */
function frontMatter(text: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---/.exec(text);
  const out: Record<string, string> = {};
  for (const line of m?.[1]?.split("\n") ?? []) {
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (kv) out[kv[1]!] = kv[2]!.replace(/^["']|["']$/g, "");
  }
  return out;
}

/** Text outside fenced code blocks, with line numbers kept (code lines blanked). */
function prose(text: string): string[] {
  let inFence = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return "";
    }
    return inFence ? "" : line;
  });
}

/** Heading anchors of a page, as Docusaurus generates them, plus component-generated ones. */
function anchorsOf(abs: string): Set<string> {
  const text = readFileSync(abs, "utf8");
  const slugger = new GithubSlugger();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const h = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (!h) continue;
    const explicit = /\\?\{#([\w-]+)\\?\}\s*$/.exec(h[1]!);
    if (explicit) {
      out.add(explicit[1]!);
      continue;
    }
    const plain = h[1]!
      .replace(/`([^`]*)`/g, "$1")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, "$1");
    out.add(slugger.slug(plain));
  }
  if (text.includes("<ReferenceList")) for (const r of references) out.add(r.id);
  if (text.includes("<Glossary")) for (const g of glossary) out.add(g.id);
  return out;
}

/** URL path (without /docs prefix, locale-independent) → file, per locale. */
function routeTable(base: string, pages: string[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const rel of pages) {
    const abs = join(base, rel);
    const fm = frontMatter(readFileSync(abs, "utf8"));
    const noExt = rel
      .replace(/\.mdx?$/, "")
      .split("\\")
      .join("/");
    const dirPart = posix.dirname(noExt);
    let route: string;
    if (fm.slug) route = fm.slug.startsWith("/") ? fm.slug : posix.join(dirPart, fm.slug);
    else if (/(^|\/)index$/.test(noExt)) route = dirPart === "." ? "" : dirPart;
    else route = posix.join(dirPart, fm.id ?? posix.basename(noExt));
    table.set(`/${route.replace(/^\/+/, "")}`.replace(/\/$/, "") || "/", abs);
  }
  return table;
}

const routes = { en: routeTable(docsDir, enPages), "zh-Hans": routeTable(zhDir, zhPages) };

type Link = { file: string; line: number; target: string };

function linksOf(abs: string): Link[] {
  const out: Link[] = [];
  prose(readFileSync(abs, "utf8")).forEach((line, i) => {
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      out.push({ file: abs, line: i + 1, target: m[1]! });
    for (const m of line.matchAll(/\b(?:to|href)="([^"]+)"/g))
      out.push({ file: abs, line: i + 1, target: m[1]! });
  });
  return out.filter((l) => !/^(https?:|mailto:|data:)/.test(l.target));
}

/** The file a link points to, or undefined when it is missing; "generated" for notebook pages. */
function resolveLink(link: Link, locale: "en" | "zh-Hans"): string | undefined {
  const [path, _anchor] = link.target.split("#") as [string, string | undefined];
  if (path === "") return link.file;
  if (path.startsWith("/docs")) {
    const route = path.slice("/docs".length).replace(/\/$/, "") || "/";
    if (GENERATED.some((g) => route === `/${g}` || route.startsWith(`/${g}/`))) return "generated";
    return routes[locale].get(route);
  }
  if (path.startsWith("/")) return "site"; // pages outside the docs (home page, static files): left to the build
  const abs = join(dirname(link.file), path);
  const base = locale === "en" ? docsDir : zhDir;
  if (GENERATED.some((g) => relative(base, abs).split(/[\\/]/)[0] === g)) return "generated";
  if (/\.mdx?$/.test(path)) return existsSync(abs) ? abs : undefined;
  // A URL relative to the page's own route, e.g. "other-page" from /docs/a/b → /docs/a/other-page.
  const own = [...routes[locale]].find(([, file]) => file === link.file)?.[0] ?? "/";
  const route = posix.resolve(posix.dirname(own), path).replace(/\/$/, "") || "/";
  if (GENERATED.some((g) => route === `/${g}` || route.startsWith(`/${g}/`))) return "generated";
  return routes[locale].get(route);
}

describe("hand-written pages", () => {
  it("exist (sanity: the walk finds the chapter pages)", () => {
    expect(enPages).toContain(join("chapters", "background.mdx"));
    expect(enPages).toContain("faq.mdx");
  });

  it.each(enPages)("docs/%s has a zh-Hans translation", (rel) => {
    expect(
      existsSync(join(zhDir, rel)),
      `missing i18n/zh-Hans/docusaurus-plugin-content-docs/current/${rel}`,
    ).toBe(true);
  });

  it.each(zhPages)("zh-Hans page %s has an English original", (rel) => {
    expect(existsSync(join(docsDir, rel)), `zh-Hans page without docs/${rel}`).toBe(true);
  });

  it("cite only ids that exist in src/data/references.ts", () => {
    const known = new Set(references.map((r) => r.id));
    const bad: string[] = [];
    let count = 0;
    for (const f of allFiles) {
      prose(readFileSync(f.abs, "utf8")).forEach((line, i) => {
        for (const m of line.matchAll(/<Cite\s+[^>]*\bid=["']([^"']*)["']/g)) {
          for (const id of parseCiteIds(m[1]!)) {
            count++;
            if (!known.has(id)) bad.push(`${relative(root, f.abs)}:${i + 1}: unknown citation id "${id}"`);
          }
        }
      });
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(50);
  });

  it("link only to pages and anchors that exist", () => {
    const bad: string[] = [];
    let checked = 0;
    for (const f of allFiles) {
      const locale = f.locale as "en" | "zh-Hans";
      for (const link of linksOf(f.abs)) {
        checked++;
        const where = `${relative(root, link.file)}:${link.line}: ${link.target}`;
        const target = resolveLink(link, locale);
        if (target === undefined) {
          bad.push(`${where} (no such page)`);
          continue;
        }
        const anchor = link.target.split("#")[1];
        if (anchor && target !== "generated" && target !== "site" && !anchorsOf(target).has(anchor))
          bad.push(`${where} (no anchor #${anchor} in ${relative(root, target)})`);
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});

describe("facts the source article got wrong", () => {
  const text = (files: typeof allFiles) => files.map((f) => readFileSync(f.abs, "utf8")).join("\n");

  it("GPT-3 is 175 billion (1750亿) parameters; 175亿 appears only next to its correction", () => {
    const zh = text(allFiles.filter((f) => f.locale === "zh-Hans"));
    const wrong = zh.split("\n").filter((l) => /(?<![0-9])175\s*亿/.test(l) && !/1750\s*亿/.test(l));
    expect(wrong).toEqual([]);
    expect(zh).toMatch(/1750\s*亿/);
    expect(text(allFiles.filter((f) => f.locale === "en"))).toMatch(/175 billion/);
  });
});

describe("Chinese terminology follows the glossary", () => {
  const mine = zhPages.filter((p) => /^(chapters[\\/]|faq|glossary|references|credits)/.test(p));

  it("the glossary has unique ids and Chinese terms", () => {
    expect(new Set(glossary.map((g) => g.id)).size).toBe(glossary.length);
    expect(new Set(glossary.map((g) => g.zh)).size).toBe(glossary.length);
  });

  it.each(mine)("%s avoids the glossary's rejected variants", (rel) => {
    const body = prose(readFileSync(join(zhDir, rel), "utf8")).join("\n");
    const found = glossary.flatMap((g) =>
      (g.avoidZh ?? []).filter((v) => body.includes(v)).map((v) => `"${v}" (use "${g.zh}" for ${g.en})`),
    );
    expect(found).toEqual([]);
  });
});
