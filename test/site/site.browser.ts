// Browser tests of the built site (both locales): run `npm run build` first, then
// `npm run test:site`. Visits every page of both sitemaps in Chromium and fails on console errors,
// failed requests, raw TeX outside KaTeX, Plotly containers without a chart, zh-Hans pages without
// Chinese; checks search in both languages; saves screenshots of key pages to screenshots/ and
// reports the JavaScript weight of a page with and without charts (screenshots/report.json).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Browser, ConsoleMessage, Page, Request, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { chartsDrawn } from "./built";
import type { StaticServer } from "./server";
import { serveStatic } from "./server";

const ROOT = path.resolve(__dirname, "../..");
const BUILD = path.join(ROOT, "build");
const SHOTS = path.join(ROOT, "screenshots");
const LOCALES = [
  { locale: "en", prefix: "", sitemap: "sitemap.xml" },
  { locale: "zh-Hans", prefix: "/zh-Hans", sitemap: "zh-Hans/sitemap.xml" },
] as const;

/** Paths (no origin) of every page listed in a sitemap. */
function sitemapPaths(file: string): string[] {
  const xml = fs.readFileSync(path.join(BUILD, file), "utf8");
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
}

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

type Visit = { problems: string[]; scripts: { url: string; bytes: number; gzip: number }[]; charts: number };

/** Loads one page and checks it; every problem is returned as one line naming the page. */
async function visit(page: Page, url: string, locale: string): Promise<Visit> {
  const problems: string[] = [];
  const scripts: Visit["scripts"] = [];
  const pending: Promise<void>[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === "error") problems.push(`console error: ${m.text().slice(0, 300)}`);
  };
  const onPageError = (e: Error) => problems.push(`uncaught: ${e.message.slice(0, 300)}`);
  const onFailed = (r: Request) => {
    const why = r.failure()?.errorText ?? "?";
    // ERR_ABORTED: a prefetch or lazy load cut short by the next navigation, not a failure.
    if (!why.includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()} (${why})`);
  };
  const onResponse = (r: Response) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    if (r.request().resourceType() === "script") {
      pending.push(
        r
          .body()
          .then((b) => void scripts.push({ url: r.url(), bytes: b.length, gzip: zlib.gzipSync(b).length }))
          .catch(() => {}),
      );
    }
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("requestfailed", onFailed);
  page.on("response", onResponse);
  try {
    const res = await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
    if (!res || res.status() !== 200) problems.push(`status ${res?.status()} for the page itself`);
    const charts = await page.locator("[data-plotly-chart]").count();
    if (charts > 0) {
      if (!(await chartsDrawn(page)))
        problems.push(`a Plotly container has no rendered SVG (${charts} container(s))`);
      await page.waitForLoadState("networkidle");
    }
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
    await Promise.all(pending);
    return { problems: problems.map((p) => `${url}: ${p}`), scripts, charts };
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("requestfailed", onFailed);
    page.off("response", onResponse);
  }
}

describe("built site in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  const visited = new Map<string, Visit>();

  beforeAll(async () => {
    if (
      !fs.existsSync(path.join(BUILD, "sitemap.xml")) ||
      !fs.existsSync(path.join(BUILD, "zh-Hans/sitemap.xml"))
    ) {
      throw new Error("build/ has no sitemaps for both locales: run `npm run build` first");
    }
    server = await serveStatic(BUILD);
    browser = await launchChromium();
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("serves every page of both sitemaps without errors", async () => {
    const problems: string[] = [];
    for (const { locale, sitemap } of LOCALES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const paths = sitemapPaths(sitemap);
      expect(paths.length, `${sitemap} lists pages`).toBeGreaterThan(3);
      for (const p of paths) {
        const v = await visit(page, server.origin + p, locale);
        visited.set(p, v);
        problems.push(...v.problems);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 1_200_000);

  it.each([
    ["en", "/search?q=attention"],
    ["zh-Hans", "/zh-Hans/search?q=注意力"],
  ])(
    "search finds results (%s: %s)",
    async (_, p) => {
      const page = await browser.newPage();
      await page.goto(server.origin + encodeURI(p), { waitUntil: "networkidle" });
      // The search page has no <main>; it lists each hit as an <article> once the index has loaded.
      await page.waitForSelector("article", { timeout: 60_000 });
      expect(await page.locator("article").count()).toBeGreaterThan(0);
      await page.close();
    },
    120_000,
  );

  it("saves full-page screenshots of key pages in both locales", async () => {
    const en = sitemapPaths("sitemap.xml");
    const pick = (re: RegExp) => en.find((p) => re.test(p));
    const key: Record<string, string | undefined> = {
      home: "/",
      "notebook-01": pick(/\/docs\/notebooks\/deriving-attention$/) ?? pick(/\/docs\/notebooks\//),
      energy: pick(/\/docs\/energy\/ledger$/) ?? pick(/\/docs\/energy(\/|$)/),
      faq: pick(/\/docs\/faq$/),
    };
    const saved: string[] = [];
    for (const { locale, prefix } of LOCALES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (const [name, p] of Object.entries(key)) {
        if (!p) continue;
        await page.goto(server.origin + prefix + p, { waitUntil: "networkidle" });
        await chartsDrawn(page);
        const file = path.join(SHOTS, `${locale}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
      }
      await page.close();
    }
    // Dark mode: charts must follow the theme (PlotlyChart re-renders on colour-mode changes).
    const chartPath = key.energy ?? key["notebook-01"];
    if (chartPath) {
      const dark = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
      await dark.goto(server.origin + chartPath, { waitUntil: "networkidle" });
      expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      expect(await chartsDrawn(dark), "every chart drawn in dark mode").toBe(true);
      const file = path.join(SHOTS, "en-charts-dark.png");
      await dark.screenshot({ path: file, fullPage: true });
      saved.push(file);
      await dark.close();
    }
    expect(saved.length).toBeGreaterThanOrEqual(4);
  }, 300_000);

  it("keeps plotly and tfjs off pages without charts, and reports JS weight", async () => {
    const { plotly, tfjs } = heavyChunks();
    expect(plotly.size, "the build contains a plotly.js chunk").toBeGreaterThan(0);
    const isHeavy = (u: string, set: Set<string>) => set.has(path.basename(new URL(u).pathname));
    const weigh = async (p: string) => {
      const context = await browser.newContext(); // cold cache: everything is transferred
      const page = await context.newPage();
      const v = await visit(page, server.origin + p, p.startsWith("/zh-Hans") ? "zh-Hans" : "en");
      await context.close();
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
