// Docusaurus plugin: reads the measured cost of each published notebook (notebook metadata written
// by the notebook runner) at build time and hands it to the home page as global data.
import fs from "node:fs";
import path from "node:path";
import type { LoadContext, Plugin } from "@docusaurus/types";
import { hardwareText, notebookFootprint } from "../lib/publish/notebook";
import { readTranslation } from "../lib/publish/translation";
import type { Notebook } from "../lib/publish/types";
import { joinSource } from "../lib/publish/types";

export type NotebookSummary = {
  name: string;
  title: string;
  titleZh?: string;
  route: string;
  joules?: number;
  seconds?: number;
  method?: string;
  hardware?: string;
  date?: string;
  quick?: boolean;
};

export type FootprintSummary = { notebooks: NotebookSummary[] };

function firstHeading(nb: Notebook): string | undefined {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = /^#\s+(.+?)\s*(\{#[\w-]+\})?\s*$/m.exec(joinSource(c.source));
    if (m) return m[1]!.replace(/[$`*_]/g, "");
  }
  return undefined;
}

export function readSummary(siteDir: string, notebooksDir = "notebooks"): FootprintSummary {
  const dir = path.join(siteDir, notebooksDir);
  const notebooks: NotebookSummary[] = [];
  if (!fs.existsSync(dir)) return { notebooks };
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith(".ipynb")) continue;
    const name = file.replace(/\.ipynb$/, "");
    // Only notebooks that were published as pages (npm run site:prepare) can be linked to.
    if (!fs.existsSync(path.join(siteDir, "docs/notebooks", `${name}.mdx`))) continue;
    const nb = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Notebook;
    const fp = notebookFootprint(nb);
    const zh = readTranslation(path.join(siteDir, "i18n/zh-Hans/notebooks", `${name}.json`));
    const hw = hardwareText(fp.hardware);
    notebooks.push({
      name,
      title: firstHeading(nb) ?? name,
      ...(zh?.title ? { titleZh: zh.title } : {}),
      route: `/docs/notebooks/${name.replace(/^\d+[-_.]/, "")}`,
      ...(typeof fp.joules === "number" ? { joules: fp.joules } : {}),
      ...(typeof fp.seconds === "number" ? { seconds: fp.seconds } : {}),
      ...(fp.method ? { method: fp.method } : {}),
      ...(hw ? { hardware: hw } : {}),
      ...(typeof fp.date === "string" ? { date: fp.date.slice(0, 10) } : {}),
      ...(fp.quick === true ? { quick: true } : {}),
    });
  }
  return { notebooks };
}

export default function footprintSummary(context: LoadContext): Plugin<FootprintSummary> {
  return {
    name: "footprint-summary",
    async loadContent() {
      return readSummary(context.siteDir, process.env.FOOTPRINT_NOTEBOOKS_DIR ?? "notebooks");
    },
    async contentLoaded({ content, actions }) {
      actions.setGlobalData(content);
    },
    getPathsToWatch() {
      return [path.join(context.siteDir, "notebooks/*.ipynb")];
    },
  };
}
