/**
 * The meter: `startMeter(label)` … `stop(work)` → EnergyRecord, and `measure(label, fn, { work })`. Node-only.
 * `work` is the unit of work the block did (`{ unit: "predictions", count: 872 }`): every record written
 * says what it measured, so energy per unit can be recomputed from it.
 *
 * For each component it uses the best source available and labels it:
 *   cpu  → RAPL package counters (`measured:rapl`), else process CPU time × per-core TDP (`estimated:tdp`)
 *   dram → RAPL dram counters (`measured:rapl`), else mean RSS × 0.3725 W/GB (`estimated:tdp`)
 *   gpu  → integrated nvidia-smi power (`measured:nvidia-smi`) when a GPU answers; absent otherwise
 * then IT joules × PUE × grid intensity → gCO2e.
 */
import * as tf from "@tensorflow/tfjs-core";
import { DEFAULT_REGION, gridIntensity, resolvePue } from "./carbon";
import type { CpuIdentity } from "./cpuPower";
import { WATTS_PER_GB, cpuPowerFor, estimateJoules } from "./cpuPower";
import { detectCpu, gitCommit, totalMemoryGB } from "./hardware";
import { startNvidiaSmi } from "./nvidiaSmi";
import { integratePower } from "./nvidiaSmiParse";
import { DEFAULT_POWERCAP_ROOT, RaplAccumulator, probeRapl, samplePeriodMs } from "./rapl";
import type { EnergyRecordV2, MethodLabel, Work } from "./schema";
import { WorkSchema, parseEnergyRecord } from "./schema";
import { joulesToKWh } from "./units";
import { withDefaults } from "../util/withDefaults";

export interface MeterOptions {
  /** Grid region code (ISO alpha-3 or Ember aggregate). Default: FOOTPRINT_REGION or "WORLD". */
  region?: string;
  /** Explicit grid intensity in gCO2e/kWh (overrides the dataset). */
  intensity?: { gCO2ePerKWh: number; source?: string; year?: string };
  /** PUE: a number ≥ 1 or { value, source }. Default 1.0 (personal machine). */
  pue?: number | { value: number; source?: string };
  /** Backend name to record. Default: tf.getBackend() or "none". */
  backend?: string;
  /** FLOPs done by the block, when known (FLOP accounting). */
  flops?: number;
  /** powercap root, for tests (default /sys/class/powercap); `false` disables RAPL. */
  powercapRoot?: string | false;
  /** nvidia-smi command and args, for tests; `false` disables the GPU sampler. */
  nvidiaSmi?: { command: string; args?: string[]; waitForExit?: boolean } | false;
  /** Override the CPU identity (tests) or the per-core power (a CPU missing from the table). */
  cpu?: Partial<CpuIdentity> & { wattsPerCore?: number; source?: string };
  /** Memory sampling period for the estimate (ms). Default 250. */
  memorySampleMs?: number;
  /** Caveats to keep with the record (e.g. "grid location of this VM unknown: world average"). */
  notes?: string[];
  /** Environment for FOOTPRINT_REGION (default process.env). */
  env?: Record<string, string | undefined>;
}

export interface Meter {
  /** Stops the meter and returns the record of the block, which did `work`. Call once. */
  stop(work: Work): Promise<EnergyRecordV2>;
  /** Stops the meter without a record (the work failed): timers and the GPU sampler are released. */
  abort(): Promise<void>;
}

function checkWork(work: unknown, label: string): Work {
  const result = WorkSchema.safeParse(work);
  if (result.success) return result.data;
  throw new Error(
    `Meter "${label}": stop(work) needs the unit of work the block did, e.g. { unit: "predictions", count: 872 } ` +
      `(units: predictions, sentences, characters, tokens, steps, flops); got ${JSON.stringify(work)}`,
  );
}

function currentBackend(): string {
  try {
    return tf.getBackend() || "none";
  } catch {
    return "none";
  }
}

/** Starts measuring now. Call `stop()` once; it resolves with a validated EnergyRecord. */
export function startMeter(label: string, opts: MeterOptions = {}): Meter {
  const env = opts.env ?? process.env;
  // Resolve everything that can fail BEFORE the work starts, so a bad region fails fast.
  const intensity = gridIntensity(opts.region ?? env.FOOTPRINT_REGION ?? DEFAULT_REGION, opts.intensity);
  const pue = resolvePue(opts.pue);
  const notes: string[] = [...(opts.notes ?? [])];

  const detected = detectCpu();
  const cpu: CpuIdentity = withDefaults(detected, opts.cpu ?? {});
  const cpuPower =
    opts.cpu?.wattsPerCore !== undefined
      ? { wattsPerCore: opts.cpu.wattsPerCore, source: opts.cpu.source ?? "user override" }
      : cpuPowerFor(cpu);

  // RAPL
  let rapl: RaplAccumulator | undefined;
  let raplTimer: ReturnType<typeof setInterval> | undefined;
  if (opts.powercapRoot !== false) {
    const probe = probeRapl(opts.powercapRoot ?? DEFAULT_POWERCAP_ROOT);
    if (probe.ok) {
      rapl = new RaplAccumulator(probe.zones);
      raplTimer = setInterval(() => rapl!.sample(), samplePeriodMs(probe.zones));
      raplTimer.unref();
    } else if (probe.reason !== "absent") {
      notes.push(`${probe.message} Falling back to estimated:tdp.`);
    }
  }

  // GPU
  const smi =
    opts.nvidiaSmi === false ? undefined : startNvidiaSmi(opts.nvidiaSmi?.command, opts.nvidiaSmi?.args);

  // Process CPU time and memory, for the estimate
  const memSamples: number[] = [process.memoryUsage().rss];
  const memTimer = setInterval(() => memSamples.push(process.memoryUsage().rss), opts.memorySampleMs ?? 250);
  memTimer.unref();
  // The commit whose code runs: read at the start (an hour-long run ends after other commits), and
  // before cpu0, so that the git call's CPU time is not counted as the measured work's.
  const commitAtStart = gitCommit();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let stopped = false;

  return {
    async abort() {
      if (stopped) return;
      stopped = true;
      clearInterval(memTimer);
      if (raplTimer) clearInterval(raplTimer);
      if (smi) await smi.stop().catch(() => undefined);
    },
    async stop(workIn: Work) {
      if (stopped) throw new Error(`Meter "${label}" was already stopped`);
      const work = checkWork(workIn, label);
      stopped = true;
      const seconds = (performance.now() - t0) / 1000;
      const cpuDelta = process.cpuUsage(cpu0);
      clearInterval(memTimer);
      memSamples.push(process.memoryUsage().rss);
      if (raplTimer) clearInterval(raplTimer);
      rapl?.sample();
      if (smi && opts.nvidiaSmi && opts.nvidiaSmi.waitForExit) await smi.exited; // replayed output (tests)
      const gpuRun = smi ? await smi.stop() : undefined;

      const cpuSeconds = (cpuDelta.user + cpuDelta.system) / 1e6;
      const memoryGBAverage = memSamples.reduce((a, b) => a + b, 0) / memSamples.length / 1e9;
      const est = estimateJoules({
        cpuSeconds,
        wattsPerCore: cpuPower.wattsPerCore,
        memoryGBAverage,
        seconds,
      });

      const method: EnergyRecordV2["method"] = { cpu: "estimated:tdp", dram: "estimated:tdp" };
      const joules: EnergyRecordV2["joules"] = { total: 0, cpu: est.cpu, dram: est.dram };
      if (rapl) {
        const t = rapl.totals();
        notes.push(...rapl.warnings);
        method.cpu = "measured:rapl";
        joules.cpu = t.cpu;
        if (t.dram !== null) {
          method.dram = "measured:rapl";
          joules.dram = t.dram;
        }
        notes.push("measured:rapl counts the whole CPU package (all processes), not only this one");
      }
      let gpuName: string | null = null;
      if (gpuRun && gpuRun.readings.length > 0) {
        const g = integratePower(gpuRun.readings);
        gpuName = g.gpus.join("; ");
        if (g.joules > 0 || gpuRun.readings.some((r) => r.watts !== null)) {
          method.gpu = "measured:nvidia-smi" satisfies MethodLabel;
          joules.gpu = g.joules;
        } else {
          notes.push("nvidia-smi reported no power reading ([N/A]): GPU energy not counted");
        }
        if (g.skipped > 0) notes.push(`${g.skipped} nvidia-smi readings were [N/A] and skipped`);
      }
      joules.total = joules.cpu + joules.dram + (joules.gpu ?? 0);
      const facilityJoules = joules.total * pue.value;
      const estimated = method.cpu === "estimated:tdp" || method.dram === "estimated:tdp";

      const record: EnergyRecordV2 = {
        schemaVersion: 2,
        label,
        date: new Date().toISOString(),
        seconds,
        method,
        joules,
        facilityJoules,
        gCO2e: joulesToKWh(facilityJoules) * intensity.gCO2ePerKWh,
        region: intensity.region,
        intensity: { gCO2ePerKWh: intensity.gCO2ePerKWh, source: intensity.source, year: intensity.year },
        pue,
        hardware: {
          cpuModel: cpu.model,
          cpuCores: cpu.logicalCpus,
          memoryGB: totalMemoryGB(),
          gpu: gpuName,
          ...(estimated ? { cpuPowerSource: cpuPower.source } : {}),
        },
        backend: opts.backend ?? currentBackend(),
        gitCommit: commitAtStart,
        ...(estimated
          ? {
              estimate: {
                cpuSeconds,
                wattsPerCore: cpuPower.wattsPerCore,
                memoryGBAverage,
                wattsPerGB: WATTS_PER_GB,
              },
            }
          : {}),
        ...(opts.flops !== undefined ? { flops: opts.flops } : {}),
        ...(notes.length ? { notes } : {}),
        work,
      };
      return parseEnergyRecord(record, `energy record "${label}"`) as EnergyRecordV2;
    },
  };
}

export interface MeasureOptions<T> extends MeterOptions {
  /** The unit of work `fn` does, or a function of its result that counts it. */
  work: Work | ((result: T) => Work);
}

/** Runs `fn` under a meter. The record is returned even if you do not append it to the ledger. */
export async function measure<T>(
  label: string,
  fn: () => T | Promise<T>,
  opts: MeasureOptions<T>,
): Promise<{ result: T; record: EnergyRecordV2 }> {
  const meter = startMeter(label, opts);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await meter.abort();
    throw err;
  }
  const record = await meter.stop(typeof opts.work === "function" ? opts.work(result) : opts.work);
  return { result, record };
}
