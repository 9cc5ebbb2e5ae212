/**
 * data/notebooks/runs.json: the latest measured run of each notebook, full and quick, kept for the
 * facilitator guide's agenda (which sizes workshop blocks from measured times, not guesses).
 * Written by `npm run notebooks` after a successful full run to the default destination; quick
 * runs go to .scratch/notebooks/runs.json unless recorded with `--record`.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { NotebookFootprint } from "./format";

export const RUN_LOG = path.join("data", "notebooks", "runs.json");
/** Where quick runs are logged by default (not committed). */
export const QUICK_RUN_LOG = path.join(".scratch", "notebooks", "runs.json");

export interface LoggedRun {
  seconds: number;
  joules: number | null;
  method: string;
  date: string;
  /** "CPU model (N cores), backend-independent": what the time was measured on. */
  hardware: string;
}

export type RunLog = Record<string, { full?: LoggedRun; quick?: LoggedRun }>;

/** Summarises a notebook's footprint totals as one run-log entry. */
export function loggedRun(f: NotebookFootprint): LoggedRun {
  const hw = f.hardware as { cpuModel?: string; logicalCpus?: number };
  return {
    // Whole run, kernel start-up included: what a participant waits for.
    seconds: typeof f.runSeconds === "number" ? f.runSeconds : f.seconds,
    joules: f.joules,
    method: f.method,
    date: f.date,
    hardware: `${hw.cpuModel ?? "unknown CPU"} (${hw.logicalCpus ?? "?"} logical CPUs)`,
  };
}

/** Reads a run log; throws naming the file (and the entry) when it is not one. Missing: empty. */
export function readRunLog(target: string, shown = target): RunLog {
  if (!existsSync(target)) return {};
  const fix = "fix it, or delete it and rerun the notebooks (each run writes its own entry)";
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(target, "utf8"));
  } catch (e) {
    throw new Error(`${shown} is not valid JSON (${(e as Error).message}); ${fix}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`${shown} must hold an object of notebook names; ${fix}`);
  }
  for (const [name, entry] of Object.entries(raw)) {
    const ok =
      entry &&
      typeof entry === "object" &&
      !Array.isArray(entry) &&
      Object.entries(entry).every(
        ([k, v]) =>
          (k === "full" || k === "quick") &&
          v &&
          typeof v === "object" &&
          typeof (v as LoggedRun).seconds === "number",
      );
    if (!ok) throw new Error(`${shown}: entry "${name}" must be { full?, quick? } runs with seconds; ${fix}`);
  }
  return raw as RunLog;
}

/** Records the run of `name` (e.g. "01-deriving-attention") in `file`, atomically; a bad file is left as it is. */
export function recordRun(root: string, name: string, footprint: NotebookFootprint, file = RUN_LOG): void {
  const target = path.join(root, file);
  const log = readRunLog(target, file);
  log[name] = { ...log[name], [footprint.quick ? "quick" : "full"]: loggedRun(footprint) };
  const sorted = Object.fromEntries(Object.entries(log).sort(([a], [b]) => a.localeCompare(b)));
  writeFileAtomic(target, JSON.stringify(sorted, null, 2) + "\n");
}
