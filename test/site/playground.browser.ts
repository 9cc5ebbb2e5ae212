// Browser tests of the sentiment and translation playgrounds and the attention explorer on the built
// site (`npm run build`, then `npm run test:site`): nothing is downloaded for a model before the
// reader uses its playground; the trained models from static/models/ then run in a Web Worker in
// Chromium (headless here has no GPU: its WebGL is SwiftShader, a software renderer, so the chooser
// picks wasm; `?backend=wasm` forces it); the numbers equal the Node CLIs', heatmaps are drawn, typed
// markup stays text, long input is truncated with a notice, 100 predictions leak no tensors, a long
// sentence is translated without a main-thread task over 200 ms, the explorer's sliders never block
// the page and its statistics sit next to their labels, and the zh-Hans page works.
// Measured figures (backend, latency, download size, JS weight, long tasks) go to
// screenshots/playground.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { saturationStats } from "../../src/lib/attention/saturation";
import { runSentimentCli } from "../../src/lib/cli/sentiment";
import { main as translateCli } from "../../src/lib/cli/translate";
import { SENTIMENT_SENTENCES } from "../fixtures/sentimentSentences";
import { TRANSLATION_SENTENCES } from "../fixtures/translationSentences";
import { launchChromium } from "./browser";
import { BUILD, SHOTS, chartsDrawn } from "./built";
import type { StaticServer } from "./server";
import { serveStatic } from "./server";

const MODEL = path.join(BUILD, "models/sentiment");
const TRANSLATION_MODEL = path.join(BUILD, "models/translation");
const TOLERANCE = 1e-4;
/** The longest main-thread task allowed while a playground works (the page never freezes). */
const LONG_TASK_MS = 200;
/** Bound for the tasks that draw a long translation's heatmaps (see the test for why not 200). */
const HEATMAP_TASK_MS = 600;
/** What a model download looks like: a file of a served model, or tfjs's WebAssembly binary. */
const MODEL_REQUEST = /\/models\/|\.wasm(\?|$)/;
/** A sentence near the 40 words the translator reads (greedy decoding writes one character per step). */
const LONG_SENTENCE =
  "I think that the old man who lives in the small house near the station will go to the market " +
  "with his young daughter tomorrow morning to buy bread, milk, eggs and some fresh fruit for dinner.";

/** p(positive) per sentence from `npm run sentiment` on the model files the site serves. */
async function cliProbabilities(sentences: readonly string[]): Promise<number[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "playground-")), "in.txt");
  fs.writeFileSync(file, sentences.join("\n") + "\n");
  let out = "";
  let err = "";
  const code = await runSentimentCli(["--file", file, "--model", MODEL], {
    readStdin: async () => "",
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  if (code !== 0) throw new Error(`npm run sentiment failed (${code}): ${err}`);
  return out
    .trimEnd()
    .split("\n")
    .map((l) => Number(l.split("\t")[1]));
}

/** Lines printed by `npm run translate` (greedy) on the model files the site serves. */
async function cliTranslations(sentences: readonly string[]): Promise<string[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "playground-")), "en.txt");
  fs.writeFileSync(file, sentences.join("\n") + "\n");
  let out = "";
  await translateCli(["--file", file, "--model", TRANSLATION_MODEL], {
    readStdin: async () => "",
    stdout: (t) => (out += t),
    stderr: () => {},
  });
  return out.split("\n").slice(0, sentences.length);
}

type Problems = string[];

type Opened = {
  page: Page;
  problems: Problems;
  scripts: { url: string; bytes: number; gzip: number }[];
  /** Model files and .wasm requested so far, by the page or its workers. */
  modelRequests: string[];
};

/**
 * Opens the playground page (nothing loaded yet) and collects console errors, page errors, failed requests.
 * Open each page once, at the viewport it needs: a second `goto` aborts the chunks the first load still fetches
 * (`net::ERR_ABORTED`), which this collector rightly reports.
 */
async function openPage(
  browser: Browser,
  url: string,
  viewport?: { width: number; height: number },
): Promise<Opened> {
  const context = await browser.newContext(viewport ? { viewport } : {}); // cold cache
  const page = await context.newPage();
  const problems: Problems = [];
  const scripts: { url: string; bytes: number; gzip: number }[] = [];
  const modelRequests: string[] = [];
  page.on(
    "console",
    (m) => m.type() === "error" && problems.push(`console error: ${m.text().slice(0, 300)}`),
  );
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message.slice(0, 300)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  // Requests from workers reach the context's listener.
  context.on("request", (r) => MODEL_REQUEST.test(r.url()) && modelRequests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    if (r.request().resourceType() === "script")
      void r
        .body()
        .then((b) => scripts.push({ url: r.url(), bytes: b.length, gzip: zlib.gzipSync(b).length }))
        .catch(() => {});
  });
  const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  expect(res?.status(), url).toBe(200);
  return { page, problems, scripts, modelRequests };
}

/** Interacts with one playground (focus in its text box), which loads its model, and waits for it. */
async function startPlayground(page: Page, testId: string): Promise<void> {
  const playground = page.getByTestId(testId);
  await playground.waitFor({ timeout: 30_000 });
  await playground.locator("textarea").focus();
  await expect
    .poll(() => playground.getAttribute("data-state"), { timeout: 180_000 })
    .toMatch(/^(ready|error)$/);
  if ((await playground.getAttribute("data-state")) !== "ready")
    throw new Error(`${page.url()}: the playground did not load: ${await playground.innerText()}`);
}

/** Opens the page and starts one playground. */
async function openPlayground(
  browser: Browser,
  url: string,
  testId = "sentiment-playground",
): Promise<Opened> {
  const opened = await openPage(browser, url);
  await startPlayground(opened.page, testId);
  return opened;
}

/** Starts recording main-thread long tasks (PerformanceObserver "longtask") in the page. */
async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, ms: Math.round(e.duration) });
    }).observe({ type: "longtask" });
  });
}

/** The long tasks recorded since recordLongTasks (after letting the observer deliver the last ones). */
async function longTasks(page: Page): Promise<number[]> {
  await page.waitForTimeout(300);
  return page.evaluate(() =>
    (window as unknown as { __longTasks: { ms: number }[] }).__longTasks.map((t) => t.ms),
  );
}

/** The renderer of a WebGL context on the page (WEBGL_debug_renderer_info), or null. */
function pageRenderer(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const gl = document.createElement("canvas").getContext("webgl");
    if (!gl) return null;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
}

/** Heatmaps of a playground drawn on their canvas (HeatmapCanvas sets data-drawn after drawing). */
const DRAWN_HEATMAP = 'canvas[data-heatmap][data-drawn="true"]';

/** The number of heatmaps drawn in a playground equals the number of heads it shows. */
async function heatmapsDrawn(page: Page, testId: string): Promise<number> {
  const root = page.getByTestId(testId);
  await expect
    .poll(
      async () => {
        const heads = Number(await root.locator("[data-heads]").getAttribute("data-heads"));
        const drawn = await root.locator(DRAWN_HEATMAP).count();
        return heads > 0 && drawn === heads;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return root.locator(DRAWN_HEATMAP).count();
}

/** Types `text`, presses Predict and waits for the result and the latency measurement. */
async function predictInPage(page: Page, text: string): Promise<{ probability: number; label: string }> {
  const root = page.locator('[data-testid="sentiment-playground"]');
  const before = Number(await root.getAttribute("data-predictions"));
  await root.locator("textarea").fill(text);
  await root.getByTestId("sentiment-predict").click();
  await expect
    .poll(async () => Number(await root.getAttribute("data-predictions")), { timeout: 120_000 })
    .toBeGreaterThan(before);
  const result = root.locator("[data-probability]");
  return {
    probability: Number(await result.getAttribute("data-probability")),
    label: (await result.getAttribute("data-label")) ?? "",
  };
}

describe("sentiment playground in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let cli: number[];
  const report: Record<string, unknown> = { date: new Date().toISOString() };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(BUILD, "docs/playground.html")))
      throw new Error(`${BUILD}/docs/playground.html is missing: run \`npm run build\` first`);
    if (!fs.existsSync(path.join(MODEL, "model.json")))
      throw new Error(
        `${MODEL}/model.json is missing: the site serves no sentiment model. Train one ` +
          "(`npm run sentiment -- --train`) and --promote the run folder " +
          "(or run notebook 03 in full mode), and rebuild",
      );
    await initBackend({ log: false });
    cli = await cliProbabilities(SENTIMENT_SENTENCES);
    server = await serveStatic(BUILD);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (Object.keys(report).length > 1) {
      fs.mkdirSync(SHOTS, { recursive: true });
      fs.writeFileSync(path.join(SHOTS, "playground.json"), JSON.stringify(report, null, 2) + "\n");
      console.log(`playground: ${JSON.stringify(report, null, 2)}`);
    }
  });

  it("downloads no model before the reader uses a playground, then only that playground's, in a worker", async () => {
    const { page, problems, modelRequests } = await openPage(browser, `${server.origin}/docs/playground`);
    for (const id of ["sentiment-playground", "translation-playground"])
      await page.getByTestId(id).waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(3000);
    expect(modelRequests).toEqual([]); // no weights, no vocabulary, no .wasm
    for (const id of ["sentiment-playground", "translation-playground"])
      expect(await page.getByTestId(id).getAttribute("data-state")).toBe("idle");

    await startPlayground(page, "sentiment-playground");
    expect(modelRequests.some((u) => u.endsWith("/models/sentiment/model.json"))).toBe(true);
    expect(modelRequests.some((u) => u.endsWith("/models/sentiment/weights.bin"))).toBe(true);
    expect(modelRequests.filter((u) => /\/models\/(translation|poetry)\//.test(u))).toEqual([]);
    // Fetched by the worker, not by the page.
    expect(
      await page.evaluate(() =>
        performance.getEntriesByType("resource").some((e) => e.name.includes("/models/")),
      ),
    ).toBe(false);
    expect(await page.getByTestId("translation-playground").getAttribute("data-state")).toBe("idle");
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("predicts as the CLI does on the default backend, draws heatmaps, leaks no tensors", async () => {
    const { page, problems, scripts } = await openPlayground(browser, `${server.origin}/docs/playground`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    const backendLine = root.locator('[data-testid="sentiment-backend"]');
    const backend = (await backendLine.innerText()).trim();
    const skipped = (await backendLine.locator("small").getAttribute("title")) ?? "";
    const renderer = await pageRenderer(page);
    console.log(
      `playground backend (webgpu → webgl unless software → wasm → cpu): ${backend}; WebGL renderer: ${renderer}; skipped: ${skipped}`,
    );
    expect(backend).toMatch(/^(webgpu|webgl|wasm|cpu) \(.*in a Web Worker\)$/);
    // A software WebGL renderer (SwiftShader in headless Chromium) is passed over for WebAssembly.
    if (renderer && /swiftshader|llvmpipe/i.test(renderer)) {
      expect(backend).toMatch(/^wasm \(/);
      expect(skipped).toMatch(/webgl: software WebGL renderer/);
    }

    // Empty input disables the button.
    await root.locator("textarea").fill("   ");
    await expect.poll(() => root.getByTestId("sentiment-predict").isDisabled()).toBe(true);

    // Three sentences through the UI.
    for (const i of [0, 1, 5]) {
      const r = await predictInPage(page, SENTIMENT_SENTENCES[i]!);
      expect(Math.abs(r.probability - cli[i]!), SENTIMENT_SENTENCES[i]).toBeLessThanOrEqual(TOLERANCE);
      expect(r.label).toBe(cli[i]! >= 0.5 ? "positive" : "negative");
    }
    // One heatmap per head of the chosen layer, each drawn as SVG with a heatmap layer.
    const heads = await heatmapsDrawn(page, "sentiment-playground");
    expect(heads).toBeGreaterThanOrEqual(1);
    // A second layer's heatmaps when the model has one.
    const layers = await root.locator('input[type="radio"]').count();
    if (layers > 1) {
      await root.locator('input[type="radio"]').nth(1).check();
      expect(await heatmapsDrawn(page, "sentiment-playground")).toBe(heads);
    }
    // Keyboard: a heatmap takes focus, arrows move the marked cell, its value is shown and announced.
    const heatmap = root.locator("canvas[data-heatmap]").first();
    await heatmap.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    const announced = await heatmap.evaluate(
      (el) => document.getElementById(el.getAttribute("aria-describedby")!)?.textContent ?? "",
    );
    expect(announced).toMatch(/→ .+: \d\.\d{3}$/); // "<query> t → <key> u: 0.123"
    expect(await root.locator('[role="tooltip"]').first().innerText()).toBe(announced);
    await page.screenshot({ path: path.join(SHOTS, "en-playground-heatmap-keyboard.png") });
    await page.keyboard.press("Escape");
    expect(await root.locator('[role="tooltip"]').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "en-playground.png"), fullPage: true });

    // All 20 sentences through the page's own code (the test hook calls the component's runtime).
    const probs = await page.evaluate(async (sentences) => {
      const hook = window.__footprintPlayground!;
      const out: number[] = [];
      for (const s of sentences) out.push((await hook.predict(s)).probability);
      return out;
    }, SENTIMENT_SENTENCES as string[]);
    probs.forEach((p, i) =>
      expect(Math.abs(p - cli[i]!), SENTIMENT_SENTENCES[i]).toBeLessThanOrEqual(TOLERANCE),
    );

    // 100 predictions leave tf.memory().numTensors (in the worker) unchanged.
    const memory = await page.evaluate(async (sentences) => {
      const hook = window.__footprintPlayground!;
      await hook.predict("warm up");
      const before = await hook.numTensors();
      for (let i = 0; i < 100; i++) await hook.predict(sentences[i % sentences.length]!);
      return { before, after: await hook.numTensors() };
    }, SENTIMENT_SENTENCES as string[]);
    expect(memory.after).toBe(memory.before);

    const latencyMs = Number(await root.locator("[data-median-ms]").getAttribute("data-median-ms"));
    const modelBytes = Number(await root.locator("[data-bytes]").getAttribute("data-bytes"));
    expect(latencyMs).toBeGreaterThan(0);
    expect(modelBytes).toBe(
      fs.statSync(path.join(MODEL, "model.json")).size + fs.statSync(path.join(MODEL, "weights.bin")).size,
    );
    const js = scripts.reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), {
      bytes: 0,
      gzip: 0,
    });
    report.default = {
      backend,
      webglRenderer: renderer,
      skipped,
      medianLatencyMs: latencyMs,
      runs: 20,
      sentence: SENTIMENT_SENTENCES[5],
      modelBytes,
      tensorsBefore: memory.before,
      tensorsAfter100: memory.after,
      pageJs: { files: scripts.length, ...js },
    };
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);

  it("runs on WebAssembly when forced (?backend=wasm), serving the .wasm files from the site", async () => {
    const { page, problems } = await openPlayground(browser, `${server.origin}/docs/playground?backend=wasm`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    const backend = (await root.locator('[data-testid="sentiment-backend"]').innerText()).trim();
    expect(backend).toMatch(/^wasm \(/);
    const r = await predictInPage(page, SENTIMENT_SENTENCES[3]!);
    expect(Math.abs(r.probability - cli[3]!)).toBeLessThanOrEqual(TOLERANCE);
    report.wasm = {
      backend,
      medianLatencyMs: Number(await root.locator("[data-median-ms]").getAttribute("data-median-ms")),
      runs: 20,
      sentence: SENTIMENT_SENTENCES[3],
    };
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("keeps typed markup as text and truncates long input with a notice", async () => {
    const { page, problems } = await openPlayground(browser, `${server.origin}/docs/playground`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    const attack = `<img src=x onerror="window.__pwned=1"> <b>bold</b> <script>window.__pwned=2</script>`;
    await predictInPage(page, attack);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await root.locator("img, b, script").count()).toBe(0);
    expect(await root.locator("[data-testid=sentiment-result]").innerText()).toContain("<b>bold</b>");
    expect(await root.locator("[data-testid=sentiment-truncated]").count()).toBe(0);

    const long = SENTIMENT_SENTENCES[19]!;
    const r = await predictInPage(page, long);
    expect(Math.abs(r.probability - cli[19]!)).toBeLessThanOrEqual(TOLERANCE);
    await expect
      .poll(() => root.locator("[data-testid=sentiment-truncated]").innerText())
      .toMatch(/\d+ tokens.*64/);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("works on the zh-Hans page, with the playground's own text in Chinese", async () => {
    const { page, problems } = await openPage(browser, `${server.origin}/zh-Hans/docs/playground`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    await root.waitFor({ timeout: 30_000 });
    expect(await page.locator("main").innerText()).toMatch(/情感分类器/);
    expect(await root.innerText()).toMatch(/第一次使用/); // the idle line, before any download
    await startPlayground(page, "sentiment-playground");
    const r = await predictInPage(page, SENTIMENT_SENTENCES[8]!);
    expect(Math.abs(r.probability - cli[8]!)).toBeLessThanOrEqual(TOLERANCE);
    expect(await heatmapsDrawn(page, "sentiment-playground")).toBeGreaterThan(0);
    // The backend line is localised: backend id, then the device in Chinese, no English sentence.
    const backend = await root.getByTestId("sentiment-backend").innerText();
    expect(backend).toMatch(/^(webgpu|webgl|wasm|cpu) /);
    expect(backend).toMatch(/后台线程/);
    expect(backend).not.toMatch(/Web Worker|threads/);
    expect(await root.innerText()).not.toMatch(/p\(positive\)|Web Worker/);
    await page.screenshot({ path: path.join(SHOTS, "zh-Hans-playground.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("translates as `npm run translate` does, a long sentence without a main-thread task over 200 ms, and draws the cross-attention", async () => {
    if (!fs.existsSync(path.join(TRANSLATION_MODEL, "model.json")))
      throw new Error(
        `${TRANSLATION_MODEL}/model.json is missing: the site serves no translation model. Train one ` +
          "(`npm run translate -- --train`), then --evaluate and --promote the run folder, and rebuild",
      );
    const expected = await cliTranslations([...TRANSLATION_SENTENCES, LONG_SENTENCE]);
    const expectedLong = expected[TRANSLATION_SENTENCES.length]!;
    const { page, problems } = await openPlayground(
      browser,
      `${server.origin}/docs/playground`,
      "translation-playground",
    );
    const root = page.getByTestId("translation-playground");
    const translateInPage = async (text: string) => {
      const before = Number(await root.getAttribute("data-predictions"));
      await root.locator("textarea").fill(text);
      await root.getByTestId("translation-run").click();
      await expect
        .poll(async () => Number(await root.getAttribute("data-predictions")), { timeout: 300_000 })
        .toBeGreaterThan(before);
      return root.locator("[data-translation]").getAttribute("data-translation");
    };
    // plotly.js loads when the page is first idle (for the explorer's charts), in one long task of
    // its own that the main thread's idleness during a translation would otherwise invite in (a
    // 291 ms task in one run): done first.
    expect(await chartsDrawn(page), "the page's charts are drawn").toBe(true);
    // The long sentence, translated in the worker: long tasks from the click until the translation is
    // on the page (data-translation), then those of drawing its heatmaps (one per task) while the
    // worker times 5 more translations.
    await recordLongTasks(page);
    await page.evaluate(() => {
      const w = window as unknown as { __shownAt?: number };
      const root = document.querySelector('[data-testid="translation-playground"]')!;
      const observer = new MutationObserver(() => {
        if (!root.querySelector("[data-translation]")) return;
        observer.disconnect();
        w.__shownAt = performance.now();
      });
      observer.observe(root, { subtree: true, childList: true });
    });
    const t0 = Date.now();
    expect(await translateInPage(LONG_SENTENCE)).toBe(expectedLong);
    const heads = await heatmapsDrawn(page, "translation-playground");
    const wallMs = Date.now() - t0;
    await page.waitForTimeout(300); // let the observer deliver the last entries
    const { during, after } = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: { start: number; ms: number }[]; __shownAt: number };
      return {
        during: w.__longTasks.filter((t) => t.start < w.__shownAt).map((t) => t.ms),
        after: w.__longTasks.filter((t) => t.start >= w.__shownAt).map((t) => t.ms),
      };
    });
    console.log(
      `translation of ${LONG_SENTENCE.split(" ").length} words → ${expectedLong}: ${wallMs} ms from click to the last heatmap ` +
        `(including 1 + 5 timed translations); main-thread long tasks until the translation showed: ` +
        `${JSON.stringify(during)} ms, drawing its ${heads} heatmaps: ${JSON.stringify(after)} ms`,
    );
    await root.locator("[data-heads]").screenshot({ path: path.join(SHOTS, "en-translation-heatmaps.png") });
    expect(heads).toBeGreaterThan(0);
    expect(Math.max(0, ...during)).toBeLessThanOrEqual(LONG_TASK_MS);
    // The tasks after it (drawing the heatmaps, one canvas per task, while the worker's five timed
    // translations post their results): on this 2-core machine the first is 110-340 ms from run to
    // run, so 200 ms would fail by chance; 600 ms still catches a return of the ~1,200 ms task of
    // the Plotly SVG heatmaps. The figures go to screenshots/playground.json.
    expect(Math.max(0, ...after)).toBeLessThanOrEqual(HEATMAP_TASK_MS);
    // Each cell of every head is drawn: rows × columns of the canvas = characters × words read.
    const shape = await root.locator("canvas[data-heatmap]").first().getAttribute("aria-label");
    const words = (await root.locator("[data-testid=translation-result] code").count()) || 0;
    expect(shape).toMatch(new RegExp(`\\(\\d+ × ${words}\\)$`));

    expect(await translateInPage(TRANSLATION_SENTENCES[1]!)).toBe(expected[1]);
    const got = await page.evaluate(async (sentences) => {
      const out: string[] = [];
      for (const s of sentences) out.push(await window.__footprintTranslation!.translate(s));
      return out;
    }, TRANSLATION_SENTENCES as string[]);
    expect(got).toEqual(expected.slice(0, TRANSLATION_SENTENCES.length));
    report.translation = {
      backend: (await root.getByTestId("translation-backend").innerText()).trim(),
      medianLatencyMs: Number(await root.locator("[data-median-ms]").getAttribute("data-median-ms")),
      runs: 5,
      sentence: TRANSLATION_SENTENCES[1],
      modelBytes: Number(await root.locator("[data-bytes]").getAttribute("data-bytes")),
      longSentence: {
        words: LONG_SENTENCE.split(" ").length,
        clickToLastHeatmapMs: wallMs,
        longTasksMs: { untilShown: during, heatmaps: after },
      },
    };
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);

  it("attention explorer: one-line slider captions, each number under its label, 50 slider steps without blocking the page", async () => {
    // Plotly loads once the charts come near the viewport (or a control is used), not with the page:
    // on a phone-sized viewport they open below the fold, with placeholders as tall as the charts.
    const { page, problems } = await openPage(browser, `${server.origin}/docs/playground`, {
      width: 390,
      height: 600,
    });
    const explorer = page.getByTestId("attention-explorer");
    await explorer.waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(2000);
    const chartsTop = await explorer
      .locator("[data-explorer-charts]")
      .evaluate((el) => el.getBoundingClientRect().top - innerHeight);
    expect(chartsTop, "the explorer's charts should open below the fold at 390×600").toBeGreaterThan(200);
    expect(await explorer.getAttribute("data-charts")).toBe("waiting");
    const plotlyFetched = () =>
      page.evaluate(() => performance.getEntriesByType("resource").some((e) => /plotly/.test(e.name)));
    expect(await plotlyFetched()).toBe(false);
    const chartsBox = explorer.locator("[data-explorer-charts]");
    const placeholderHeight = (await chartsBox.boundingBox())!.height;
    await chartsBox.scrollIntoViewIfNeeded();
    await expect
      .poll(() => explorer.locator("[data-plotly-chart][data-rendered]").count(), { timeout: 120_000 })
      .toBe(2);
    expect(await explorer.getAttribute("data-charts")).toBe("active");
    expect(await plotlyFetched()).toBe(true);
    // Nothing jumped: the drawn charts take the placeholders' height (to a few px).
    const drawnHeight = (await chartsBox.boundingBox())!.height;
    console.log(
      `attention explorer charts: placeholders ${placeholderHeight} px, drawn ${drawnHeight} px tall`,
    );
    expect(Math.abs(drawnHeight - placeholderHeight)).toBeLessThan(8);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Each slider's caption (its label less the slider) is one line of text.
    const captionLines = await explorer.locator("label:has(input[type=range])").evaluateAll((labels) =>
      labels.map((label) => {
        const input = label.querySelector("input")!;
        const fontSize = parseFloat(getComputedStyle(label).fontSize);
        const text = label.getBoundingClientRect().height - input.getBoundingClientRect().height;
        return Math.round((text / (fontSize * 1.65)) * 10) / 10; // lines of ~1.65 em (a subscript included)
      }),
    );
    expect(captionLines).toHaveLength(3);
    for (const lines of captionLines) expect(lines).toBeLessThan(1.6); // a second line would make it 2
    // Every number sits right under its own label (the grid flows label + number pairs).
    const pairs = await explorer.locator("dl dt").evaluateAll((dts) =>
      dts.map((dt) => {
        const dd = dt.nextElementSibling!;
        const a = dt.getBoundingClientRect();
        const b = dd.getBoundingClientRect();
        return { tag: dd.tagName, dx: Math.abs(b.left - a.left), gap: b.top - a.bottom };
      }),
    );
    expect(pairs).toHaveLength(4);
    for (const p of pairs) {
      expect(p.tag).toBe("DD");
      expect(p.dx).toBeLessThan(4);
      expect(p.gap).toBeGreaterThanOrEqual(-1);
      expect(p.gap).toBeLessThan(16);
    }

    // 50 slider steps (and the checkbox) while recording long tasks.
    await recordLongTasks(page);
    await explorer.getByTestId("explorer-scaled").uncheck();
    const press = async (testId: string, key: string, n: number) => {
      await explorer.getByTestId(testId).focus();
      for (let i = 0; i < n; i++) await page.keyboard.press(key);
    };
    await press("explorer-dk", "ArrowLeft", 6); // 64 → 1
    await press("explorer-dk", "ArrowRight", 10); // → 1024
    await press("explorer-keys", "ArrowRight", 12); // 16 → 64
    await press("explorer-temperature", "ArrowLeft", 22); // τ 1 → 0.1
    const stats = explorer.getByTestId("explorer-stats");
    await expect
      .poll(async () => JSON.parse((await stats.getAttribute("data-setting")) ?? "{}"), { timeout: 120_000 })
      .toEqual({ dk: 1024, keys: 64, scaled: false, temperature: 0.1 });
    const tasks = await longTasks(page);
    console.log(`attention explorer, 50 slider steps: main-thread long tasks ${JSON.stringify(tasks)} ms`);
    expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(LONG_TASK_MS);
    // The numbers shown are those of the final setting (no stale result).
    const expected = saturationStats({ dk: 1024, keys: 64, scaled: false, temperature: 0.1, trials: 100 });
    const shown = Number(await stats.locator('[data-stat="max-weight"] dd').innerText());
    expect(Math.abs(shown - expected.meanMaxWeight)).toBeLessThanOrEqual(0.0005);
    report.explorer = { sliderSteps: 50, longTasksMs: tasks };
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);
});
