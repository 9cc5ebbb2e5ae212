// The key pages of the built site at desktop width (1280 × 900), in both locales and both colour
// modes, one visit per page: axe-core (the devDependency, injected from node_modules) on the home
// page, a notebook, the energy ledger, the calculator, the playground and the FAQ once their charts
// are drawn, first in light mode, then in dark mode (the page follows the emulated
// prefers-color-scheme without a reload). The test fails on any violation axe rates serious or
// critical and names the rule, the page and the first elements. It also saves a full-page screenshot
// of each in light mode (screenshots/<locale>-<name>.png; the playground's are saved by
// playground.browser.ts once it has been used) and of the ledger in dark mode
// (screenshots/en-charts-dark.png), where charts must follow the theme; site.browser.ts saves the
// phone-width ones. Run `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LOCALES, ROOT, SHOTS, chartsDrawn, openHydrated } from "./built";
import { useBuiltSite } from "./builtSite";

const AXE = path.join(ROOT, "node_modules/axe-core/axe.min.js");
/** Path → the name of its screenshots ("": playground.browser.ts saves it, after using it). */
const PAGES: Record<string, string> = {
  "/": "home",
  "/docs/notebooks/deriving-attention": "notebook-01",
  "/docs/energy/ledger": "energy",
  "/docs/energy/calculator": "calculator",
  "/docs/playground": "",
  "/docs/faq": "faq",
};
const DARK_SHOT = "/docs/energy/ledger";

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe's serious and critical violations on the page as it is now, one line each. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  // Colour transitions must have ended: axe would read colours halfway (the context asks for
  // reduced motion, which sets the theme's transitions to 0 ms; this covers any other).
  await page.waitForFunction(
    () => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"),
    undefined,
    { timeout: 10_000 },
  );
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({ resultTypes: ["violations"] });
    return r.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const first = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ");
      return `${where}: ${v.impact} ${v.id} ×${v.nodes.length} (${v.help}): ${first}`;
    });
}

describe("key pages at desktop width", () => {
  const site = useBuiltSite(() => {
    if (!fs.existsSync(AXE))
      throw new Error(`${AXE} is missing: run \`npm ci\` (axe-core is a devDependency)`);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  it("have no serious or critical axe violations in light or dark mode, in either locale", async () => {
    const problems: string[] = [];
    const shots: string[] = [];
    const context = await site.browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: "light",
      reducedMotion: "reduce",
    });
    const page = await context.newPage();
    for (const { locale, prefix } of LOCALES) {
      for (const [p, name] of Object.entries(PAGES)) {
        const url = prefix + (p === "/" && prefix ? "/" : p);
        await page.goto("about:blank"); // the page left behind need not redraw in light mode
        await page.emulateMedia({ colorScheme: "light" });
        const opened = await openHydrated(page, site.server.origin + url);
        expect(opened.status, `${url} is served`).toBe(200);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
        if (!opened.chartsDrawn) problems.push(`${url}: charts were not drawn within 30 s`);
        await page.addScriptTag({ path: AXE });
        problems.push(...(await axeProblems(page, `${url} (light)`)));
        if (name) {
          const file = path.join(SHOTS, `${locale}-${name}.png`);
          await page.screenshot({ path: file, fullPage: true });
          shots.push(file);
        }

        await page.emulateMedia({ colorScheme: "dark" });
        await page.waitForSelector('html[data-theme="dark"]', { state: "attached", timeout: 10_000 });
        // Charts are drawn again in the new colours (PlotlyChart re-renders on colour-mode changes).
        if (!(await chartsDrawn(page))) problems.push(`${url}: charts were not redrawn in dark mode`);
        problems.push(...(await axeProblems(page, `${url} (dark)`)));
        if (locale === "en" && p === DARK_SHOT) {
          const file = path.join(SHOTS, "en-charts-dark.png");
          await page.screenshot({ path: file, fullPage: true });
          shots.push(file);
        }
      }
    }
    await context.close();
    expect(problems).toEqual([]);
    expect(shots).toHaveLength(2 * Object.values(PAGES).filter(Boolean).length + 1);
  }, 900_000);
});
