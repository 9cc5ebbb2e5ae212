/**
 * Turns the execution helper's per-cell measurements (wall seconds, kernel CPU seconds, kernel RSS)
 * into `cell.metadata.footprint` and notebook totals, with the energy library's `estimated:tdp`
 * arithmetic: joules = CPU-seconds × watts per core + mean memory (GB) × seconds × watts per GB.
 * Pure: the CPU's power is passed in (the runner looks it up with `cpuPowerFor(detectCpu())`), and
 * so are the grid intensity and PUE behind the run's CO2e (`gridIntensity`, `resolvePue`).
 */
import type { Intensity } from "../energy/carbon";
import { estimateJoules, WATTS_PER_GB } from "../energy/cpuPower";
import { gramsCO2e } from "../energy/units";
import type { CellFootprint, Notebook, NotebookFootprint } from "./format";
import { roundSig } from "./format";

/** One code cell as measured by execute.py. */
export interface CellMeasurement {
  seconds: number;
  cpuSeconds: number | null;
  /** Kernel resident memory before and after the cell, bytes (null when unreadable). */
  rssBytes?: [number | null, number | null];
}

/** What execute.py writes to its --report file. */
export interface ExecutionReport {
  ok: boolean;
  input: string;
  seconds: number;
  cells: Record<string, CellMeasurement>;
  /** kind "died": the kernel process ended during the cell (process.exit(), out of memory, a crash). */
  failure: { cellIndex: number; firstLine: string; kind: "error" | "timeout" | "died"; error: string } | null;
  setupError?: string;
}

export interface PowerModel {
  /** Watts per CPU-second (per-core TDP). */
  wattsPerCore: number;
  /** Where wattsPerCore comes from (stored with the totals). */
  source: string;
  wattsPerGB?: number;
}

export interface FootprintContext {
  power: PowerModel | null;
  quick: boolean;
  date: string;
  hardware: Record<string, unknown>;
  runner?: string;
  /** Grid intensity and PUE for the run's CO2e: gCO2e = kWh × PUE × intensity (energy/units gramsCO2e). */
  carbon?: { intensity: Intensity; pue: { value: number; source: string } };
  /** Whether tracked files differed from the commit the run started at (null: not a git checkout). */
  dirty?: boolean | null;
  /** The run was allowed to overwrite committed outputs from a dirty tree (--allow-dirty). */
  allowDirty?: boolean;
}

/** The footprint of one measured cell: joules when CPU time and a power model are known. */
export function cellFootprint(m: CellMeasurement, power: PowerModel | null): CellFootprint {
  const rss: number[] = [];
  for (const x of m.rssBytes ?? []) if (typeof x === "number") rss.push(x);
  const memoryGBAverage = rss.length ? rss.reduce((a, b) => a + b, 0) / rss.length / 1e9 : 0;
  if (m.cpuSeconds === null || power === null) {
    return {
      seconds: roundSig(m.seconds, 4),
      cpuSeconds: m.cpuSeconds === null ? null : roundSig(m.cpuSeconds, 3),
      joules: null,
      method: m.cpuSeconds === null ? "wall-time" : "cpu-time",
    };
  }
  const j = estimateJoules({
    cpuSeconds: m.cpuSeconds,
    wattsPerCore: power.wattsPerCore,
    memoryGBAverage,
    seconds: m.seconds,
    wattsPerGB: power.wattsPerGB ?? WATTS_PER_GB,
  });
  return {
    seconds: roundSig(m.seconds, 4),
    cpuSeconds: roundSig(m.cpuSeconds, 3),
    joules: roundSig(j.cpu + j.dram, 3),
    method: "estimated:tdp",
  };
}

/**
 * Writes `cell.metadata.footprint` on every measured code cell (removing stale ones from cells not
 * measured) and `metadata.footprint` totals. Mutates and returns `nb`. Sources are never touched.
 */
export function attachFootprint(nb: Notebook, report: ExecutionReport, ctx: FootprintContext): Notebook {
  let seconds = 0;
  let cpuSeconds: number | null = 0;
  let joules: number | null = 0;
  const methods = new Set<string>();
  nb.cells.forEach((cell, i) => {
    const m = report.cells[String(i)];
    if (cell.cell_type !== "code" || !m) {
      delete cell.metadata.footprint;
      return;
    }
    const f = cellFootprint(m, ctx.power);
    cell.metadata.footprint = f;
    methods.add(f.method);
    seconds += m.seconds;
    cpuSeconds = cpuSeconds === null || f.cpuSeconds === null ? null : cpuSeconds + f.cpuSeconds;
    joules = joules === null || f.joules === null ? null : joules + f.joules;
  });
  const total: NotebookFootprint = {
    seconds: roundSig(seconds, 4),
    cpuSeconds: cpuSeconds === null ? null : roundSig(cpuSeconds, 4),
    joules: joules === null ? null : roundSig(joules, 4),
    method: [...methods].sort().join("+") || "none",
    /** Wall time of the whole run, kernel start-up and shutdown included. */
    runSeconds: roundSig(report.seconds, 4),
    date: ctx.date,
    quick: ctx.quick,
    hardware: {
      ...ctx.hardware,
      ...(ctx.power
        ? { wattsPerCore: roundSig(ctx.power.wattsPerCore, 4), cpuPowerSource: ctx.power.source }
        : {}),
      wattsPerGB: ctx.power?.wattsPerGB ?? WATTS_PER_GB,
    },
    runner: ctx.runner ?? "npm run notebooks",
  };
  if (ctx.carbon) {
    const { intensity, pue } = ctx.carbon;
    total.region = intensity.region;
    total.intensity = {
      gCO2ePerKWh: intensity.gCO2ePerKWh,
      source: intensity.source,
      year: intensity.year,
    };
    total.pue = { value: pue.value, source: pue.source };
    total.gCO2e = joules === null ? null : roundSig(gramsCO2e(joules, intensity.gCO2ePerKWh, pue.value), 3);
  }
  if (ctx.dirty !== undefined) total.dirty = ctx.dirty;
  if (ctx.allowDirty) total.allowDirty = true;
  nb.metadata.footprint = total;
  return nb;
}

/** One-line description of a failed run: notebook, cell index, first line and the error. */
export function describeFailure(notebookPath: string, report: ExecutionReport): string {
  const f = report.failure;
  if (!f) return `${notebookPath}: ${report.setupError ?? "execution failed"}`;
  const what = f.kind === "timeout" ? "timed out" : f.kind === "died" ? "stopped the kernel" : "failed";
  return `${notebookPath}: cell ${f.cellIndex} (\`${f.firstLine}\`) ${what}: ${f.error}`;
}
