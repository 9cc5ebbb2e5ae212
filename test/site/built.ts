// Shared by the browser tests of the built site: where the build is (SITE_BUILD_DIR, else build/),
// the pages its sitemaps list, and a wait for every Plotly chart of a page to be drawn.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const BUILD = path.resolve(process.env.SITE_BUILD_DIR ?? path.join(ROOT, "build"));

export const LOCALES = [
  { locale: "en", prefix: "", sitemap: "sitemap.xml" },
  { locale: "zh-Hans", prefix: "/zh-Hans", sitemap: "zh-Hans/sitemap.xml" },
] as const;

/** Throws with the fix when the build lacks a locale's sitemap. */
export function requireBuild(): void {
  for (const { sitemap } of LOCALES) {
    if (!fs.existsSync(path.join(BUILD, sitemap))) {
      throw new Error(`${path.join(BUILD, sitemap)} is missing: run \`npm run build\` first (both locales)`);
    }
  }
}

/** Paths (no origin) of every page listed in a sitemap of the build. */
export function sitemapPaths(file: string): string[] {
  const xml = fs.readFileSync(path.join(BUILD, file), "utf8");
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
}

/**
 * Brings every `[data-plotly-chart]` of the page near the screen in turn (charts are drawn only
 * there: src/components/PlotlyChart/drawQueue.ts) and resolves once each holds its SVG, scrolled
 * back to the top; false when a chart is not drawn within `timeout` ms in all.
 */
export async function chartsDrawn(page: Page, timeout = 30_000): Promise<boolean> {
  const charts = page.locator("[data-plotly-chart]");
  const count = await charts.count();
  const deadline = Date.now() + timeout;
  for (let i = 0; i < count; i++) {
    const chart = charts.nth(i);
    const left = () => Math.max(1, deadline - Date.now());
    const drawn = await chart
      .scrollIntoViewIfNeeded({ timeout: left() })
      .then(() => chart.locator("svg.main-svg").first().waitFor({ state: "attached", timeout: left() }))
      .then(() => true)
      .catch(() => false);
    if (!drawn) return false;
  }
  if (count > 0) await page.evaluate(() => window.scrollTo(0, 0));
  return true;
}

/**
 * Opens a page of the built site; resolves once React has hydrated it (Docusaurus then sets
 * html[data-has-hydrated="true"]) and its charts are drawn. Cheaper than waitUntil "networkidle", which
 * waits for 500 ms without a request after every page (0.7 s a page here): keep networkidle where late
 * requests matter (the error sweep of site.browser.ts, the JS budgets).
 */
export async function openHydrated(
  page: Page,
  url: string,
): Promise<{ status: number | undefined; chartsDrawn: boolean }> {
  const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  await page
    .waitForSelector('html[data-has-hydrated="true"]', { state: "attached", timeout: 60_000 })
    .catch((e: Error) => {
      throw new Error(`${url}: React did not hydrate the page within 60 s (${e.message.split("\n")[0]})`);
    });
  return { status: res?.status(), chartsDrawn: await chartsDrawn(page) };
}
