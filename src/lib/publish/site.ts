// Publishes every notebook in notebooks/ as site pages (both locales) and copies the files the
// browser needs. Run before `docusaurus start|build` (see package.json); the output is git-ignored.
import fs from "node:fs";
import path from "node:path";
import type { AssetSink } from "./outputs";
import { notebookToMdx } from "./notebook";
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

function assetSink(root: string, name: string): { sink: AssetSink; imports: () => string[] } {
  const rel = `${GENERATED_EN}/_assets/${name}`;
  const imports: string[] = [];
  const sink: AssetSink = {
    writeFile(file, data) {
      writeIfChanged(path.join(root, rel, file), data);
      return `@site/${rel}/${file}`;
    },
    importJson(file, value) {
      writeIfChanged(path.join(root, rel, file), JSON.stringify(value));
      const id = "fig_" + file.replace(/\.plotly\.json$|\.json$/, "").replace(/[^A-Za-z0-9]/g, "_");
      imports.push(`import ${id} from "@site/${rel}/${file}";`);
      return id;
    },
  };
  return { sink, imports: () => imports };
}

/** Maps a link or image URL written in a notebook to one that works on the site. */
export function makeUrlResolver(root: string, notebooksDir: string, names: Set<string>) {
  return (url: string): string | undefined => {
    if (/^([a-z][a-z0-9+.-]*:|#|\/|@site\/)/i.test(url)) return undefined;
    const [file = "", frag] = url.split("#", 2);
    const hash = frag !== undefined ? `#${frag}` : "";
    const base = path.posix.basename(file, ".ipynb");
    if (
      file.endsWith(".ipynb") &&
      path.posix.dirname(path.posix.normalize(file)) === "." &&
      names.has(base)
    ) {
      return `./${base}.mdx${hash}`;
    }
    const abs = path.resolve(root, notebooksDir, decodeURIComponent(file));
    if (abs.startsWith(root + path.sep) && fs.existsSync(abs) && fs.statSync(abs).isFile()) {
      return `@site/${toPosix(path.relative(root, abs))}`;
    }
    return undefined;
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
  const published: PublishedNotebook[] = [];
  for (const file of files) {
    const name = file.replace(/\.ipynb$/, "");
    const nbPath = path.join(srcDir, file);
    let nb: Notebook;
    try {
      nb = JSON.parse(fs.readFileSync(nbPath, "utf8")) as Notebook;
    } catch (e) {
      throw new Error(`${nbDir}/${file}: not valid notebook JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(nb.cells)) throw new Error(`${nbDir}/${file}: no "cells" array (nbformat 4 expected)`);
    const sourceUrl = `@site/${toPosix(path.join(nbDir, file))}`;
    const en = assetSink(root, name);
    const page = notebookToMdx(nb, {
      name,
      sourceUrl,
      assets: en.sink,
      imports: en.imports,
      resolveUrl,
    });
    writeIfChanged(path.join(enDir, `${name}.mdx`), page.mdx);
    const translation = readTranslation(path.join(root, TRANSLATIONS, `${name}.json`));
    const zh = assetSink(root, name);
    const zhPage = notebookToMdx(nb, {
      name,
      sourceUrl,
      assets: zh.sink,
      imports: zh.imports,
      resolveUrl,
      locale: "zh-Hans",
      translation,
    });
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
