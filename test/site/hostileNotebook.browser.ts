// A notebook whose cells, outputs, metadata and translation all try to run script
// (test/fixtures/publish/hostile.ipynb) is published into a temporary folder, never into the site.
// Both locale pages are compiled as Docusaurus compiles them (MDX + GFM + math + KaTeX), run with
// React, rendered to HTML, and loaded in Chromium as static HTML, which runs inline scripts and
// event handlers (hydration would not): nothing may run. SafeHtml is rendered as the component in
// src/components/SafeHtml does it (its html prop as inner HTML), and a code block's pre-highlighted
// lines as src/theme/CodeBlock/StaticHighlight.tsx does (`data-highlighted` as inner HTML); the
// others only wrap their children.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import React from "react";
import * as runtime from "react/jsx-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { run } from "@mdx-js/mdx";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotebooks } from "../../src/lib/publish/site";
import { compileMdx } from "../publish/compileMdx";
import { launchChromium } from "./browser";

const FIXTURES = path.resolve(__dirname, "../fixtures/publish");
const PAGES = {
  en: "docs/notebooks/99-hostile.mdx",
  "zh-Hans": "i18n/zh-Hans/docusaurus-plugin-content-docs/current/notebooks/99-hostile.mdx",
} as const;

const Div = (name: string) => (p: { children?: React.ReactNode }) =>
  React.createElement("div", { "data-component": name }, p.children);
const COMPONENTS = {
  NotebookBadge: Div("NotebookBadge"),
  NotebookCell: Div("NotebookCell"),
  NotebookOutput: Div("NotebookOutput"),
  PlotlyChart: Div("PlotlyChart"),
  SafeHtml: ({ html }: { html: string }) =>
    React.createElement("div", { dangerouslySetInnerHTML: { __html: html } }),
  code: ({ children, ...props }: { children?: React.ReactNode; "data-highlighted"?: string }) =>
    typeof props["data-highlighted"] === "string"
      ? React.createElement("code", { dangerouslySetInnerHTML: { __html: props["data-highlighted"] } })
      : React.createElement("code", null, children),
};

/** Static HTML of a generated page, rendered as the site renders it on the server. */
async function renderPage(mdx: string): Promise<string> {
  const runnable = mdx
    .replace(/^import (fig_\w+) from .*$/gm, "export const $1 = {};")
    .replace(/^import \w+ from "@site\/src\/components\/\w+";$/gm, "");
  const code = await compileMdx(runnable, { katex: "render", functionBody: true });
  const mod = await run(code, { ...runtime, baseUrl: import.meta.url } as Parameters<typeof run>[1]);
  return renderToStaticMarkup(React.createElement(mod.default, { components: COMPONENTS }));
}

describe("a hostile notebook page", () => {
  let root: string;
  let browser: Browser;
  const html: Record<string, string> = {};

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-site-"));
    fs.mkdirSync(path.join(root, "notebooks"));
    fs.mkdirSync(path.join(root, "i18n/zh-Hans/notebooks"), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, "hostile.ipynb"), path.join(root, "notebooks/99-hostile.ipynb"));
    fs.copyFileSync(
      path.join(FIXTURES, "zh/hostile.json"),
      path.join(root, "i18n/zh-Hans/notebooks/99-hostile.json"),
    );
    publishNotebooks({ root });
    for (const [locale, file] of Object.entries(PAGES)) {
      html[locale] = await renderPage(fs.readFileSync(path.join(root, file), "utf8"));
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it.each(Object.keys(PAGES))("runs no script in Chromium (%s)", async (locale) => {
    const page: Page = await browser.newPage();
    const ran: string[] = [];
    page.on("dialog", (d) => {
      ran.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("pageerror", (e) => ran.push(`page error: ${e.message}`));
    await page.setContent(`<!doctype html><html><body>${html[locale]}</body></html>`, { waitUntil: "load" });
    // Let image errors, toggles and frames fire their handlers.
    await page.waitForTimeout(500);
    const found = await page.evaluate(() => {
      const bad: string[] = [];
      if ((globalThis as { __pwned?: unknown }).__pwned !== undefined) bad.push("globalThis.__pwned was set");
      for (const el of Array.from(document.querySelectorAll("script, iframe, object, embed, frame"))) {
        bad.push(`<${el.tagName.toLowerCase()}> element`);
      }
      for (const el of Array.from(document.querySelectorAll("*"))) {
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name) || a.name === "srcdoc")
            bad.push(`${a.name} on <${el.tagName.toLowerCase()}>`);
        }
      }
      for (const el of Array.from(
        document.querySelectorAll<HTMLAnchorElement | HTMLImageElement>("a[href], img[src]"),
      )) {
        const url = el instanceof HTMLAnchorElement ? el.href : el.src;
        // `href` and `src` read back resolved, as the browser would follow them.
        if (/^\s*(javascript|vbscript|data):/i.test(url) && !/^data:image\//.test(url)) {
          bad.push(`${el.tagName.toLowerCase()} to ${url}`);
        }
      }
      return { bad, text: document.body.innerText };
    });
    // Clicking every link must not run anything either (javascript: links would).
    for (const link of await page.$$("a[href]")) {
      const href = (await link.getAttribute("href")) ?? "";
      if (/^https?:/i.test(href)) continue; // leaving the page is not running script
      await link.click({ timeout: 2000 }).catch(() => undefined);
    }
    await page.waitForTimeout(200);
    const pwned = await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned !== undefined);
    await page.close();
    expect([...found.bad, ...ran, ...(pwned ? ["globalThis.__pwned set by a click"] : [])]).toEqual([]);
    // The payloads are on the page as text.
    expect(found.text).toContain("export the model to static/models when done.");
    expect(found.text).toContain("<span title='\"x'>");
    expect(found.text).toContain("after the comment");
    // A stream output is a code block, pre-highlighted at build time: its markup stays text.
    expect(html[locale]).toContain('<div class="token-line">');
    expect(found.text).toContain("</code></pre><script>globalThis.__pwned=1;alert(1)</script>");
  });
});
