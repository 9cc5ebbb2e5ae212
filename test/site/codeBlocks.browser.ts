// Code blocks highlighted at build time (src/plugins/rehypeStaticCode.ts, drawn by
// src/theme/CodeBlock/StaticHighlight.tsx) on a notebook page of the built site: every code cell is
// one, the copy button copies the cell's code, token and block colours follow a switch to dark
// mode, and a reader in dark mode gets dark blocks from the server's HTML, before any JavaScript
// has run. Run `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { codeThemes } from "../../src/plugins/markdownPlugins";
import { joinSource, parseNotebook } from "../../src/lib/notebook/format";
import { ROOT, openHydrated } from "./built";
import { useBuiltSite } from "./builtSite";

const NOTEBOOK = "notebooks/02-attention-in-code.ipynb";
const PAGE = "/docs/notebooks/attention-in-code";

/** "#rrggbb" or "rgb(r, g, b)" as Chromium reports computed colours. */
function rgb(color: string): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (!hex) return color.replace(/\s+/g, " ");
  const n = parseInt(hex[1]!, 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

const keywordColor = (theme: typeof codeThemes.light) =>
  rgb(theme.styles.filter((s) => s.types.includes("keyword")).at(-1)!.style.color!);

/** The computed colours of the first pre-highlighted block: a keyword, its background, its text. */
const codeColours = (page: Page) =>
  page.evaluate(() => {
    const code = document.querySelector("pre code.static-code")!;
    const token = Array.from(code.querySelectorAll("span[style]")).find((s) =>
      /^(const|import|await)$/.test(s.textContent ?? ""),
    )!;
    const pre = code.closest("pre")!;
    return {
      keyword: getComputedStyle(token).color,
      background: getComputedStyle(pre).backgroundColor,
      text: getComputedStyle(pre).color,
    };
  });

const themeColours = (theme: typeof codeThemes.light) => ({
  keyword: keywordColor(theme),
  background: rgb(theme.plain.backgroundColor!),
  text: rgb(theme.plain.color!),
});

describe("pre-highlighted code blocks", () => {
  const site = useBuiltSite();

  it("are every code cell, copy the cell's code, and follow the colour mode", async () => {
    const nb = parseNotebook(fs.readFileSync(path.join(ROOT, NOTEBOOK), "utf8"), NOTEBOOK);
    const cells = nb.cells
      .filter((c) => c.cell_type === "code" && joinSource(c.source).trim() !== "")
      .map((c) => joinSource(c.source).replace(/\n+$/, ""));
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.server.origin });
    const page = await context.newPage();
    await openHydrated(page, site.server.origin + PAGE);

    const sources = await page.evaluate(() =>
      Array.from(document.querySelectorAll("pre code.static-code")).map((code) =>
        Array.from(code.querySelectorAll(".token-line"))
          .map((line) => line.textContent)
          .join("\n"),
      ),
    );
    for (const cell of cells) expect(sources).toContain(cell);

    const block = page.locator(".theme-code-block", { has: page.locator("code.static-code") }).first();
    await block.hover();
    await block.getByRole("button", { name: /copy/i }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(cells[0]);

    expect(await codeColours(page)).toEqual(themeColours(codeThemes.light));
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => codeColours(page), { timeout: 10_000 }).toEqual(themeColours(codeThemes.dark));
    await context.close();
  }, 120_000);

  it("are dark in dark mode before the page's JavaScript has run", async () => {
    const context = await site.browser.newContext({ colorScheme: "dark", reducedMotion: "reduce" });
    const page = await context.newPage();
    // The inline theme script of the HTML still runs (it sets data-theme); the bundles do not.
    await page.route(/\/assets\/js\//, (route) => route.abort());
    await page.goto(site.server.origin + PAGE, { waitUntil: "load" });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await page.evaluate(() => document.documentElement.dataset.hasHydrated)).not.toBe("true");
    expect(await codeColours(page)).toEqual(themeColours(codeThemes.dark));
    await context.close();
  }, 60_000);
});
