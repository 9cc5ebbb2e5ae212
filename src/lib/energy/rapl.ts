/**
 * RAPL energy counters through Linux powercap sysfs (`/sys/class/powercap/intel-rapl*`).
 * Intel CPUs, and AMD Zen since Linux 5.8 (same `intel-rapl` zone names). Node-only.
 *
 * Zones: `intel-rapl:N` are top-level (name `package-N`, or `psys` on some laptops); their
 * sub-zones `intel-rapl:N:M` are `core`, `uncore`, `dram`. Package already includes core and
 * uncore, and psys includes packages, so we SUM ONLY `package-*` zones for the CPU and report
 * `dram` zones separately (as CodeCarbon's IntelRAPL does).
 *
 * `energy_uj` is a cumulative µJ counter that wraps at `max_energy_range_uj`; a delta is
 * `cur - prev` or, after a wrap, `cur + (max - prev)`. That is only right if we sample at least
 * once per wrap period, so the sampler runs every min(1 s, wrap time at 1 kW / 4).
 * Since Linux 5.10 `energy_uj` is root-only (CVE-2020-8694, "PLATYPUS"): EACCES falls back.
 *
 * RAPL measures the whole package, every process on it: a measured record is an upper bound
 * for the block of work, an estimate is a per-process figure.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const DEFAULT_POWERCAP_ROOT = "/sys/class/powercap";

/** File access used by the reader; injectable so tests can simulate EACCES even when run as root. */
export interface RaplIo {
  readdir(dir: string): string[];
  readFile(file: string): string;
}

export const nodeRaplIo: RaplIo = {
  readdir: (dir) => readdirSync(dir),
  readFile: (file) => readFileSync(file, "utf8"),
};

export interface RaplZone {
  /** Directory, e.g. /sys/class/powercap/intel-rapl:0 */
  dir: string;
  name: string;
  kind: "package" | "dram";
  maxRangeUj: number;
}

export type RaplProbe =
  | { ok: true; zones: RaplZone[] }
  | { ok: false; reason: "absent" | "no-package-zones" | "permission" | "error"; message: string };

/** How to grant read access, quoted in the fallback message. */
export const RAPL_PERMISSION_HINT =
  "RAPL counters are root-only since Linux 5.10. To let this user read them: " +
  "`sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj /sys/class/powercap/intel-rapl:*:*/energy_uj` " +
  "(until reboot), or a udev rule in /etc/udev/rules.d/99-rapl.rules: " +
  '`SUBSYSTEM=="powercap", ACTION=="add", RUN+="/bin/chmod a+r /sys%p/energy_uj"`.';

function readNumber(file: string, io: RaplIo): number {
  const text = io.readFile(file).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isFinite(value))
    throw new Error(`${file}: expected an integer, got "${text}"`);
  return value;
}

/** Finds package and dram zones under `root` and checks that their counters are readable. */
export function probeRapl(root = DEFAULT_POWERCAP_ROOT, io: RaplIo = nodeRaplIo): RaplProbe {
  let entries: string[];
  try {
    entries = io.readdir(root).filter((e) => /^intel-rapl:\d+(:\d+)?$/.test(e));
  } catch {
    return { ok: false, reason: "absent", message: `no powercap tree at ${root}` };
  }
  if (entries.length === 0)
    return { ok: false, reason: "absent", message: `no intel-rapl zones under ${root}` };
  const zones: RaplZone[] = [];
  try {
    for (const entry of entries.sort()) {
      const dir = path.join(root, entry);
      const name = io.readFile(path.join(dir, "name")).trim();
      const kind = /^package-\d+$/.test(name) ? "package" : name === "dram" ? "dram" : undefined;
      if (!kind) continue; // psys, core, uncore: already contained in (or containing) package
      const maxRangeUj = readNumber(path.join(dir, "max_energy_range_uj"), io);
      readNumber(path.join(dir, "energy_uj"), io); // readable?
      zones.push({ dir, name, kind, maxRangeUj });
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") {
      return {
        ok: false,
        reason: "permission",
        message: `RAPL unreadable (${code}). ${RAPL_PERMISSION_HINT}`,
      };
    }
    return { ok: false, reason: "error", message: `RAPL unreadable: ${(err as Error).message}` };
  }
  if (!zones.some((z) => z.kind === "package")) {
    return { ok: false, reason: "no-package-zones", message: `no package-N zone under ${root}` };
  }
  return { ok: true, zones };
}

/** Counter delta in µJ between two readings, allowing for one wraparound. */
export function counterDelta(prev: number, cur: number, maxRange: number): number {
  return cur >= prev ? cur - prev : cur + (maxRange - prev);
}

/** Sampling period (ms) that cannot miss a wrap: a quarter of the wrap time at `maxWatts`, at most 1 s. */
export function samplePeriodMs(zones: RaplZone[], maxWatts = 1000): number {
  const minRangeJ = Math.min(...zones.map((z) => z.maxRangeUj / 1e6));
  return Math.max(10, Math.min(1000, ((minRangeJ / maxWatts) * 1000) / 4));
}

/**
 * Accumulates energy of package and dram zones. Call `sample()` periodically (the meter does)
 * and `totals()` at the end. Reports whether a gap between samples was long enough to risk a
 * missed wrap (e.g. the event loop was blocked by a long synchronous kernel).
 */
export class RaplAccumulator {
  private last: number[];
  private lastTime: number;
  private readonly acc: number[];
  readonly warnings: string[] = [];

  constructor(
    readonly zones: RaplZone[],
    private readonly now: () => number = () => performance.now(),
    private readonly maxWatts = 1000,
    private readonly io: RaplIo = nodeRaplIo,
  ) {
    this.last = zones.map((z) => readNumber(path.join(z.dir, "energy_uj"), io));
    this.acc = zones.map(() => 0);
    this.lastTime = now();
  }

  sample(): void {
    const t = this.now();
    const elapsedS = (t - this.lastTime) / 1000;
    this.zones.forEach((z, i) => {
      const cur = readNumber(path.join(z.dir, "energy_uj"), this.io);
      if (elapsedS * this.maxWatts * 1e6 > z.maxRangeUj) {
        this.warnings.push(
          `${z.name}: ${elapsedS.toFixed(1)} s between RAPL samples may hide a counter wrap ` +
            `(range ${(z.maxRangeUj / 1e6).toFixed(0)} J); energy may be undercounted`,
        );
      }
      this.acc[i]! += counterDelta(this.last[i]!, cur, z.maxRangeUj);
      this.last[i] = cur;
    });
    this.lastTime = t;
  }

  /** Joules so far: packages summed as cpu, dram zones summed as dram (null when there is none). */
  totals(): { cpu: number; dram: number | null } {
    let cpu = 0;
    let dram: number | null = null;
    this.zones.forEach((z, i) => {
      const joules = this.acc[i]! / 1e6;
      if (z.kind === "package") cpu += joules;
      else dram = (dram ?? 0) + joules;
    });
    return { cpu, dram };
  }
}
