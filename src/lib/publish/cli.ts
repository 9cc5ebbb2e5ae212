// `node dist/publish/cli.js [--root DIR] [--notebooks DIR]`: notebooks → site pages, tfjs wasm → static/wasm/.
// Run by `npm start` and `npm run build` before Docusaurus.
import path from "node:path";
import { copyWasm, publishNotebooks } from "./site";

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: string[]): void {
  if (argv.includes("--help")) {
    console.log(
      "usage: node dist/publish/cli.js [--root DIR] [--notebooks DIR]\n" +
        "  --root       repository root (default: current directory)\n" +
        "  --notebooks  folder of .ipynb files, relative to the root (default: notebooks)",
    );
    return;
  }
  const root = path.resolve(flag(argv, "--root") ?? process.cwd());
  const notebooksDir = flag(argv, "--notebooks") ?? process.env.FOOTPRINT_NOTEBOOKS_DIR ?? "notebooks";
  const t0 = Date.now();
  const pages = publishNotebooks({ root, notebooksDir, log: (m) => console.log(m) });
  const wasm = copyWasm(root);
  console.log(`publish: ${pages.length} notebook page(s), ${wasm} wasm file(s) in ${Date.now() - t0} ms`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`publish: ${(e as Error).message}`);
  process.exit(1);
}
