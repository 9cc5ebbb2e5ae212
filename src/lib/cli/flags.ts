/**
 * Flag parsing shared by every CLI (Node only): node:util parseArgs in strict mode, so every
 * command accepts `--name value` and `--name=value`, and an unknown flag, a missing value or a bad
 * number is a UsageError (exit code 2) that names the flag and prints the usage text.
 */
import { parseArgs } from "node:util";

/** Bad command-line input: the process exits with code 2 after printing the message. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

type FlagOptions = Record<string, { type: "string" | "boolean"; short?: string }>;

/** The parsed values: strings for string flags, booleans for boolean flags; undefined when absent. */
export type FlagValues<O extends FlagOptions> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

/**
 * Parses argv against options (plus -h/--help). Returns the values and positionals, or "help"
 * when -h/--help was given.
 */
export function parseFlags<O extends FlagOptions>(
  command: string,
  argv: readonly string[],
  options: O,
  help: string,
  { positionals = false }: { positionals?: boolean } = {},
): { values: FlagValues<O>; positionals: string[] } | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}\n\n${help}`);
  }
  const { help: wantsHelp, ...values } = parsed.values as Record<string, unknown>;
  if (wantsHelp) return "help";
  return { values: values as FlagValues<O>, positionals: parsed.positionals };
}

/** A numeric flag value: a finite number within [min, max] (and an integer when asked), else a UsageError. */
export function numberFlag(
  command: string,
  flag: string,
  value: string,
  {
    min = -Infinity,
    max = Infinity,
    integer = false,
  }: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const n = Number(value);
  const ok =
    value.trim() !== "" && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n));
  if (!ok) {
    const kind = integer ? "an integer" : "a number";
    const range = min > -Infinity ? (max < Infinity ? ` in [${min}, ${max}]` : ` ≥ ${min}`) : "";
    throw new UsageError(`${command}: --${flag} must be ${kind}${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Runs a CLI's main function: its return value is the exit code (default 0); a UsageError prints
 * its message and exits 2, any other error prints its message and exits 1.
 */
export function runCli(main: () => Promise<number | void> | number | void): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code ?? 0;
      },
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = e instanceof UsageError ? e.exitCode : 1;
      },
    );
}
