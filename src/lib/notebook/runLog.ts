/**
 * data/notebooks/runs.json: the latest measured run of each notebook, full and quick, kept for the
 * facilitator guide's agenda (which sizes workshop blocks from measured times, not guesses).
 * Written by `npm run notebooks` after a successful run to the default destination.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { NotebookFootprint } from "./format";

export const RUN_LOG = path.join("data", "notebooks", "runs.json");

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

/** Records the run of `name` (e.g. "01-deriving-attention") in `file`, atomically. */
export function recordRun(root: string, name: string, footprint: NotebookFootprint, file = RUN_LOG): void {
  const target = path.join(root, file);
  const log: RunLog = existsSync(target) ? (JSON.parse(readFileSync(target, "utf8")) as RunLog) : {};
  log[name] = { ...log[name], [footprint.quick ? "quick" : "full"]: loggedRun(footprint) };
  const sorted = Object.fromEntries(Object.entries(log).sort(([a], [b]) => a.localeCompare(b)));
  writeFileAtomic(target, JSON.stringify(sorted, null, 2) + "\n");
}
