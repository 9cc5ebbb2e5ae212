// Browser tests of the sentiment playground on the built site (`npm run build`, then
// `npm run test:site`): the trained model from static/models/sentiment/ runs in Chromium (headless
// here has no GPU: webgl runs on software rendering, and `?backend=wasm` forces WebAssembly), the
// numbers equal the Node CLI's, a heatmap is drawn, typed markup stays text, long input is
// truncated with a notice, 100 predictions leak no tensors, and the zh-Hans page works.
// Measured figures (backend, latency, download size, JS weight) go to screenshots/playground.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { runSentimentCli } from "../../src/lib/cli/sentiment";
import { main as translateCli } from "../../src/lib/cli/translate";
import { SENTIMENT_SENTENCES } from "../fixtures/sentimentSentences";
import { TRANSLATION_SENTENCES } from "../fixtures/translationSentences";
import { launchChromium } from "./browser";
import type { StaticServer } from "./server";
import { serveStatic } from "./server";

const ROOT = path.resolve(__dirname, "../..");
const BUILD = path.resolve(process.env.SITE_BUILD_DIR ?? path.join(ROOT, "build"));
const MODEL = path.join(BUILD, "models/sentiment");
const TRANSLATION_MODEL = path.join(BUILD, "models/translation");
const SHOTS = path.join(ROOT, "screenshots");
const TOLERANCE = 1e-4;

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

/** Opens the playground page and collects console errors, page errors and failed requests. */
async function openPlayground(
  browser: Browser,
  url: string,
  testId = "sentiment-playground",
): Promise<{ page: Page; problems: Problems; scripts: { url: string; bytes: number; gzip: number }[] }> {
  const context = await browser.newContext(); // cold cache
  const page = await context.newPage();
  const problems: Problems = [];
  const scripts: { url: string; bytes: number; gzip: number }[] = [];
  page.on(
    "console",
    (m) => m.type() === "error" && problems.push(`console error: ${m.text().slice(0, 300)}`),
  );
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message.slice(0, 300)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
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
  const playground = page.getByTestId(testId);
  await playground.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (id) => {
      // Every playground on the page done loading (tensor counts are page-wide).
      const all = Array.from(document.querySelectorAll('[data-testid$="-playground"]'));
      return (
        document.querySelector(`[data-testid="${id}"]`) !== null &&
        all.every((el) => ["ready", "error"].includes(el.getAttribute("data-state") ?? ""))
      );
    },
    testId,
    { timeout: 180_000 },
  );
  const state = await playground.getAttribute("data-state");
  if (state !== "ready")
    throw new Error(`${url}: the playground did not load: ${await playground.innerText()}`);
  return { page, problems, scripts };
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

  it("predicts as the CLI does on the default backend, draws heatmaps, leaks no tensors", async () => {
    const { page, problems, scripts } = await openPlayground(browser, `${server.origin}/docs/playground`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    const backend = (await root.locator('[data-testid="sentiment-backend"]').innerText()).trim();
    console.log(`playground backend (default order webgpu → webgl → wasm → cpu): ${backend}`);
    expect(backend).toMatch(/^(webgpu|webgl|wasm|cpu) \(/);

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
    await page.waitForFunction(
      () => {
        const charts = document.querySelectorAll('[data-testid="sentiment-playground"] [data-plotly-chart]');
        return (
          charts.length > 0 &&
          Array.from(charts).every((c) => c.querySelector("svg.main-svg") && c.querySelector("g.hm"))
        );
      },
      undefined,
      { timeout: 60_000 },
    );
    const heads = await root.locator("[data-plotly-chart]").count();
    expect(heads).toBeGreaterThanOrEqual(1);
    // A second layer's heatmaps when the model has one.
    const layers = await root.locator('input[type="radio"]').count();
    if (layers > 1) {
      await root.locator('input[type="radio"]').nth(1).check();
      await expect.poll(() => root.locator("svg.main-svg g.hm").count(), { timeout: 60_000 }).toBe(heads);
    }
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

    // 100 predictions leave tf.memory().numTensors unchanged.
    const memory = await page.evaluate(async (sentences) => {
      const hook = window.__footprintPlayground!;
      await hook.predict("warm up");
      const before = hook.numTensors();
      for (let i = 0; i < 100; i++) await hook.predict(sentences[i % sentences.length]!);
      return { before, after: hook.numTensors() };
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

  it("works on the zh-Hans page", async () => {
    const { page, problems } = await openPlayground(browser, `${server.origin}/zh-Hans/docs/playground`);
    const root = page.locator('[data-testid="sentiment-playground"]');
    expect(await page.locator("main").innerText()).toMatch(/情感分类器/);
    const r = await predictInPage(page, SENTIMENT_SENTENCES[8]!);
    expect(Math.abs(r.probability - cli[8]!)).toBeLessThanOrEqual(TOLERANCE);
    expect(await root.locator("[data-plotly-chart] svg.main-svg").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, "zh-Hans-playground.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("translates as `npm run translate` does and draws the cross-attention", async () => {
    if (!fs.existsSync(path.join(TRANSLATION_MODEL, "model.json")))
      throw new Error(
        `${TRANSLATION_MODEL}/model.json is missing: the site serves no translation model. Train one ` +
          "(`npm run translate -- --train`), then --evaluate and --promote the run folder, and rebuild",
      );
    const expected = await cliTranslations(TRANSLATION_SENTENCES);
    const { page, problems } = await openPlayground(
      browser,
      `${server.origin}/docs/playground`,
      "translation-playground",
    );
    const root = page.getByTestId("translation-playground");
    const before = Number(await root.getAttribute("data-predictions"));
    await root.locator("textarea").fill(TRANSLATION_SENTENCES[1]!);
    await root.getByTestId("translation-run").click();
    await expect
      .poll(async () => Number(await root.getAttribute("data-predictions")), { timeout: 180_000 })
      .toBeGreaterThan(before);
    expect(await root.locator("[data-translation]").getAttribute("data-translation")).toBe(expected[1]);
    await expect
      .poll(() => root.locator("svg.main-svg g.hm").count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const got = await page.evaluate(async (sentences) => {
      const out: string[] = [];
      for (const s of sentences) out.push(await window.__footprintTranslation!.translate(s));
      return out;
    }, TRANSLATION_SENTENCES as string[]);
    expect(got).toEqual(expected);
    report.translation = {
      backend: (await root.getByTestId("translation-backend").innerText()).trim(),
      medianLatencyMs: Number(await root.locator("[data-median-ms]").getAttribute("data-median-ms")),
      runs: 5,
      sentence: TRANSLATION_SENTENCES[1],
      modelBytes: Number(await root.locator("[data-bytes]").getAttribute("data-bytes")),
    };
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);
});
