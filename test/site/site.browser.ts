// Browser tests of the built site (both locales): run `npm run build` first, then `npm run test:site`.
// One visit per page of both sitemaps, at phone width (390 × 844, touch): it fails on console errors,
// failed requests, raw TeX outside KaTeX, Plotly containers without a chart, zh-Hans pages without
// Chinese, and pages wider than the screen (a wide table or equation must scroll inside its own
// container; the failure names the outermost elements that stick out, e.g. `table.table_x1 (431 px)`,
// and saves a screenshot to screenshots/phone/). Full-page screenshots of four key pages at phone
// width go to screenshots/phone/<locale>-<name>.png. Desktop width is covered by keyPages.browser.ts
// (six key pages) and the other files. Also: search in both languages, and the JavaScript weight of
// a page with and without charts (screenshots/report.json).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { ConsoleMessage, Page, Request, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BUILD, LOCALES, SHOTS, openHydrated, sitemapPaths } from "./built";
import { useBuiltSite } from "./builtSite";

const PHONE = { width: 390, height: 844 };
/** Pages photographed whole at phone width, path → name (as keyPages.browser.ts names them). */
const PHONE_SHOTS: Record<string, string> = {
  "/docs/notebooks/deriving-attention": "notebook-01",
  "/docs/energy/ledger": "energy",
  "/docs/energy/calculator": "calculator",
  "/docs/playground": "playground",
};

/** The JS files of the build that belong to plotly.js or TensorFlow.js (found by content). */
function heavyChunks(): { plotly: Set<string>; tfjs: Set<string> } {
  const dir = path.join(BUILD, "assets/js");
  const plotly = new Set<string>();
  const tfjs = new Set<string>();
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith(".js")) continue;
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    // Runtime markers, not names: a notebook page's chunk may quote "tfjs-core" in its code cells.
    if (/^plotly\./.test(f) || (text.includes("plotly.js") && text.length > 500_000)) plotly.add(f);
    if (text.includes("tfjsflags") && text.length > 100_000) tfjs.add(f);
  }
  return { plotly, tfjs };
}

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

type Visit = { problems: string[]; scripts: { url: string; bytes: number; gzip: number }[]; charts: number };

/**
 * Loads one page, waits until it has hydrated, drawn its charts, had an idle moment (when lazy
 * loads start) and finished every request it started, and checks it. Every problem is returned as
 * one line naming the page. Cheaper than waitUntil "networkidle" (500 ms of silence after each page).
 */
async function visit(page: Page, url: string, locale: string, width?: number): Promise<Visit> {
  const problems: string[] = [];
  const scripts: Visit["scripts"] = [];
  const bodies: Promise<void>[] = [];
  const inFlight = new Set<Request>();
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === "error") problems.push(`console error: ${m.text().slice(0, 300)}`);
  };
  const onPageError = (e: Error) => problems.push(`uncaught: ${e.message.slice(0, 300)}`);
  const onRequest = (r: Request) => void inFlight.add(r);
  const onFinished = (r: Request) => void inFlight.delete(r);
  const onFailed = (r: Request) => {
    inFlight.delete(r);
    const why = r.failure()?.errorText ?? "?";
    // ERR_ABORTED: a prefetch or lazy load cut short by the next navigation, not a failure.
    if (!why.includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()} (${why})`);
  };
  const onResponse = (r: Response) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    if (r.request().resourceType() === "script") {
      bodies.push(
        r
          .body()
          .then((b) => void scripts.push({ url: r.url(), bytes: b.length, gzip: zlib.gzipSync(b).length }))
          .catch(() => {}),
      );
    }
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("request", onRequest);
  page.on("requestfinished", onFinished);
  page.on("requestfailed", onFailed);
  page.on("response", onResponse);
  try {
    const opened = await openHydrated(page, url).catch((e: Error) => {
      problems.push(e.message.split("\n")[0]!);
      return undefined;
    });
    if (!opened) return { problems: problems.map((p) => `${url}: ${p}`), scripts, charts: 0 };
    if (opened.status !== 200) problems.push(`status ${opened.status} for the page itself`);
    const charts = await page.locator("[data-plotly-chart]").count();
    if (!opened.chartsDrawn) problems.push(`a Plotly container has no rendered SVG (${charts} container(s))`);
    await page.evaluate(
      () => new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 2_000 })),
    );
    for (const deadline = Date.now() + 30_000; inFlight.size > 0 && Date.now() < deadline;)
      await page.waitForTimeout(50);
    if (inFlight.size > 0)
      problems.push(`requests still pending after 30 s: ${[...inFlight].map((r) => r.url()).join(", ")}`);
    const text = await page.evaluate(() => {
      const main = document.querySelector("main") ?? document.body;
      const clone = main.cloneNode(true) as HTMLElement;
      clone.querySelectorAll(".katex, pre, code, script, style").forEach((el) => el.remove());
      return clone.textContent ?? "";
    });
    if (text.includes("$$")) problems.push("raw $$ outside KaTeX output");
    if (text.includes("\\frac")) problems.push("raw \\frac outside KaTeX output");
    if (locale === "zh-Hans" && !/[\u4e00-\u9fff]/.test(text))
      problems.push("zh-Hans page without Chinese text");
    if (width !== undefined) {
      if (charts > 0) await page.waitForTimeout(200); // Plotly's resize after the first draw
      const scrollWidth = await page.evaluate(() =>
        Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      );
      if (scrollWidth > width) {
        const who = await page.evaluate(overflowingElements, width);
        problems.push(`${scrollWidth} px wide at ${width} px; sticking out: ${who.join("; ") || "?"}`);
        const name = new URL(url).pathname.replace(/^\/|\/$/g, "").replace(/[^\w-]+/g, "_") || "home";
        await page.screenshot({ path: path.join(SHOTS, "phone", `${name}.png`) });
      }
    }
    await Promise.all(bodies);
    return { problems: problems.map((p) => `${url}: ${p}`), scripts, charts };
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("request", onRequest);
    page.off("requestfinished", onFinished);
    page.off("requestfailed", onFailed);
    page.off("response", onResponse);
  }
}

describe("built site in Chromium", () => {
  const site = useBuiltSite(() => fs.mkdirSync(path.join(SHOTS, "phone"), { recursive: true }));
  const visited = new Map<string, Visit>();

  it(`serves every page of both sitemaps without errors, none wider than a ${PHONE.width} px phone`, async () => {
    const problems: string[] = [];
    let shots = 0;
    for (const { locale, prefix, sitemap } of LOCALES) {
      const context = await site.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const paths = sitemapPaths(sitemap);
      expect(paths.length, `${sitemap} lists pages`).toBeGreaterThan(3);
      for (const p of paths) {
        const v = await visit(page, site.server.origin + p, locale, PHONE.width);
        visited.set(p, v);
        problems.push(...v.problems);
        const name = PHONE_SHOTS[p.slice(prefix.length)];
        if (name) {
          await page.screenshot({ path: path.join(SHOTS, "phone", `${locale}-${name}.png`), fullPage: true });
          shots += 1;
        }
      }
      await context.close();
    }
    expect(visited.size).toBeGreaterThan(10);
    expect(shots, "every page of PHONE_SHOTS is in both sitemaps").toBe(2 * Object.keys(PHONE_SHOTS).length);
    expect(problems).toEqual([]);
  }, 1_200_000);

  it.each([
    ["en", "/search?q=attention"],
    ["zh-Hans", "/zh-Hans/search?q=注意力"],
  ])(
    "search finds results (%s: %s)",
    async (_, p) => {
      const page = await site.browser.newPage();
      await page.goto(site.server.origin + encodeURI(p), { waitUntil: "networkidle" });
      // The search page has no <main>; it lists each hit as an <article> once the index has loaded.
      await page.waitForSelector("article", { timeout: 60_000 });
      expect(await page.locator("article").count()).toBeGreaterThan(0);
      await page.close();
    },
    120_000,
  );

  it("keeps plotly and tfjs off pages without charts, and reports JS weight", async () => {
    expect(visited.size, "the sweep above ran").toBeGreaterThan(10);
    const { plotly, tfjs } = heavyChunks();
    expect(plotly.size, "the build contains a plotly.js chunk").toBeGreaterThan(0);
    const isHeavy = (u: string, set: Set<string>) => set.has(path.basename(new URL(u).pathname));
    const weigh = async (p: string) => {
      const context = await site.browser.newContext(); // cold cache: everything is transferred
      const page = await context.newPage();
      const v = await visit(page, site.server.origin + p, p.startsWith("/zh-Hans") ? "zh-Hans" : "en");
      await context.close();
      expect(v.problems).toEqual([]);
      const sum = (k: "bytes" | "gzip") => v.scripts.reduce((s, x) => s + x[k], 0);
      return {
        path: p,
        charts: v.charts,
        files: v.scripts.length,
        bytes: sum("bytes"),
        gzip: sum("gzip"),
        v,
      };
    };
    const plain = await weigh("/docs/intro");
    expect(plain.charts).toBe(0);
    expect(plain.v.scripts.filter((s) => isHeavy(s.url, plotly) || isHeavy(s.url, tfjs))).toEqual([]);
    expect(plain.v.scripts.filter((s) => /\.wasm$|tfjs|plotly/i.test(s.url))).toEqual([]);
    // Every visited page without charts: no plotly chunk requested.
    const leaks = [...visited].filter(
      ([, v]) => v.charts === 0 && v.scripts.some((s) => isHeavy(s.url, plotly) || isHeavy(s.url, tfjs)),
    );
    expect(leaks.map(([p]) => p)).toEqual([]);

    const chartPage = [...visited].find(([p, v]) => v.charts > 0 && !p.startsWith("/zh-Hans"))?.[0];
    const withCharts = chartPage ? await weigh(chartPage) : undefined;
    if (withCharts) expect(withCharts.v.scripts.some((s) => isHeavy(s.url, plotly))).toBe(true);
    const report = {
      date: new Date().toISOString(),
      note: "JavaScript bytes per page load with a cold cache; bytes = as served (uncompressed), gzip = the same files gzip-compressed",
      withoutCharts: { path: plain.path, files: plain.files, bytes: plain.bytes, gzip: plain.gzip },
      withCharts: withCharts && {
        path: withCharts.path,
        charts: withCharts.charts,
        files: withCharts.files,
        bytes: withCharts.bytes,
        gzip: withCharts.gzip,
      },
      pagesVisited: visited.size,
    };
    fs.writeFileSync(path.join(SHOTS, "report.json"), JSON.stringify(report, null, 2) + "\n");
    console.log(`page weight: ${JSON.stringify(report, null, 2)}`);
  }, 300_000);
});
