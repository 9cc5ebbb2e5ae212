// Old notebook URLs keep working. A notebook's page is /docs/notebooks/<slug> (and /zh-Hans/docs/...), where
// Docusaurus derives the slug from the file name without its number prefix: 04-sentiment.mdx → /sentiment. So
// renumbering the notebooks (03-sentiment → 04-sentiment, 07-transformer-block → 03-transformer-block) kept every
// URL, and no redirect is needed. What would break a URL is a change of the words after the number: this test
// fails then, naming the URL, so a redirect (@docusaurus/plugin-client-redirects) gets added with the rename.
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import {
  DefaultNumberPrefixParser,
  stripNumberPrefix,
} from "@docusaurus/plugin-content-docs/lib/numberPrefix.js";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");

/** Every notebook page the site has published: its file name then → its URL slug (both locales). */
const PUBLISHED: Record<string, string> = {
  "01-deriving-attention": "deriving-attention",
  "02-attention-in-code": "attention-in-code",
  "03-sentiment": "sentiment",
  "04-translation": "translation",
  "05-energy": "energy",
  "06-generation": "generation",
  "07-transformer-block": "transformer-block",
  "08-making-it-fast": "making-it-fast",
};

/** The URL Docusaurus gives the page generated from notebooks/<name>.ipynb (docs/notebooks/<name>.mdx). */
function route(name: string): string {
  return `/docs/notebooks/${stripNumberPrefix(name, DefaultNumberPrefixParser)}`;
}

const currentNotebooks = (): string[] =>
  readdirSync(path.join(ROOT, "notebooks"))
    .filter((f) => f.endsWith(".ipynb"))
    .map((f) => f.replace(/\.ipynb$/, ""))
    .sort();

/** Published URLs that no current notebook serves (each needs a redirect). */
function unservedRoutes(names: readonly string[]): string[] {
  const served = new Set(names.map(route));
  return Object.values(PUBLISHED)
    .map((slug) => `/docs/notebooks/${slug}`)
    .filter((r) => !served.has(r));
}

describe("notebook URLs", () => {
  it("every URL the site has published still opens a notebook page", () => {
    const names = currentNotebooks();
    expect(
      unservedRoutes(names),
      "a notebook's slug changed: add a redirect from the old URL (both locales) or keep the words after the number",
    ).toEqual([]);
  });

  it.each(Object.entries(PUBLISHED))(
    "%s's URL (/%s) is served by one notebook, with its zh-Hans translation",
    (_, slug) => {
      const serving = currentNotebooks().filter((n) => route(n) === `/docs/notebooks/${slug}`);
      expect(serving).toHaveLength(1);
      expect(existsSync(path.join(ROOT, "i18n/zh-Hans/notebooks", `${serving[0]}.json`))).toBe(true);
    },
  );

  it("the renumbering moved files, not URLs", () => {
    const moved = Object.fromEntries(
      Object.keys(PUBLISHED).map((old) => [old, currentNotebooks().find((n) => route(n) === route(old))]),
    );
    expect(moved).toEqual({
      "01-deriving-attention": "01-deriving-attention",
      "02-attention-in-code": "02-attention-in-code",
      "03-sentiment": "04-sentiment",
      "04-translation": "05-translation",
      "05-energy": "06-energy",
      "06-generation": "07-generation",
      "07-transformer-block": "03-transformer-block",
      "08-making-it-fast": "08-making-it-fast",
    });
  });

  it("every current notebook is in the table of published URLs (so a later rename is caught)", () => {
    const known = new Set(Object.values(PUBLISHED).map((slug) => `/docs/notebooks/${slug}`));
    expect(currentNotebooks().filter((n) => !known.has(route(n)))).toEqual([]);
  });

  it("catches a renamed slug: the old URL is reported as unserved", () => {
    const renamed = currentNotebooks().map((n) => (n === "04-sentiment" ? "04-sentiment-analysis" : n));
    expect(unservedRoutes(renamed)).toEqual(["/docs/notebooks/sentiment"]);
  });

  it("uses Docusaurus's own number-prefix rule (renumbering keeps the slug)", () => {
    expect(route("03-sentiment")).toBe(route("04-sentiment"));
    expect(route("07-transformer-block")).toBe("/docs/notebooks/transformer-block");
  });
});
