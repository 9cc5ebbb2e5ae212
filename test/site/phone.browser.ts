// Phone viewport (390 × 844, touch) on every page of both sitemaps of the built site: no page may be
// wider than the screen (document scrollWidth ≤ 390 px once its charts are drawn). A wide table or
// equation must scroll inside its own container instead. On failure each page names the outermost
// elements that stick out, e.g. `table.table_x1 (431 px)`. Run `npm run build` first.
import path from "node:path";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCALES, ROOT, openHydrated, sitemapPaths } from "./built";
import { useBuiltSite } from "./builtSite";

const WIDTH = 390;
const HEIGHT = 844;
const SHOTS = path.join(ROOT, "screenshots/phone");

/** In the page: the outermost visible elements whose right edge passes the viewport, unclipped. */
function overflowingElements(width: number): string[] {
  const clips = (el: Element) => {
    const s = getComputedStyle(el);
    return s.overflowX !== "visible" && el !== document.documentElement && el !== document.body;
  };
  const out: string[] = [];
  const walk = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const shown = s.display !== "none" && s.visibility !== "hidden" && s.position !== "fixed";
    if (shown && r.width > 0 && r.right > width + 0.5) {
      const cls =
        typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/)[0] : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      out.push(`${el.tagName.toLowerCase()}${cls} (right edge ${Math.round(r.right)} px) "${text}"`);
      return; // its children are part of the same problem
    }
    if (shown && clips(el)) return; // what sticks out of a scroll/clip box does not widen the page
    for (const c of Array.from(el.children)) walk(c);
  };
  walk(document.body);
  return out.slice(0, 4);
}

describe(`every page at ${WIDTH} px (phone)`, () => {
  const site = useBuiltSite(() => fs.mkdirSync(SHOTS, { recursive: true }));

  it("no page is wider than the screen, in either locale", async () => {
    const problems: string[] = [];
    let pages = 0;
    for (const { sitemap } of LOCALES) {
      const context = await site.browser.newContext({
        viewport: { width: WIDTH, height: HEIGHT },
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      const paths = sitemapPaths(sitemap);
      expect(paths.length, `${sitemap} lists pages`).toBeGreaterThan(3);
      for (const p of paths) {
        const opened = await openHydrated(page, site.server.origin + p);
        if (!opened.chartsDrawn) problems.push(`${p}: charts were not drawn within 30 s`);
        await page.waitForTimeout(200); // Plotly's resize after the first draw
        const width = await page.evaluate(() =>
          Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        );
        pages += 1;
        if (width > WIDTH) {
          const who = await page.evaluate(overflowingElements, WIDTH);
          problems.push(`${p}: ${width} px wide; sticking out: ${who.join("; ") || "?"}`);
          const name = p.replace(/^\/|\/$/g, "").replace(/[^\w-]+/g, "_") || "home";
          await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
        }
      }
      await context.close();
    }
    expect(pages).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  }, 1_200_000);
});
