import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError, numberFlag, parseFlags } from "../../src/lib/cli/flags";

const ROOT = path.resolve(__dirname, "../..");
const HELP = "Usage: demo [--name N] [--loud]";
const options = { name: { type: "string" }, loud: { type: "boolean" } } as const;

describe("parseFlags", () => {
  it("reads --name value, --name=value and booleans", () => {
    const a = parseFlags("demo", ["--name", "x", "--loud"], options, HELP);
    const b = parseFlags("demo", ["--name=x", "--loud"], options, HELP);
    expect(a !== "help" && a.values).toEqual({ name: "x", loud: true });
    expect(b !== "help" && b.values).toEqual({ name: "x", loud: true });
  });

  it('returns "help" for -h and --help', () => {
    expect(parseFlags("demo", ["-h"], options, HELP)).toBe("help");
    expect(parseFlags("demo", ["--help"], options, HELP)).toBe("help");
  });

  it.each([
    ["an unknown flag", ["--colour", "red"], "demo: Unknown option '--colour'"],
    ["a missing value", ["--name"], "demo: Option '--name <value>' argument missing"],
    ["a value for a boolean", ["--loud=yes"], "demo: Option '--loud' does not take an argument"],
    ["a positional argument", ["stray"], "demo: Unexpected argument 'stray'"],
  ])("rejects %s with a UsageError naming it, followed by the usage text", (_name, argv, message) => {
    const error = (() => {
      try {
        parseFlags("demo", argv, options, HELP);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(HELP);
  });
});

describe("numberFlag", () => {
  it.each([
    ["not a number", "abc", {}, 'demo: --n must be a number, got "abc"'],
    ["empty", "", {}, 'demo: --n must be a number, got ""'],
    ["below the minimum", "0", { min: 1 }, 'demo: --n must be a number ≥ 1, got "0"'],
    ["not an integer", "2.5", { integer: true }, 'demo: --n must be an integer, got "2.5"'],
  ])("rejects a value %s", (_name, value, check, message) => {
    expect(() => numberFlag("demo", "n", value, check)).toThrow(message);
  });

  it("accepts a value within the range", () => {
    expect(numberFlag("demo", "n", "3", { min: 1, max: 5, integer: true })).toBe(3);
  });
});

describe("every compiled CLI rejects an unknown flag with exit code 2", () => {
  it.each([
    "cli/bench.js",
    "cli/contribution.js",
    "cli/doctor.js",
    "cli/energy.js",
    "cli/generate.js",
    "cli/lab.js",
    "cli/notebooks.js",
    "cli/sentiment.js",
    "cli/sentimentSeeds.js",
    "cli/translate.js",
    "publish/cli.js",
  ])("dist/%s", (file) => {
    const cli = path.join(ROOT, "dist", file);
    if (!existsSync(cli))
      throw new Error(`${cli} is missing: run \`npm run build:lib\` first (npm test does).`);
    const r = spawnSync(process.execPath, [cli, "--no-such-flag"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toContain("Unknown option '--no-such-flag'");
    expect(r.status).toBe(2);
  });
});
