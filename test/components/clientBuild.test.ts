// The site's client bundle is compiled by Docusaurus's Babel preset, which runs @babel/preset-env in
// loose mode. Without a browserslist, preset-env targets ES5 and loose mode compiles `[...set]` into
// `[].concat(set)`: an array holding the Set, shown as "[object Set]" on the page. package.json's
// browserslist keeps spread and for-of native; components also use Array.from for Sets.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
// Docusaurus's own Babel (no type declarations are installed for it).
const { transformSync } = require("@babel/core") as {
  transformSync(code: string, options: object): { code?: string | null } | null;
};

/** Compiles `source` as Docusaurus compiles client code for the production build. */
function compileForClient(source: string): string {
  // `docusaurus build` runs with NODE_ENV=production, which picks browserslist's production list.
  const previous = process.env.BROWSERSLIST_ENV;
  process.env.BROWSERSLIST_ENV = "production";
  try {
    const out = transformSync(source, {
      filename: path.join(root, "src/components/Example.tsx"),
      cwd: root,
      root,
      babelrc: false,
      configFile: false,
      presets: [require.resolve("@docusaurus/babel/preset")],
      caller: { name: "client" },
    });
    return out!.code!;
  } finally {
    if (previous === undefined) delete process.env.BROWSERSLIST_ENV;
    else process.env.BROWSERSLIST_ENV = previous;
  }
}

function evaluate(expression: string): unknown {
  const code = compileForClient(`globalThis.__result = ${expression};`);
  new Function(code)();
  return (globalThis as Record<string, unknown>).__result;
}

const CASES: { name: string; expression: string; expected: string }[] = [
  { name: "spread of a Set", expression: `[...new Set(["a", "a", "b"])].join(", ")`, expected: "a, b" },
  {
    name: "spread of Map keys",
    expression: `[...new Map([["x", 1], ["y", 2]]).keys()].join(", ")`,
    expected: "x, y",
  },
  {
    name: "Array.from of a Set",
    expression: `Array.from(new Set(["a", "a", "b"])).join(", ")`,
    expected: "a, b",
  },
];

describe("client build of components", () => {
  it.each(CASES)("keeps the meaning of $name", ({ expression, expected }) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it("components and pages do not spread a Set into an array literal", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(entry.name) && /\[\s*\.\.\.\s*new Set\b/.test(readFileSync(p, "utf8"))) {
          offenders.push(path.relative(root, p));
        }
      }
    };
    walk(path.join(root, "src/components"));
    walk(path.join(root, "src/pages"));
    expect(offenders, "use Array.from(new Set(...))").toEqual([]);
  });
});
