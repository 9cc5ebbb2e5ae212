// Flat config: typescript-eslint's recommended rules on all TS sources, plus the browser/Node
// boundary: browser-safe code (what the site bundles) may not import Node built-ins, Node-only
// packages or the library's Node-only modules. test/boundary.test.ts checks the same boundary by
// walking the import closure of every browser entry point.
import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Node built-ins (with or without "node:"), Node-only packages, the tfjs umbrella (Node gradients only). */
const NODE_PACKAGES = `^(node:.*|(${builtinModules.map(escape).join("|")})(/.*)?|cli-progress|@tensorflow/tfjs|@tensorflow/tfjs-node(-gpu)?)$`;
/** The library's Node-only modules, as paths below src/lib. */
const NODE_ONLY = [
  "(?:experiments|io|cli|notebook|data|workshop)(?:/.*)?",
  "energy(?:/index)?",
  "energy/(?:meter|ledger|rapl|nvidiaSmi|hardware)",
  "backend(?:/index)?",
  "backend/(?:node|gradients)",
];
const BOUNDARY =
  "is Node-only; browser-safe code (the site bundle) may not import it (README: Library layout)";

/** The boundary rules for files that reach src/lib through `prefix` (a regex), plus same-folder Node modules. */
function boundary(prefix, sameFolder = []) {
  const modules = [...NODE_ONLY.map((m) => `^${prefix}${m}$`), ...sameFolder.map((m) => `^\\./${m}$`)];
  return {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: [
          { regex: NODE_PACKAGES, allowTypeImports: true, message: `This package ${BOUNDARY}.` },
          ...modules.map((regex) => ({ regex, allowTypeImports: true, message: `This module ${BOUNDARY}.` })),
        ],
      },
    ],
    "no-restricted-syntax": [
      "error",
      {
        selector: `ImportExpression > Literal[value=/${NODE_PACKAGES.replaceAll("/", "\\/")}/]`,
        message: `This package ${BOUNDARY}.`,
      },
    ],
    "no-restricted-globals": [
      "error",
      ...["process", "Buffer", "__dirname", "__filename"].map((name) => ({
        name,
        message: `${name} is Node-only; browser-safe code (the site bundle) may not use it.`,
      })),
    ],
  };
}

/** Library code bundled for the browser (imports the library by relative paths). */
const BROWSER_SAFE_LIB = [
  "src/lib/attention/**",
  "src/lib/models/**",
  "src/lib/tokenizers/**",
  "src/lib/util/**",
  "src/lib/format/**",
  "src/lib/eval/**",
];
const ENERGY_BROWSER =
  "src/lib/energy/{browser,units,carbon,extrapolate,csv,published,schema,cpuPower,nvidiaSmiParse}.ts";
const BACKEND_BROWSER = "src/lib/backend/{select,browser}.ts";
/** Site code (imports the library through @site/src/lib/). */
const SITE = ["src/components/**", "src/pages/**", "src/theme/**", "src/data/**"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "build/",
      ".docusaurus/",
      "static/",
      "docs/notebooks/",
      "i18n/**/notebooks/",
      ".scratch/",
      "**/*.as.ts", // AssemblyScript (scripts/buildKernel.mjs)
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: BROWSER_SAFE_LIB, rules: boundary("(?:\\.\\./)+") },
  {
    files: [ENERGY_BROWSER],
    rules: boundary("(?:\\.\\./)+", ["(?:meter|ledger|rapl|nvidiaSmi|hardware|index)"]),
  },
  { files: [BACKEND_BROWSER], rules: boundary("(?:\\.\\./)+", ["(?:node|gradients|index)"]) },
  { files: SITE, rules: boundary("(?:@site/src/lib/|(?:\\.\\./)+lib/)") },
);
