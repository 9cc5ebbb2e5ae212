// Shared by the notebook tests: run the compiled runner CLI (dist/cli/notebooks.js, built by `npm run build:lib`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const CLI = path.join(ROOT, "dist", "cli", "notebooks.js");

export function runRunner(args: string[], timeoutMs = 900_000) {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build:lib\` first (npm test does).`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
}

export function tempDir(prefix = "footprint-nbtest-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
