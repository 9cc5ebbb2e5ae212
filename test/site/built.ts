// Shared by the browser tests of the built site: where the build is (SITE_BUILD_DIR, else build/),
// the pages its sitemaps list, and a wait for every Plotly chart of a page to be drawn.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
/** Where the browser tests write their screenshots and figures (not committed). */
export const SHOTS = path.join(ROOT, "screenshots");
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
 * Brings every undrawn `[data-plotly-chart]` of the page near the screen in turn (charts are drawn
 * only once they have been near it: src/components/PlotlyChart/drawQueue.ts) and waits for their
 * SVGs, in rounds: a chart re-queued while off screen (its width changed, the colour mode switched)
 * waits for the next round. A chart counts as drawn once PlotlyChart has marked it drawn in the
 * page's current colour mode (`data-rendered`), so after a switch this waits for the redraw.
 * Resolves true scrolled back to the top, false after `timeout` ms. The charts draw while the page
 * scrolls on: waiting for each in turn made the page sweeps 20 s slower.
 */
export async function chartsDrawn(page: Page, timeout = 30_000): Promise<boolean> {
  const charts = page.locator("[data-plotly-chart]");
  const count = await charts.count();
  if (count === 0) return true;
  const deadline = Date.now() + timeout;
  const undrawn = () =>
    page.evaluate(() => {
      const theme = document.documentElement.dataset.theme ?? "light";
      return Array.from(document.querySelectorAll<HTMLElement>("[data-plotly-chart]")).flatMap((el, i) =>
        el.querySelector("svg.main-svg") && el.dataset.rendered === theme ? [] : [i],
      );
    });
  for (let left = await undrawn(); left.length > 0; left = await undrawn()) {
    if (Date.now() > deadline) return false;
    for (const i of left) {
      await charts
        .nth(i)
        .scrollIntoViewIfNeeded({ timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => undefined);
      // two frames: the IntersectionObserver reports the chart after the frame that shows it
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
    }
    // Up to 5 s for this round's charts to draw (the same test as above, polled).
    for (const roundEnd = Math.min(deadline, Date.now() + 5_000); Date.now() < roundEnd;) {
      if ((await undrawn()).length === 0) break;
      await page.waitForTimeout(100);
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return true;
}

/**
 * Opens a page of the built site; resolves once React has hydrated it (Docusaurus then sets
 * html[data-has-hydrated="true"]) and its charts are drawn. Cheaper than waitUntil "networkidle", which
 * waits for 500 ms without a request after every page (0.7 s a page here): keep networkidle where late
 * requests matter (the JS budgets; site.browser.ts waits for every request a page started instead).
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
