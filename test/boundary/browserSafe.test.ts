// The browser/Node boundary: nothing the site bundles (components, pages, the browser-safe
// library folders and the demos' browser entry points) reaches Node code through its imports.
// ESLint's no-restricted-imports (eslint.config.mjs) checks each file; this checks the closure.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_ONLY_LIB, findViolations, formatViolations, valueImports } from "./importClosure";

const root = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** What the site bundles: its components and pages (their chains start at the page a reader opens). */
const SITE_FOLDERS = ["src/components", "src/pages", "src/theme"];
/** Library code meant for the browser, including the demos' browser entry points and what is not bundled yet. */
const LIBRARY_FOLDERS = [
  "src/lib/attention",
  "src/lib/models",
  "src/lib/tokenizers",
  "src/lib/util",
  "src/lib/format",
  "src/lib/eval",
  "src/data",
];
const LIBRARY_FILES = [
  "src/lib/energy/browser.ts",
  "src/lib/backend/browser.ts",
  "src/lib/backend/select.ts",
];
const nodeOnly = NODE_ONLY_LIB.map((p) => `src/lib/${p}`);

const filesIn = (folders: readonly string[]) =>
  folders
    .map((d) => path.join(root, d))
    .filter((d) => existsSync(d))
    .flatMap(sources);
const rel = (files: readonly string[]) => files.map((e) => path.relative(root, e).split(path.sep).join("/"));

describe("browser code imports no Node code", () => {
  const site = filesIn(SITE_FOLDERS);
  const library = [...filesIn(LIBRARY_FOLDERS), ...LIBRARY_FILES.map((f) => path.join(root, f))];

  it("covers the playgrounds, the attention explorer, the energy components and the demos' browser code", () => {
    expect(rel(site)).toEqual(
      expect.arrayContaining([
        "src/components/SentimentPlayground/index.tsx",
        "src/components/TranslationPlayground/index.tsx",
        "src/components/AttentionExplorer/index.tsx",
        "src/components/EnergyCalculator/index.tsx",
        "src/components/EnergyLedger/index.tsx",
        "src/pages/index.tsx",
      ]),
    );
    expect(rel(library)).toEqual(
      expect.arrayContaining([
        "src/lib/models/sentiment/browser.ts",
        "src/lib/models/translation/browser.ts",
        "src/lib/models/train/index.ts",
        "src/lib/energy/browser.ts",
      ]),
    );
  });

  it("nothing the site's components and pages import reaches Node (chains start at the component)", () => {
    expect(formatViolations(findViolations(site, root, nodeOnly))).toBe("");
  });

  it("no browser-safe library file reaches Node", () => {
    expect(formatViolations(findViolations(library, root, nodeOnly))).toBe("");
  });
});

describe("the import-closure walker", () => {
  it("names the chain to a Node built-in two files away, and to a Node-only module", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "closure-"));
    try {
      mkdirSync(path.join(dir, "lib/experiments"), { recursive: true });
      writeFileSync(path.join(dir, "entry.tsx"), 'import { b } from "./b";\nexport const a = b;\n');
      writeFileSync(
        path.join(dir, "b.ts"),
        'import * as fs from "node:fs";\nimport "./lib/experiments/c";\nexport const b = fs;\n',
      );
      writeFileSync(path.join(dir, "lib/experiments/c.ts"), "export {};\n");
      const v = findViolations([path.join(dir, "entry.tsx")], dir, ["lib/experiments/"]);
      expect(formatViolations(v)).toBe(
        "entry.tsx → b.ts → node:fs (Node built-in)\nentry.tsx → b.ts → lib/experiments/c.ts (Node-only library module)",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("skips type-only imports and counts export-from, import() and require()", () => {
    const text = [
      'import type { A } from "type-only";',
      'import { type B } from "all-specifiers-type-only";',
      'import { c, type D } from "mixed";',
      'export type { E } from "type-reexport";',
      'export { f } from "reexport";',
      'const g = import("dynamic");',
      'const h = require("required");',
      'import "side-effect";',
    ].join("\n");
    expect(valueImports("x.ts", text)).toEqual(["mixed", "reexport", "dynamic", "required", "side-effect"]);
  });
});
