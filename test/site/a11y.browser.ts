// Accessibility of key pages of the built site, in both locales: axe-core (the devDependency, injected
// from node_modules) on the home page, a notebook, the energy ledger, the calculator, the playground and
// the FAQ, at desktop width, once their charts are drawn. The test fails on any violation axe rates
// serious or critical and names the rule, the page and the first elements. Run `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, ROOT, openHydrated } from "./built";
import { useBuiltSite } from "./builtSite";

const AXE = path.join(ROOT, "node_modules/axe-core/axe.min.js");
const PAGES = [
  "/",
  "/docs/notebooks/deriving-attention",
  "/docs/energy/ledger",
  "/docs/energy/calculator",
  "/docs/playground",
  "/docs/faq",
];

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

describe("accessibility (axe-core) of key pages", () => {
  const site = useBuiltSite(() => {
    if (!fs.existsSync(AXE))
      throw new Error(`${AXE} is missing: run \`npm ci\` (axe-core is a devDependency)`);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`has no serious or critical violations in ${colorScheme} mode, in either locale`, async () => {
      const problems: string[] = [];
      const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const { prefix } of LOCALES) {
        for (const p of PAGES) {
          const url = prefix + (p === "/" && prefix ? "/" : p);
          const opened = await openHydrated(page, site.server.origin + url);
          expect(opened.status, `${url} is served`).toBe(200);
          if (!opened.chartsDrawn) problems.push(`${url}: charts were not drawn within 30 s`);
          await page.addScriptTag({ path: AXE });
          const violations = (await page.evaluate(async () => {
            const axe = (
              window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }
            ).axe;
            const r = await axe.run({ resultTypes: ["violations"] });
            return r.violations;
          })) as Violation[];
          for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
            const where = v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join(" | ");
            problems.push(`${url}: ${v.impact} ${v.id} ×${v.nodes.length} (${v.help}): ${where}`);
          }
        }
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 600_000);
  }
});
