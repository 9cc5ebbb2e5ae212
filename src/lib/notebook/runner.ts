/**
 * Headless notebook execution (Node-only): drives execute.py (nbclient + the private tslab kernel),
 * then attaches per-cell time/energy metadata, strips volatile metadata and writes the result
 * atomically. A failing cell leaves every file untouched. Used by `npm run notebooks`.
 *
 * The runner owns what it starts: execute.py runs in its own process group and the kernel in its
 * own session, and while a run is in progress SIGINT, SIGTERM, SIGHUP and the process's exit stop
 * both (with anything the kernel started) and remove the run's temporary folder. execute.py also
 * stops the kernel when it is signalled or when the runner disappears (kill -9).
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { DEFAULT_PUE, DEFAULT_REGION, gridIntensity } from "../energy/carbon";
import { cpuPowerFor } from "../energy/cpuPower";
import { detectCpu, gitCommit, totalMemoryGB } from "../energy/hardware";
import type { ExecutionReport, PowerModel } from "./footprint";
import { attachFootprint, describeFailure } from "./footprint";
import { parseNotebook, serializeNotebook, stripVolatileMetadata } from "./format";
import { ensurePrivateKernel, findPython, INSTALL_HINT, pythonEnv, repoRoot } from "./jupyter";
import { descendants, killAll } from "./processTree";

export interface RunOptions {
  /** FOOTPRINT_QUICK=1 for the kernel, and output to the scratch directory. */
  quick?: boolean;
  /** Per-cell timeout in whole seconds (nbclient counts whole seconds). Default 600 (quick: 300). */
  timeout?: number;
  /** Output directory. Default: in place for full runs, <root>/.scratch/notebooks for quick runs. */
  outDir?: string;
  /** Python interpreter with nbclient; default: the first of pythonCandidates() that has it. */
  python?: string;
  root?: string;
  /** Receives the kernel's helper stderr (default: dropped unless the run fails). */
  log?: (line: string) => void;
  /** Grid region for the run's CO2e (ISO alpha-3 or an Ember aggregate). Default: $FOOTPRINT_REGION, else WORLD. */
  region?: string;
  /** Recorded in metadata.footprint: the tree was dirty when the run started (null: not a git checkout). */
  dirty?: boolean | null;
  /** Recorded in metadata.footprint: committed outputs were overwritten from a dirty tree on purpose. */
  allowDirty?: boolean;
  /** The commit the run started from ("<hash>" or "<hash>-dirty"), handed to the kernel as $FOOTPRINT_GIT_COMMIT. */
  gitCommit?: string;
}

export interface RunResult {
  ok: boolean;
  input: string;
  /** The written notebook (ok only). */
  output?: string;
  /** One-line reason (failure only): notebook, cell index, the cell's first line and the error. */
  message?: string;
  report?: ExecutionReport;
  seconds: number;
}

/** Notebooks in <root>/notebooks matching `names` (file name, stem, or numeric prefix like "01"); all when empty. */
export function resolveNotebooks(names: string[], root = repoRoot()): string[] {
  const dir = path.join(root, "notebooks");
  let all: string[] = [];
  try {
    all = readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort();
  } catch {
    all = [];
  }
  if (names.length === 0) return all.map((f) => path.join(dir, f));
  return names.map((name) => {
    if (name.endsWith(".ipynb") && readable(path.resolve(name))) return path.resolve(name);
    const stem = path.basename(name).replace(/\.ipynb$/, "");
    const hits = all.filter((f) => f === `${stem}.ipynb` || f.startsWith(`${stem}-`) || f.startsWith(stem));
    if (hits.length !== 1) {
      throw new Error(
        hits.length === 0
          ? `No notebook matches "${name}". Available: ${all.join(", ") || "(none in notebooks/)"}`
          : `"${name}" is ambiguous: ${hits.join(", ")}`,
      );
    }
    return path.join(dir, hits[0]!);
  });
}

function readable(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Machine description stored with the totals. */
export function hardwareDescription(): { hardware: Record<string, unknown>; power: PowerModel } {
  const cpu = detectCpu();
  const power = cpuPowerFor(cpu);
  return {
    hardware: {
      cpuModel: cpu.model,
      logicalCpus: cpu.logicalCpus,
      memoryGB: Math.round(totalMemoryGB() * 10) / 10,
      platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
    },
    power: { wattsPerCore: power.wattsPerCore, source: power.source },
  };
}

/** A run in progress: execute.py, its temporary folder (with the kernel's PID file). */
type ActiveRun = { child: ChildProcess; work: string };
const active = new Set<ActiveRun>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function kernelPid(work: string): number[] {
  try {
    const pid = Number(readFileSync(path.join(work, "kernel.pid"), "utf8").trim());
    return Number.isInteger(pid) && pid > 1 ? [pid] : [];
  } catch {
    return [];
  }
}

/** Stops execute.py, the kernel and everything they started, and removes the run's folder. */
function stopRun(run: ActiveRun): void {
  const pid = run.child.pid;
  if (pid !== undefined && run.child.exitCode === null && run.child.signalCode === null) {
    // Collect first: once execute.py is gone, the kernel is re-parented and no longer found by parent.
    killAll([pid, ...descendants(pid), ...kernelPid(run.work)]);
  }
  rmSync(run.work, { recursive: true, force: true });
}

function onSignal(signal: NodeJS.Signals): void {
  for (const run of active) stopRun(run);
  active.clear();
  uninstallHandlers();
  // With no other listener, end the process as the signal would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(): void {
  for (const run of active) stopRun(run);
  active.clear();
}

function installHandlers(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", onExit);
}

function uninstallHandlers(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("exit", onExit);
}

function track(run: ActiveRun): void {
  if (active.size === 0) installHandlers();
  active.add(run);
}

function untrack(run: ActiveRun): void {
  if (!active.delete(run)) return;
  if (active.size === 0) uninstallHandlers();
}

/** Checks `timeout` (whole seconds ≥ 1, as execute.py and nbclient take it). */
export function checkTimeout(timeout: number): number {
  if (!Number.isInteger(timeout) || timeout < 1) {
    throw new Error(
      `the per-cell timeout must be a whole number of seconds ≥ 1 (nbclient counts whole seconds), got ${timeout}`,
    );
  }
  return timeout;
}

/** Executes one notebook. Never throws for a cell error; returns { ok: false, message }. */
export async function runNotebook(input: string, opts: RunOptions = {}): Promise<RunResult> {
  const timeout = checkTimeout(opts.timeout ?? (opts.quick ? 300 : 600));
  // Fails before anything starts when the region is unknown (the message lists the valid codes).
  const intensity = gridIntensity(opts.region ?? process.env.FOOTPRINT_REGION ?? DEFAULT_REGION);
  const root = opts.root ?? repoRoot();
  const started = performance.now();
  const quick = opts.quick ?? false;
  const python = opts.python ?? findPython();
  if (!python) return { ok: false, input, message: INSTALL_HINT, seconds: 0 };
  const kernelDir = ensurePrivateKernel(python, root);
  const outDir = opts.outDir ?? (quick ? path.join(root, ".scratch", "notebooks") : path.dirname(input));
  const output = path.join(outDir, path.basename(input));

  const work = mkdtempSync(path.join(os.tmpdir(), "footprint-nb-"));
  const executed = path.join(work, "executed.ipynb");
  const reportFile = path.join(work, "report.json");
  const script = path.join(root, "src", "lib", "notebook", "execute.py");
  const args = [
    "-Xfrozen_modules=off",
    script,
    `--input=${input}`,
    `--output=${executed}`,
    `--report=${reportFile}`,
    `--kernel-dir=${kernelDir}`,
    `--timeout=${timeout}`,
    `--pid-file=${path.join(work, "kernel.pid")}`,
    `--owned-dir=${work}`,
  ];
  const env = pythonEnv({
    FOOTPRINT_QUICK: quick ? "1" : "0",
    // Stored notebooks keep each figure once (its Plotly JSON), without the static HTML copy.
    FOOTPRINT_FIGURE_FALLBACK: "0",
    // Energy records of the cells name the commit the run started from (see energy/hardware.ts).
    ...(opts.gitCommit ? { FOOTPRINT_GIT_COMMIT: opts.gitCommit } : {}),
    JUPYTER_PATH: path.join(kernelDir, ".."),
    // Temporary files of execute.py and the kernel (jupyter_client's connection file among them)
    // live in the run's folder, removed with it however the run ends.
    JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
    TMPDIR: path.join(work, "tmp"),
  });
  mkdirSync(path.join(work, "tmp"));
  let run: ActiveRun | undefined;
  try {
    type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };
    const { code, signal, stderr } = await new Promise<Exit>((resolve, reject) => {
      // Its own process group: a Ctrl-C in the terminal reaches the runner, which stops the run.
      const child = spawn(python, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      run = { child, work };
      track(run);
      let err = "";
      child.stdout.on("data", (d: Buffer) => opts.log?.(d.toString()));
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        opts.log?.(d.toString());
      });
      child.on("error", reject);
      child.on("close", (c, sig) => resolve({ code: c, signal: sig, stderr: err }));
    });
    let report: ExecutionReport | undefined;
    try {
      report = JSON.parse(readFileSync(reportFile, "utf8")) as ExecutionReport;
    } catch {
      report = undefined;
    }
    const seconds = (performance.now() - started) / 1000;
    const rel = path.relative(root, input) || input;
    if (code !== 0 || !report?.ok) {
      const message = report
        ? describeFailure(rel, report)
        : `${rel}: execute.py ${signal ? `was stopped by ${signal}` : `exited ${code}`}:\n${stderr.trim().split("\n").slice(-15).join("\n")}`;
      return { ok: false, input, message, report, seconds };
    }
    const nb = parseNotebook(readFileSync(executed, "utf8"), executed);
    const { hardware, power } = hardwareDescription();
    attachFootprint(nb, report, {
      power,
      quick,
      date: new Date().toISOString(),
      hardware: { ...hardware, gitCommit: opts.gitCommit ?? gitCommit(root) },
      runner: quick ? "npm run notebooks -- --quick" : "npm run notebooks",
      carbon: { intensity, pue: DEFAULT_PUE },
      dirty: opts.dirty,
      allowDirty: opts.allowDirty,
    });
    stripVolatileMetadata(nb);
    writeFileAtomic(output, serializeNotebook(nb));
    return { ok: true, input, output, report, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (run) {
      // execute.py stops the kernel itself; if it was killed from outside, the kernel may be left.
      if (run.child.signalCode !== null) killAll(kernelPid(work));
      stopRun(run);
      untrack(run);
    } else {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
