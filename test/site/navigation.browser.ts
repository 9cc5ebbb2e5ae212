// Navigation of the built site (run `npm run build` first): the search index holds each formula once
// and no TeX source; the sidebar shows short numbered notebook labels in both locales; the
// calculator names its grid regions and the intensity's source in the reader's language; and a docs
// page does not prefetch the heavy notebook pages linked from its sidebar (they load on hover or
// click).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INTENSITY_SOURCE, INTENSITY_YEAR } from "../../src/lib/energy/carbon";
import { BUILD, LOCALES } from "./built";
import { useBuiltSite } from "./builtSite";

/** Every indexed title/text of both locales' search indexes. */
function indexedTexts(): string[] {
  const files = [BUILD, path.join(BUILD, "zh-Hans")].flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => /^search-index.*\.json$/.test(f))
      .map((f) => path.join(dir, f)),
  );
  expect(files.length, "search-index*.json in the build").toBeGreaterThan(0);
  return files.flatMap((f) =>
    (JSON.parse(fs.readFileSync(f, "utf8")) as { documents: { t?: string }[] }[]).flatMap((part) =>
      part.documents.map((d) => d.t ?? ""),
    ),
  );
}

describe("navigation of the built site", () => {
  const site = useBuiltSite();

  it("indexes each formula once, without its TeX source", () => {
    const texts = indexedTexts();
    const tripled = texts.filter((t) => /(\S{3,})\1\1/.test(t) && /O\(T\)O\(T\)|\(T\)\(T\)/.test(t));
    const tex = texts.filter((t) => /\\(frac|sqrt|mathrm|text|operatorname)\b/.test(t));
    expect(tripled.slice(0, 3)).toEqual([]);
    expect(tex.slice(0, 3)).toEqual([]);
  });

  it.each(LOCALES.map((l) => [l.locale, l.prefix] as const))(
    "the sidebar numbers the notebooks with short labels (%s)",
    async (_, prefix) => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.origin}${prefix}/docs/notebooks/deriving-attention`, {
        waitUntil: "networkidle",
      });
      const labels = await page
        .locator('nav[aria-label] .menu__link:not(.menu__link--sublist)[href*="/docs/notebooks/"]')
        .evaluateAll((els) => els.map((e) => (e.textContent ?? "").trim()));
      await page.close();
      expect(labels.length).toBeGreaterThanOrEqual(5);
      for (const l of labels) {
        expect(l, "numbered: 01 · …").toMatch(/^\d{2} · \S/);
        expect(l.length, `"${l}" fits the sidebar`).toBeLessThanOrEqual(36);
      }
    },
  );

  it("the calculator names grid regions and the intensity's source in the reader's language", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.server.origin}/zh-Hans/docs/energy/calculator`, { waitUntil: "networkidle" });
    // The names come with hydration (Intl.DisplayNames in the browser): on a loaded machine that can end after
    // network idle, so wait for it rather than read the server-rendered list once.
    const optionTexts = () =>
      page.locator("select option").evaluateAll((els) => els.map((e) => (e.textContent ?? "").trim()));
    await expect.poll(optionTexts, { timeout: 30_000 }).toContain("德国 (DEU)");
    const options = await optionTexts();
    expect(options.filter((o) => /^[A-Z]{3}$/.test(o))).toEqual([]);
    // The grid intensity's provenance, from the dataset and from the reader's own value.
    const intensity = page.locator("dt", { hasText: "电网碳强度" }).locator("xpath=following-sibling::dd[1]");
    await expect.poll(() => intensity.textContent()).toContain("最新年份");
    expect(await intensity.textContent()).not.toMatch(/latest year|yearly average/);
    await page.locator('input[type="number"][placeholder="—"]').fill("100");
    await expect.poll(() => intensity.textContent()).toBe("100 gCO₂e/kWh（您输入的值；由您给出）");
    await page.close();
    // The English page shows the library's own words, which the ledger records carry.
    const en = await site.browser.newPage();
    await en.goto(`${site.server.origin}/docs/energy/calculator`, { waitUntil: "networkidle" });
    const enIntensity = en
      .locator("dt", { hasText: "Grid intensity" })
      .locator("xpath=following-sibling::dd[1]");
    await expect.poll(() => enIntensity.textContent()).toContain(`(${INTENSITY_SOURCE}; ${INTENSITY_YEAR})`);
    await en.close();
  });

  it("a docs page does not prefetch the notebook pages its sidebar links to", async () => {
    /** Script paths a page loads, and those it prefetches (<link rel=prefetch>, added by Docusaurus). */
    const visit = async (url: string) => {
      const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const loaded = new Set<string>();
      // Executed scripts only: a <link rel=prefetch> request has resource type "other".
      page.on("request", (r) => {
        if (r.resourceType() === "script") loaded.add(new URL(r.url()).pathname);
      });
      await page.goto(site.server.origin + url, { waitUntil: "networkidle" });
      // Docusaurus prefetches once the links' intersection observers fire (late on a busy machine).
      await page
        .waitForFunction(() => document.querySelectorAll('link[rel="prefetch"]').length > 0, undefined, {
          timeout: 20_000,
        })
        .catch(() => {});
      await page.waitForTimeout(1000);
      const prefetched = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="prefetch"]')).map(
          (l) => new URL(l.href).pathname,
        ),
      );
      await context.close();
      return { loaded, prefetched };
    };
    const intro = await visit("/docs/intro");
    const faq = await visit("/docs/faq");
    const notebook = await visit("/docs/notebooks/deriving-attention");
    // Chunks only the notebook page needs (not the code every docs page shares).
    const notebookOnly = new Set([...notebook.loaded].filter((s) => !faq.loaded.has(s)));
    expect(notebookOnly.size, "the notebook page has chunks of its own").toBeGreaterThan(0);
    expect(intro.prefetched.length, "the intro page prefetches its sidebar's other pages").toBeGreaterThan(0);
    expect(intro.prefetched.filter((s) => notebookOnly.has(s))).toEqual([]);
  }, 120_000);
});
