// `node dist/publish/cli.js [--root DIR] [--notebooks DIR]`: notebooks → site pages, tfjs wasm → static/wasm/.
// Run by `npm start` and `npm run build` before Docusaurus.
import path from "node:path";
import fs from "node:fs";
import { copyWasm, publishNotebooks } from "./site";
import { translationSkeleton } from "./translation";
import type { Notebook } from "./types";
import { UsageError, parseFlags } from "../cli/flags";

const HELP =
  "usage: node dist/publish/cli.js [--root DIR] [--notebooks DIR]\n" +
  "  --root       repository root (default: current directory)\n" +
  "  --notebooks  folder of .ipynb files, relative to the root (default: notebooks)\n" +
  "  --init-translation NAME  write i18n/zh-Hans/notebooks/NAME.json to fill in (never overwrites)";

function main(argv: string[]): void {
  const parsed = parseFlags(
    "publish",
    argv,
    { root: { type: "string" }, notebooks: { type: "string" }, "init-translation": { type: "string" } },
    HELP,
  );
  if (parsed === "help") {
    console.log(HELP);
    return;
  }
  const root = path.resolve(parsed.values.root ?? process.cwd());
  const notebooksDir = parsed.values.notebooks ?? process.env.FOOTPRINT_NOTEBOOKS_DIR ?? "notebooks";
  const init = parsed.values["init-translation"];
  if (init) {
    const name = init.replace(/\.ipynb$/, "");
    const out = path.join(root, "i18n/zh-Hans/notebooks", `${name}.json`);
    if (fs.existsSync(out)) throw new Error(`${out} exists; edit it instead`);
    const nb = JSON.parse(
      fs.readFileSync(path.join(root, notebooksDir, `${name}.ipynb`), "utf8"),
    ) as Notebook;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(translationSkeleton(nb), null, 2) + "\n");
    console.log(`publish: wrote ${path.relative(root, out)}; fill in the empty strings`);
    return;
  }
  const t0 = Date.now();
  const pages = publishNotebooks({ root, notebooksDir, log: (m) => console.log(m) });
  const wasm = copyWasm(root);
  console.log(`publish: ${pages.length} notebook page(s), ${wasm} wasm file(s) in ${Date.now() - t0} ms`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  const message = (e as Error).message;
  console.error(message.startsWith("publish: ") ? message : `publish: ${message}`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
