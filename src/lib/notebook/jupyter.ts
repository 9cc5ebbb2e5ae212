/**
 * Finding Jupyter and registering the project's tslab kernel. Node-only.
 *
 * Two registrations: a private one under `.cache/jupyter` for the headless runner and the tests
 * (never touching the user's kernels), and a user-level one for `npm run lab`. Both point at the
 * project's own `node_modules/.bin/tslab`, so the kernel runs the pinned tslab version.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";

function isProjectRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
    return pkg.name === "llm-footprint";
  } catch {
    return false;
  }
}

/** The repository root (this file is src/lib/notebook/jupyter.ts or dist/notebook/jupyter.js). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const INSTALL_HINT = [
  "Jupyter (with nbclient) was not found.",
  "  Debian/Ubuntu: sudo apt-get install -y jupyter-nbconvert python3-nbconvert python3-notebook jupyter-client",
  "  Elsewhere:     pip install jupyterlab",
  "If it is installed for another Python, point FOOTPRINT_PYTHON at that interpreter.",
].join("\n");

/** Interpreters tried in order: $FOOTPRINT_PYTHON, Debian's /usr/bin/python3, then PATH's python3/python. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [env.FOOTPRINT_PYTHON, "/usr/bin/python3", "python3", "python"];
  return [...new Set(list.filter((x): x is string => !!x && x.trim() !== ""))];
}

/** Environment for Python child processes: quiet the frozen-modules debugger warning. */
export function pythonEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1", ...extra };
}

/** The first interpreter that can import every module in `modules`, or null. */
export function findPython(
  modules: string[] = ["nbclient", "nbformat", "jupyter_client"],
  candidates = pythonCandidates(),
): string | null {
  const probe = modules.map((m) => `import ${m}`).join("; ");
  for (const py of candidates) {
    const r = spawnSync(py, ["-Xfrozen_modules=off", "-c", probe], { stdio: "ignore", env: pythonEnv() });
    if (r.status === 0) return py;
  }
  return null;
}

export function tslabBinary(root = repoRoot()): string {
  return path.join(root, "node_modules", ".bin", "tslab");
}

/** Where the runner's private kernelspec lives: <root>/.cache/jupyter/share/jupyter/kernels. */
export function privateJupyterPrefix(root = repoRoot()): string {
  return path.join(root, ".cache", "jupyter");
}

export function privateKernelDir(root = repoRoot()): string {
  return path.join(privateJupyterPrefix(root), "share", "jupyter", "kernels");
}

/** True when `<kernelsDir>/tslab/kernel.json` starts the given tslab binary. */
export function kernelSpecPointsAt(kernelsDir: string, binary: string): boolean {
  const file = path.join(kernelsDir, "tslab", "kernel.json");
  try {
    const spec = JSON.parse(readFileSync(file, "utf8")) as { argv?: string[] };
    return spec.argv?.[0] === binary;
  } catch {
    return false;
  }
}

/**
 * Runs `tslab install` against the project's binary. `where` is `{ prefix }` for a private
 * registration or `"user"` for the user's kernel registry. Idempotent (the spec is overwritten).
 */
export function installTslabKernel(
  python: string,
  where: { prefix: string } | "user",
  root = repoRoot(),
): void {
  const binary = tslabBinary(root);
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run \`npm ci\` in ${root} first (tslab is a devDependency).`);
  }
  const args = ["install", `--python=${python}`, `--binary=${binary}`];
  args.push(where === "user" ? "--user" : `--prefix=${where.prefix}`);
  const r = spawnSync(binary, args, { encoding: "utf8", env: pythonEnv() });
  if (r.status !== 0) {
    throw new Error(`\`tslab ${args.join(" ")}\` failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
}

/**
 * Runs fn while holding the lock directory `lockDir` (mkdir is atomic), waiting for another holder
 * up to `staleMs`, after which its lock is taken as left behind by a process that died.
 */
export function withLockDir<T>(lockDir: string, fn: () => T, staleMs = 120_000): T {
  const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + staleMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (Date.now() > deadline) rmSync(lockDir, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Registers the private kernelspec unless it is already there and current. Returns its kernels dir.
 * Test files run two at a time, and on a fresh clone both may find the spec missing: `tslab
 * install` replaces the folder, so two at once could leave one runner without a kernel. The check
 * and the install therefore run under a lock.
 */
export function ensurePrivateKernel(python: string, root = repoRoot()): string {
  const dir = privateKernelDir(root);
  const binary = tslabBinary(root);
  if (kernelSpecPointsAt(dir, binary)) return dir;
  withLockDir(path.join(privateJupyterPrefix(root), "..", "jupyter-install.lock"), () => {
    if (!kernelSpecPointsAt(dir, binary))
      installTslabKernel(python, { prefix: privateJupyterPrefix(root) }, root);
  });
  return dir;
}
