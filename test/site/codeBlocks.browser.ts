// Code blocks highlighted at build time (src/plugins/rehypeStaticCode.ts, drawn by
// src/theme/CodeBlock/StaticHighlight.tsx) on a notebook page of the built site: every code cell is
// one, the copy button copies the cell's code, and token and block colours follow a switch to dark
// mode (CSS variables, no re-render). Run `npm run build` first.
import fs from "node:fs";
import path from "node:path";
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

    const colours = () =>
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
    expect(await colours()).toEqual({
      keyword: keywordColor(codeThemes.light),
      background: rgb(codeThemes.light.plain.backgroundColor!),
      text: rgb(codeThemes.light.plain.color!),
    });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForSelector('html[data-theme="dark"]', { state: "attached" });
    await page.waitForFunction(
      () => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"),
      undefined,
      { timeout: 10_000 },
    );
    expect(await colours()).toEqual({
      keyword: keywordColor(codeThemes.dark),
      background: rgb(codeThemes.dark.plain.backgroundColor!),
      text: rgb(codeThemes.dark.plain.color!),
    });
    await context.close();
  }, 120_000);
});
