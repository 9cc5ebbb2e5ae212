// JavaScript budgets of the built site, as a reader's browser gets it: each page is opened in
// Chromium with a cold cache, nothing is clicked, and once the network is idle (plus a pause for
// late lazy loads) the JavaScript it ran is summed: the <script> tags of its HTML, the chunks
// webpack loaded for the route, and the scripts of any Web Worker the page started. Chunks
// Docusaurus only prefetches (<link rel="prefetch"> for links in view; downloaded, never run) are
// reported in their own column and not counted. Sizes are the bytes served and their gzip
// (level 6, what a static host's compression gives).
//
// The other byte budgets have their own tests: each shipped model's files in
// test/models/shippedBytes.test.ts, each committed notebook's size in test/notebook/budget.test.ts.
//
// Set BUDGETS_RECORD=1 to write the figures to data/bench/budgets.json (with date and commit).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BUILD, ROOT } from "./built";
import { useBuiltSite } from "./builtSite";

/**
 * Gzip bytes of JavaScript a page may run before any interaction. Each is today's figure (the build
 * at the commit recorded in data/bench/budgets.json) plus about 5 %: room for small changes, while
 * a new dependency in a shared bundle or a chart library loaded where none is drawn fails the test.
 * Lower a budget when a page gets lighter; raising one needs a reason in the commit.
 */
export const BUDGETS: readonly {
  name: string;
  path: string;
  gzipBudget: number;
  why: string;
  /** Viewport (default 1280×800). */
  viewport?: { width: number; height: number };
}[] = [
  {
    name: "chart-free page",
    path: "/docs/faq",
    gzipBudget: 206_000,
    why: "the site's shared bundles only: React, Docusaurus, the theme, search, the route's content",
  },
  {
    name: "chart-free page (zh-Hans)",
    path: "/zh-Hans/docs/faq",
    gzipBudget: 215_000,
    why: "the same files as the English page; its main bundle inlines the Chinese strings (+7 kB gzip at the recorded commit)",
  },
  {
    name: "chart page (calculator)",
    path: "/docs/energy/calculator",
    gzipBudget: 743_000,
    why: "the shared bundles plus Plotly's cartesian bundle (~500 kB gzip), loaded once the page is idle",
  },
  {
    name: "notebook page (01, charts)",
    path: "/docs/notebooks/deriving-attention",
    // 704.1 kB in the fresh-clone build of cbee3f2 (Plotly, 468.7 kB, loads once a chart page is idle);
    // the first recording, 235 kB from a helper's build of 5eeda89, had no Plotly in it.
    gzipBudget: 740_000,
    why: "the shared bundles, Plotly and a long MDX route chunk (the notebook's outputs)",
  },
  {
    name: "notebook page (generation, the largest)",
    path: "/docs/notebooks/generation",
    gzipBudget: 742_000, // 706.0 kB in the same build
    why: "as notebook 01, with the longest route chunk",
  },
  {
    name: "playground, no model requested",
    path: "/docs/playground",
    gzipBudget: 703_000,
    why: "the playground components and the explorer's worker, no TensorFlow.js, no model; at 1280×800 the explorer's charts open in view, so Plotly comes too",
  },
  {
    name: "playground on a phone, no model requested",
    path: "/docs/playground",
    viewport: { width: 390, height: 844 },
    gzipBudget: 211_000,
    why: "as above, but the explorer's charts open below the fold: no Plotly until the reader scrolls to them",
  },
];

type Row = {
  name: string;
  path: string;
  /** Elements in the page's DOM once it settled (reported, not budgeted). */
  elements: number;
  /** Model files or .wasm requested (none may be, before an interaction). */
  modelRequests: string[];
  files: number;
  bytes: number;
  gzip: number;
  budget: number;
  prefetchedFiles: number;
  prefetchedGzip: number;
  scripts: { url: string; bytes: number; gzip: number }[];
};

/** A model download: a served model's files, or TensorFlow.js's WebAssembly binary. */
const MODEL_REQUEST = /\/models\/|\.wasm(\?|$)/;

const kB = (n: number) => (n / 1000).toFixed(1);

/** The JS a page runs (and the JS it only prefetches) when opened with a cold cache and left alone. */
async function measure(
  browser: Browser,
  origin: string,
  pagePath: string,
  viewport = { width: 1280, height: 800 },
): Promise<Omit<Row, "name" | "budget">> {
  const context = await browser.newContext({ viewport });
  const bodies = new Map<string, Promise<Buffer | undefined>>();
  const modelRequests: string[] = [];
  context.on("request", (r) => MODEL_REQUEST.test(r.url()) && modelRequests.push(r.url()));
  context.on("response", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) || !/\.m?js(\?|$)/.test(new URL(url).pathname) || bodies.has(url)) return;
    bodies.set(
      url,
      r.body().catch(() => undefined),
    );
  });
  const page = await context.newPage();
  // Keep every resource entry (the default buffer holds 250).
  await page.addInitScript(() => performance.setResourceTimingBufferSize(5000));
  const res = await page.goto(origin + pagePath, { waitUntil: "networkidle", timeout: 120_000 });
  expect(res?.status(), pagePath).toBe(200);
  await page.waitForTimeout(3000); // idle callbacks, intersection observers, workers starting
  await page.waitForLoadState("networkidle");
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => ({ url: e.name, initiator: (e as PerformanceResourceTiming).initiatorType })),
  );
  const elements = await page.evaluate(() => document.getElementsByTagName("*").length);
  await context.close();
  // Run by the page: scripts (<script> tags and webpack's chunk loads). Run by a worker: JS the page
  // itself never requested. Prefetched: requested by a <link> only.
  const ranInPage = new Set(entries.filter((e) => e.initiator === "script").map((e) => e.url));
  const prefetchedOnly = new Set(
    entries.filter((e) => e.initiator === "link" && !ranInPage.has(e.url)).map((e) => e.url),
  );
  const inPage = new Set(entries.map((e) => e.url));
  const scripts: Row["scripts"] = [];
  const prefetched: Row["scripts"] = [];
  for (const [url, body] of bodies) {
    const b = await body;
    if (!b) continue;
    const item = {
      url: url.slice(origin.length),
      bytes: b.length,
      gzip: zlib.gzipSync(b, { level: 6 }).length,
    };
    if (prefetchedOnly.has(url)) prefetched.push(item);
    else if (ranInPage.has(url) || !inPage.has(url)) scripts.push(item);
  }
  const sum = (xs: Row["scripts"], k: "bytes" | "gzip") => xs.reduce((a, x) => a + x[k], 0);
  return {
    path: pagePath,
    elements,
    modelRequests,
    files: scripts.length,
    bytes: sum(scripts, "bytes"),
    gzip: sum(scripts, "gzip"),
    prefetchedFiles: prefetched.length,
    prefetchedGzip: sum(prefetched, "gzip"),
    scripts: scripts.sort((a, b) => b.gzip - a.gzip),
  };
}

function table(rows: Row[]): string {
  const head = [
    "page",
    "path",
    "files",
    "raw kB",
    "gzip kB",
    "budget kB",
    "prefetched (files, gzip kB)",
    "DOM elements",
  ];
  const lines = rows.map((r) => [
    r.name,
    r.path,
    String(r.files),
    kB(r.bytes),
    kB(r.gzip),
    kB(r.budget),
    `${r.prefetchedFiles}, ${kB(r.prefetchedGzip)}`,
    String(r.elements),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join(" | ")).join("\n");
}

/** The commit the build was made from: HEAD of the git tree holding the build folder (-dirty if edited). */
function buildCommit(): string {
  const cwd = path.dirname(BUILD);
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd })
      .toString()
      .trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}

describe("JavaScript budgets of the built site (Chromium, cold cache, no interaction)", () => {
  const site = useBuiltSite();
  const rows: Row[] = [];

  it("each page runs no more gzip bytes of JavaScript than its budget", async () => {
    for (const b of BUDGETS)
      rows.push({
        name: b.name,
        budget: b.gzipBudget,
        ...(await measure(site.browser, site.server.origin, b.path, b.viewport)),
      });
    console.log(`JavaScript per page (gzip level 6), build ${BUILD}:\n${table(rows)}`);
    for (const r of rows)
      console.log(`${r.path}: ${r.scripts.map((s) => `${s.url} ${kB(s.gzip)}`).join(", ")}`);
    if (process.env.BUDGETS_RECORD) {
      const file = path.join(ROOT, "data/bench/budgets.json");
      const record = {
        date: new Date().toISOString(),
        commit: buildCommit(),
        build: path.relative(ROOT, BUILD) || BUILD,
        method:
          "test/site/budgets.browser.ts: Chromium, viewport 1280×800 unless named, cold cache, no interaction, network idle + 3 s; JS run by the page and its workers; gzip level 6",
        pages: rows.map((r) => ({
          name: r.name,
          path: r.path,
          files: r.files,
          bytes: r.bytes,
          gzip: r.gzip,
          budget: r.budget,
          prefetchedFiles: r.prefetchedFiles,
          prefetchedGzip: r.prefetchedGzip,
          domElements: r.elements,
          largest: r.scripts.slice(0, 5),
        })),
      };
      fs.writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
      console.log(`wrote ${file}`);
    }
    // No page fetched a model or TensorFlow.js's WebAssembly before an interaction.
    expect(rows.flatMap((r) => r.modelRequests)).toEqual([]);
    const over = rows.filter((r) => r.gzip > r.budget);
    expect(
      over.map((r) => `${r.name} (${r.path}): ${kB(r.gzip)} kB gzip > budget ${kB(r.budget)} kB`),
    ).toEqual([]);
  }, 600_000);
});
