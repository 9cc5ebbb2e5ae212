// Publishes every notebook in notebooks/ as site pages (both locales) and copies the files the
// browser needs. Run before `docusaurus start|build` (see package.json); the output is git-ignored.
import fs from "node:fs";
import path from "node:path";
import type { UrlResolver } from "./links";
import type { AssetSink } from "./outputs";
import type { PageResult } from "./notebook";
import { notebookToMdx } from "./notebook";
import { Localizer, readStringTable } from "./localize";
import { readTranslation } from "./translation";
import type { Notebook, NotebookFootprint } from "./types";

export type PublishOptions = {
  /** Repository root (holds notebooks/, docs/, i18n/, static/). */
  root: string;
  /** Source folder, relative to root. */
  notebooksDir?: string;
  log?: (msg: string) => void;
};

export type PublishedNotebook = {
  name: string;
  title: string;
  titleZh: string;
  route: string;
  footprint: NotebookFootprint;
};

const GENERATED_EN = "docs/notebooks";
const GENERATED_ZH = "i18n/zh-Hans/docusaurus-plugin-content-docs/current/notebooks";
const TRANSLATIONS = "i18n/zh-Hans/notebooks";
/** The zh-Hans strings of charts, output tables and markdown outputs (one table for every notebook). */
export const STRINGS = `${TRANSLATIONS}/strings.json`;

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function writeIfChanged(file: string, data: string | Buffer): void {
  if (fs.existsSync(file)) {
    const old = fs.readFileSync(file);
    if (Buffer.compare(old, Buffer.isBuffer(data) ? data : Buffer.from(data)) === 0) return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

/** The MDX identifier of an imported chart file: `cell12-0.plotly.json` → `fig_cell12_0`. */
export function figureId(file: string): string {
  return "fig_" + file.replace(/\.plotly\.json$|\.json$/, "").replace(/[^A-Za-z0-9]/g, "_");
}

/**
 * Files of a page under docs/notebooks/_assets/<name>/. A locale's own charts get its tag before
 * the extension (`cell12-0.zh-Hans.plotly.json`), so the two pages never share a localised file.
 */
function assetSink(root: string, name: string, variant = ""): { sink: AssetSink; imports: () => string[] } {
  const rel = `${GENERATED_EN}/_assets/${name}`;
  const imports: string[] = [];
  const sink: AssetSink = {
    writeFile(file, data) {
      writeIfChanged(path.join(root, rel, file), data);
      return `@site/${rel}/${file}`;
    },
    importJson(name0, value) {
      const file = variant ? name0.replace(/(\.plotly\.json|\.json)$/, `.${variant}$1`) : name0;
      writeIfChanged(path.join(root, rel, file), JSON.stringify(value));
      const id = figureId(file);
      imports.push(`import ${id} from "@site/${rel}/${file}";`);
      return id;
    },
  };
  return { sink, imports: () => imports };
}

/**
 * Maps a local link or image path written in a notebook to one that works on the site, or throws.
 * Published: other notebooks (`02-x.ipynb#part` → their page) and existing files inside the
 * notebooks folder or static/ (checked after following symbolic links); `/path` links are site
 * routes (no `..`). Anything else, e.g. `../.git/config`, is an error that names the path.
 */
export function makeUrlResolver(root: string, notebooksDir: string, names: Set<string>): UrlResolver {
  const realRoot = fs.realpathSync(root);
  const allowed = [path.join(root, notebooksDir), path.join(root, "static")]
    .filter((d) => fs.existsSync(d))
    .map((d) => fs.realpathSync(d));
  const where = `${toPosix(notebooksDir)}/ and static/`;
  return (url, kind) => {
    const hashAt = url.indexOf("#");
    const hash = hashAt >= 0 ? url.slice(hashAt) : "";
    const pathPart = (hashAt >= 0 ? url.slice(0, hashAt) : url).replace(/\?.*$/, "");
    let file: string;
    try {
      file = decodeURIComponent(pathPart);
    } catch {
      throw new Error(`${kind} "${url}" has a malformed %-escape`);
    }
    if (file.includes("\0")) throw new Error(`${kind} "${url}" contains a NUL character`);
    const base = path.posix.basename(file, ".ipynb");
    if (file.endsWith(".ipynb") && path.posix.normalize(file) === `${base}.ipynb` && names.has(base)) {
      return `./${base}.mdx${hash}`;
    }
    const segments = file.split(/[/\\]/);
    if (file.startsWith("/") && !file.startsWith("//")) {
      if (segments.includes("..")) throw new Error(`${kind} "${url}" leaves the site with ".."`);
      if (kind === "link") return url; // a route of the site; Docusaurus checks that it exists
    }
    const abs = file.startsWith("@site/")
      ? path.resolve(root, file.slice("@site/".length))
      : file.startsWith("/")
        ? path.join(root, "static", file)
        : path.resolve(root, notebooksDir, file);
    const shown = toPosix(path.relative(root, abs)) || ".";
    if (!fs.existsSync(abs)) {
      throw new Error(
        `${kind} "${url}" points to ${shown}, which does not exist (only files in ${where} are published)`,
      );
    }
    const real = fs.realpathSync(abs);
    const inside = allowed.some((d) => real.startsWith(d + path.sep));
    if (!inside || !real.startsWith(realRoot + path.sep)) {
      throw new Error(
        `${kind} "${url}" points to ${shown}, outside ${where}; only files there are published`,
      );
    }
    if (!fs.statSync(real).isFile())
      throw new Error(`${kind} "${url}" points to the folder ${shown}, not a file`);
    return `@site/${toPosix(path.relative(root, abs))}${hash}`;
  };
}

/** Copies tfjs's .wasm binaries to static/wasm/ for the browser playground. */
export function copyWasm(root: string): number {
  const src = path.join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
  const dst = path.join(root, "static/wasm");
  if (!fs.existsSync(src)) return 0;
  let n = 0;
  for (const f of fs.readdirSync(src)) {
    if (!f.endsWith(".wasm")) continue;
    writeIfChanged(path.join(dst, f), fs.readFileSync(path.join(src, f)));
    n++;
  }
  return n;
}

/** Converts notebooks/*.ipynb into docs/notebooks/*.mdx and the zh-Hans copies. */
export function publishNotebooks(opts: PublishOptions): PublishedNotebook[] {
  const root = path.resolve(opts.root);
  const nbDir = opts.notebooksDir ?? "notebooks";
  const log = opts.log ?? (() => {});
  const srcDir = path.join(root, nbDir);
  const files = fs.existsSync(srcDir)
    ? fs
        .readdirSync(srcDir)
        .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
        .sort()
    : [];
  const names = new Set(files.map((f) => f.replace(/\.ipynb$/, "")));
  const enDir = path.join(root, GENERATED_EN);
  const zhDir = path.join(root, GENERATED_ZH);
  // Generated folders: remove pages of notebooks that no longer exist (assets are rewritten in place).
  for (const dir of [enDir, zhDir]) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith(".mdx") && !names.has(f.replace(/\.mdx$/, ""))) fs.rmSync(path.join(dir, f));
    }
  }
  const resolveUrl = makeUrlResolver(root, nbDir, names);
  const stringsFile = path.join(root, STRINGS);
  const strings = fs.existsSync(stringsFile)
    ? new Localizer(readStringTable(stringsFile), "zh-Hans")
    : undefined;
  const published: PublishedNotebook[] = [];
  for (const file of files) {
    const name = file.replace(/\.ipynb$/, "");
    const nbPath = path.join(srcDir, file);
    const shown = `${toPosix(nbDir)}/${file}`;
    let nb: Notebook;
    try {
      nb = JSON.parse(fs.readFileSync(nbPath, "utf8")) as Notebook;
    } catch (e) {
      throw new Error(`${shown}: not valid notebook JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(nb.cells)) throw new Error(`${shown}: no "cells" array (nbformat 4 expected)`);
    const sourceUrl = `@site/${toPosix(path.join(nbDir, file))}`;
    const translation = readTranslation(path.join(root, TRANSLATIONS, `${name}.json`));
    const en = assetSink(root, name);
    const zh = assetSink(root, name, "zh-Hans");
    let page: PageResult;
    let zhPage: PageResult;
    try {
      page = notebookToMdx(nb, { name, sourceUrl, assets: en.sink, imports: en.imports, resolveUrl });
      zhPage = notebookToMdx(nb, {
        name,
        sourceUrl,
        assets: zh.sink,
        imports: zh.imports,
        resolveUrl,
        locale: "zh-Hans",
        translation,
        strings,
      });
    } catch (e) {
      throw new Error(`${shown}, ${(e as Error).message}`);
    }
    writeIfChanged(path.join(enDir, `${name}.mdx`), page.mdx);
    writeIfChanged(path.join(zhDir, `${name}.mdx`), zhPage.mdx);
    const slug = name.replace(/^\d+[-_.]/, "");
    published.push({
      name,
      title: page.title,
      titleZh: zhPage.title,
      route: `/docs/notebooks/${slug}`,
      footprint: page.footprint,
    });
    log(
      `publish: ${nbDir}/${file} → ${GENERATED_EN}/${name}.mdx${translation ? " (+ zh-Hans translation)" : ""}`,
    );
  }
  if (files.length) {
    writeIfChanged(
      path.join(enDir, "_category_.json"),
      JSON.stringify({ label: "Notebooks", position: 2.5, collapsed: false }, null, 2) + "\n",
    );
  }
  return published;
}
