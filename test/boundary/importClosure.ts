// Walks the static import closure of browser entry points (import, export … from, import(),
// require()) with the TypeScript parser, and reports every path that reaches a Node built-in, a
// Node-only package or one of the library's Node-only modules. Type-only imports are skipped:
// bundlers erase them.
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import ts from "typescript";

export interface Violation {
  /** Files from the entry point to the offending import, the last element being the import itself. */
  chain: string[];
  reason: string;
}

/** Node-only npm packages, and the tfjs umbrella package (Node gradient registration only). */
const NODE_PACKAGES = new Set([
  "cli-progress",
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-node",
  "@tensorflow/tfjs-node-gpu",
]);
const BUILTINS = new Set(builtinModules);

/** The library's Node-only modules, as paths relative to src/lib (folders end with "/"). */
export const NODE_ONLY_LIB = [
  "experiments/",
  "io/",
  "cli/",
  "notebook/",
  "data/",
  "workshop/",
  "energy/index.ts",
  "energy/meter.ts",
  "energy/ledger.ts",
  "energy/rapl.ts",
  "energy/nvidiaSmi.ts",
  "energy/hardware.ts",
  "backend/index.ts",
  "backend/node.ts",
  "backend/gradients.ts",
];

/** Module specifiers of a file's value imports (import/export-from/import()/require), not type-only ones. */
export function valueImports(file: string, text = readFileSync(file, "utf8")): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause : undefined;
      const typeOnly =
        node.isTypeOnly || (named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.tsx", "/index.js"];

/** Resolves a relative or @site/ specifier to a source file; undefined for packages and non-code assets. */
function resolveLocal(spec: string, from: string, root: string): string | undefined {
  let base: string;
  if (spec.startsWith("@site/")) base = path.join(root, spec.slice("@site/".length));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return undefined;
  if (/\.(css|scss|json|svg|png|jpe?g|md|mdx)$/.test(base)) return undefined;
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  throw new Error(`${path.relative(root, from)}: cannot resolve import "${spec}"`);
}

/** Why a bare specifier is not allowed in the browser, or undefined. */
function packageReason(spec: string): string | undefined {
  if (spec.startsWith("node:")) return "Node built-in";
  const top = spec.split("/")[0]!;
  if (BUILTINS.has(spec) || BUILTINS.has(top)) return "Node built-in";
  if (NODE_PACKAGES.has(spec)) return "Node-only package";
  return undefined;
}

/**
 * Every forbidden import reachable from the entries, each with its shortest chain of files.
 * @param root the repository root (for @site/ and for printing paths)
 * @param nodeOnly Node-only files or folders (ending with "/"), relative to root
 */
export function findViolations(
  entries: readonly string[],
  root: string,
  nodeOnly: readonly string[],
): Violation[] {
  const isNodeOnly = (file: string) => {
    const rel = path.relative(root, file).split(path.sep).join("/");
    return nodeOnly.some((p) => (p.endsWith("/") ? rel.startsWith(p) : rel === p));
  };
  const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  const violations: Violation[] = [];
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let f: string | null | undefined = file; f; f = parent.get(f)) chain.unshift(rel(f));
    return chain;
  };
  for (const e of entries) {
    if (!parent.has(e)) {
      parent.set(e, null);
      queue.push(e);
    }
  }
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of valueImports(file)) {
      const reason = packageReason(spec);
      if (reason) {
        violations.push({ chain: [...chainTo(file), spec], reason });
        continue;
      }
      const target = resolveLocal(spec, file, root);
      if (!target) continue;
      if (isNodeOnly(target)) {
        violations.push({ chain: [...chainTo(file), rel(target)], reason: "Node-only library module" });
        continue;
      }
      if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return violations;
}

/** One line per violation: "a.ts → b.ts → node:fs (Node built-in)". */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.chain.join(" → ")} (${v.reason})`).join("\n");
}
