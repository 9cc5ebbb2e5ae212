// The publisher runs in every site build: each package it imports itself must be a declared
// dependency (not something another package happens to install), pinned at the installed version,
// and recorded in package-lock.json's root entry so `npm ci` installs exactly that.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const DIRS = ["src/lib/publish"];

/** Bare package names imported by the files of `dir` ("@scope/name" or "name"). */
export function importedPackages(source: string): { name: string; typeOnly: boolean }[] {
  const found: { name: string; typeOnly: boolean }[] = [];
  const re = /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^"'`;=()]*?\s+from\s+)?["']([^"']+)["']/gm;
  for (const m of source.matchAll(re)) {
    const spec = m[2]!;
    if (spec.startsWith(".") || spec.startsWith("node:") || spec.startsWith("@site/")) continue;
    const parts = spec.split("/");
    const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    found.push({ name, typeOnly: Boolean(m[1]) });
  }
  return found;
}

/** The package that provides an import: a types-only package like "mdast" comes from @types/mdast. */
function provider(name: string, typeOnly: boolean): string {
  if (!typeOnly) return name;
  try {
    readFileSync(path.join(ROOT, "node_modules", name, "package.json"));
    return name;
  } catch {
    return `@types/${name.replace(/^@/, "").replace("/", "__")}`;
  }
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;
}

describe("the publisher's direct imports", () => {
  const pkg = json("package.json") as { dependencies: Record<string, string> };
  const lock = json("package-lock.json") as {
    packages: Record<string, { dependencies?: Record<string, string>; version?: string }>;
  };
  const needed = new Map<string, string>();
  for (const dir of DIRS) {
    for (const f of readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".ts"))) {
      for (const { name, typeOnly } of importedPackages(readFileSync(path.join(ROOT, dir, f), "utf8"))) {
        needed.set(provider(name, typeOnly), `${dir}/${f}`);
      }
    }
  }

  it("finds the markdown packages it uses", () => {
    expect([...needed.keys()]).toEqual(
      expect.arrayContaining(["mdast-util-from-markdown", "micromark-extension-math", "@types/mdast"]),
    );
  });

  it("lists each in package.json dependencies at the installed version, as package-lock.json does", () => {
    const problems: string[] = [];
    for (const [name, where] of needed) {
      const declared = pkg.dependencies[name];
      const installed = (json(`node_modules/${name}/package.json`) as { version: string }).version;
      if (declared === undefined) {
        problems.push(
          `${name} (imported by ${where}) is not in package.json dependencies; add "${name}": "${installed}"`,
        );
      } else if (declared !== installed) {
        problems.push(`${name}: package.json says ${declared}, node_modules has ${installed}`);
      }
      if (lock.packages[""]?.dependencies?.[name] !== declared) {
        problems.push(
          `${name}: package-lock.json's root entry does not match package.json (run npm install)`,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});
