/**
 * Parsing and integrating `nvidia-smi` power readings (pure, browser-safe; see nvidiaSmi.ts for the sampler).
 */

export const NVIDIA_SMI_ARGS = [
  "--query-gpu=timestamp,index,name,power.draw",
  "--format=csv,noheader,nounits",
  "-lms",
  "500",
];

export interface PowerReading {
  /** Milliseconds (from nvidia-smi's timestamp, else arrival time). */
  timeMs: number;
  gpu: number;
  name: string;
  /** Watts, or null for `[N/A]` / `[Not Supported]`. */
  watts: number | null;
}

/** "2024/05/27 10:49:55.123" → ms since epoch (read as UTC: only differences matter). */
export function parseSmiTimestamp(text: string): number | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms ? Number(ms.padEnd(3, "0")) : 0);
}

/**
 * Parses lines of `timestamp, index, name, power.draw` (csv, noheader, nounits).
 * Lines that do not have that shape are ignored (nvidia-smi prints nothing else in this mode,
 * but a driver error message must not crash the meter).
 */
export function parseNvidiaSmiLines(text: string, arrivalMs: number = Date.now()): PowerReading[] {
  const readings: PowerReading[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.split(",").map((p) => p.trim());
    if (parts.length < 4) continue;
    const [stamp, index, ...rest] = parts;
    const power = rest.pop()!;
    if (!/^\d+$/.test(index!)) continue;
    const watts = /^\d+(\.\d+)?$/.test(power) ? Number(power) : null;
    if (watts === null && !/^\[.*\]$/.test(power)) continue;
    readings.push({
      timeMs: parseSmiTimestamp(stamp!) ?? arrivalMs,
      gpu: Number(index),
      name: rest.join(","),
      watts,
    });
  }
  return readings;
}

/** Trapezoid integral of each GPU's valid readings, in joules. GPUs with < 2 valid readings give 0. */
export function integratePower(readings: PowerReading[]): {
  joules: number;
  gpus: string[];
  skipped: number;
} {
  const byGpu = new Map<number, PowerReading[]>();
  let skipped = 0;
  const names = new Map<number, string>();
  for (const r of readings) {
    names.set(r.gpu, r.name);
    if (r.watts === null) {
      skipped += 1;
      continue;
    }
    const list = byGpu.get(r.gpu) ?? [];
    list.push(r);
    byGpu.set(r.gpu, list);
  }
  let joules = 0;
  for (const list of byGpu.values()) {
    list.sort((a, b) => a.timeMs - b.timeMs);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      joules += (((a.watts ?? 0) + (b.watts ?? 0)) / 2) * ((b.timeMs - a.timeMs) / 1000);
    }
  }
  const gpus = [...names.entries()].sort((a, b) => a[0] - b[0]).map(([i, n]) => `${i}: ${n}`);
  return { joules, gpus, skipped };
}
