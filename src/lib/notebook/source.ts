/**
 * `showSource("scaledDotProductAttention")`: displays a library declaration read from its `.ts`
 * file under src/lib, so notebooks show the code that actually runs instead of a pasted copy.
 * Declarations are found with the TypeScript compiler's parser (syntax only, no type-check):
 * functions, classes, interfaces, type aliases, enums, `const`/`let` declarations, and class
 * members as "ClassName.member". Node-only; `typescript` is loaded on first use.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { emit } from "./display";
import { repoRoot } from "./jupyter";

export interface SourceSnippet {
  symbol: string;
  /** Path relative to the repository root, e.g. "src/lib/attention/scaledDotProduct.ts". */
  file: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  exported: boolean;
  kind: string;
  /** The declaration's text, leading JSDoc included. */
  text: string;
}

let tsModule: typeof TS | null = null;
function ts(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsModule ??= require("typescript") as typeof TS;
  return tsModule;
}

function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTsFiles(p));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** Removes the indentation common to all non-blank lines (class members are indented). */
export function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join("\n");
}

function isExported(node: TS.Node): boolean {
  const t = ts();
  return !!(t.getCombinedModifierFlags(node as TS.Declaration) & t.ModifierFlags.Export);
}

/** Every named declaration of one source file, as [name, node, kind]. */
export function declarationsOf(sf: TS.SourceFile): [string, TS.Node, string][] {
  const t = ts();
  const out: [string, TS.Node, string][] = [];
  for (const st of sf.statements) {
    if (t.isFunctionDeclaration(st) && st.name) {
      // Overloads: keep the implementation (the one with a body) or the last signature.
      const i = out.findIndex(([n, , k]) => n === st.name!.text && k === "function");
      if (i >= 0) {
        if (st.body) out[i] = [st.name.text, st, "function"];
      } else out.push([st.name.text, st, "function"]);
    } else if (t.isClassDeclaration(st) && st.name) {
      out.push([st.name.text, st, "class"]);
      for (const m of st.members) {
        const name = m.name && (t.isIdentifier(m.name) || t.isPrivateIdentifier(m.name)) ? m.name.text : null;
        if (name) out.push([`${st.name.text}.${name}`, m, "member"]);
        else if (t.isConstructorDeclaration(m)) out.push([`${st.name.text}.constructor`, m, "member"]);
      }
    } else if (t.isInterfaceDeclaration(st)) out.push([st.name.text, st, "interface"]);
    else if (t.isTypeAliasDeclaration(st)) out.push([st.name.text, st, "type"]);
    else if (t.isEnumDeclaration(st)) out.push([st.name.text, st, "enum"]);
    else if (t.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (t.isIdentifier(d.name)) out.push([d.name.text, st, "variable"]);
      }
    }
  }
  return out;
}

/**
 * Finds the declaration of `symbol` ("name" or "Class.member") in src/lib. When several files
 * declare it, the exported one wins; `file` (a substring of the path) picks one explicitly.
 */
export function sourceOf(symbol: string, opts: { file?: string; root?: string } = {}): SourceSnippet {
  const t = ts();
  const root = opts.root ?? repoRoot();
  const libDir = path.join(root, "src", "lib");
  let files: string[];
  try {
    files = listTsFiles(libDir);
  } catch {
    throw new Error(
      `showSource: ${libDir} not found (the library's TypeScript sources ship with the repository).`,
    );
  }
  if (opts.file) files = files.filter((f) => f.includes(opts.file!));
  const hits: SourceSnippet[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (!text.includes(symbol.split(".").pop()!)) continue;
    const sf = t.createSourceFile(file, text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
    for (const [name, node, kind] of declarationsOf(sf)) {
      if (name !== symbol) continue;
      const jsDocStart = node.getStart(sf, true); // includes the JSDoc above
      const start = jsDocStart - sf.getLineAndCharacterOfPosition(jsDocStart).character; // from column 0
      const end = node.getEnd();
      hits.push({
        symbol,
        file: path.relative(root, file).split(path.sep).join("/"),
        startLine: sf.getLineAndCharacterOfPosition(start).line + 1,
        endLine: sf.getLineAndCharacterOfPosition(end).line + 1,
        exported: kind === "member" ? isExported(node.parent) : isExported(node),
        kind,
        text: dedent(text.slice(start, end)),
      });
    }
  }
  if (hits.length === 0) {
    throw new Error(
      `showSource: no declaration named "${symbol}" in src/lib${opts.file ? ` (files matching "${opts.file}")` : ""}. ` +
        `Use a function, class, interface, type or const name, or "Class.method".`,
    );
  }
  hits.sort((a, b) => Number(b.exported) - Number(a.exported));
  return hits[0]!;
}

/** Displays a library declaration with its file and line numbers. */
export function showSource(symbol: string, opts: { file?: string } = {}): void {
  const s = sourceOf(symbol, opts);
  const where = `${s.file}, lines ${s.startLine}–${s.endLine}`;
  emit({
    "text/markdown": `\`${where}\`\n\n\`\`\`ts\n${s.text}\n\`\`\`\n`,
    "text/plain": `// ${where}\n${s.text}`,
  });
}
