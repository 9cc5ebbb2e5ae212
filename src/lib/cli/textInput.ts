/**
 * Reading the text a CLI is given (Node only): a file or stdin, as bytes, decoded with its encoding
 * detected, split into lines, and a check of how much of it a model's vocabulary knows.
 */
import { promises as fs } from "node:fs";

/**
 * Input bytes → text: UTF-8 (a BOM is dropped) or UTF-16 LE/BE with a BOM (what Windows
 * PowerShell's `>` writes). Anything else is refused with the fix: invalid UTF-8, or NUL bytes
 * (UTF-16 without a BOM). A string (an already-decoded stdin) only loses a leading BOM.
 */
export function decodeTextInput(input: Uint8Array | string, name: string): string {
  if (typeof input === "string") return input.replace(/^\ufeff/, "");
  const b = input;
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff)
    return new TextDecoder("utf-16be").decode(b.subarray(2));
  const body = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
  const nul = body.indexOf(0);
  if (nul >= 0)
    throw new Error(
      `${name}: byte ${nul} is NUL: this looks like UTF-16 without a byte-order mark. Save the file as UTF-8 ` +
        "(or UTF-16 with a BOM) and try again.",
    );
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new Error(`${name}: not valid UTF-8. Save the file as UTF-8 (or UTF-16 with a BOM) and try again.`);
  }
}

/** Input text → lines ("\n", "\r\n" or "\r"); a final line break does not start another line. */
export function splitInputLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Reads `--file` (a path, or "-" for stdin) as text. Errors name the path: missing, unreadable, a
 * directory, not UTF-8/UTF-16 text.
 */
export async function readTextInput(
  file: string,
  readStdin: () => Promise<Uint8Array | string>,
  what = "one sentence per line",
): Promise<string> {
  if (file === "-") return decodeTextInput(await readStdin(), "stdin");
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`--file ${file}: cannot read (${e.code ?? e.message})`);
  });
  if (stat.isDirectory()) throw new Error(`--file ${file} is a directory; give a text file with ${what}`);
  const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`--file ${file}: cannot read (${e.code ?? e.message})`);
  });
  return decodeTextInput(bytes, file);
}

/**
 * Lines (1-based) where more than half of the tokens are unknown to the model: its answer for them
 * is then meaningless (e.g. French or Chinese given to an English model). `tokens` splits a line the
 * way the model does; `known` says whether the vocabulary has a token.
 */
export function mostlyUnknownLines(
  lines: readonly string[],
  tokens: (line: string) => string[],
  known: (token: string) => boolean,
): { line: number; unknown: number; total: number }[] {
  const out: { line: number; unknown: number; total: number }[] = [];
  lines.forEach((text, i) => {
    const t = tokens(text);
    const unknown = t.filter((x) => !known(x)).length;
    if (t.length > 0 && unknown * 2 > t.length) out.push({ line: i + 1, unknown, total: t.length });
  });
  return out;
}

/** The stderr warning for mostlyUnknownLines' result (empty string when there is none). */
export function unknownWarning(
  found: readonly { line: number; unknown: number; total: number }[],
  model: string,
): string {
  if (found.length === 0) return "";
  const shown = found
    .slice(0, 5)
    .map((f) => `line ${f.line} (${f.unknown} of ${f.total})`)
    .join(", ");
  return (
    `warning: most words are unknown to ${model} on ${found.length} input line${found.length > 1 ? "s" : ""}: ` +
    `${shown}${found.length > 5 ? ", …" : ""}; they are read as [UNK], so the output for them is meaningless\n`
  );
}
