/**
 * From our measured runs to LLM scale. Browser-safe: the site's calculator calls these.
 *
 *   training FLOPs C ≈ 6 · N · D            (N parameters, D tokens; Kaplan et al. 2020, §2.1)
 *   (a) this machine:  E = C × (J/FLOP measured here)
 *   (b) a reference GPU at utilization u:  GPU-seconds = C / (peak × u),  E = GPU-seconds × TDP
 *   facility energy = E × PUE;  CO2e = facility kWh × grid intensity
 *
 * (b) charges the GPU's full TDP and nothing for host CPUs, memory, network or idle time: it is a
 * rough, GPU-only figure, lower than a full-system account and higher than a GPU that draws less
 * than TDP at that utilization.
 */
import type { ReferenceGpu } from "./published";
import { DEFAULT_UTILIZATION, REFERENCE_GPUS } from "./published";
import { assertFiniteNonNegative, assertPue, joulesToKWh } from "./units";

/** C = 6·N·D: forward (2·N·D) + backward (4·N·D) FLOPs of training a dense transformer. */
export function trainingFlops(params: number, tokens: number): number {
  assertFiniteNonNegative(params, "params");
  assertFiniteNonNegative(tokens, "tokens");
  return 6 * params * tokens;
}

/** Achieved FLOP/s of a run. */
export function achievedFlopsPerSecond(flops: number, seconds: number): number {
  assertFiniteNonNegative(flops, "flops");
  if (!(seconds > 0)) throw new Error(`seconds must be > 0, got ${seconds}`);
  return flops / seconds;
}

/** Joules per FLOP of a run (energy efficiency; lower is better). */
export function joulesPerFlop(joules: number, flops: number): number {
  assertFiniteNonNegative(joules, "joules");
  if (!(flops > 0)) throw new Error(`flops must be > 0, got ${flops}`);
  return joules / flops;
}

/**
 * Efficiency over several runs: total joules / total FLOPs of the records that carry a FLOP count
 * (a FLOP-weighted mean, so one tiny run cannot dominate). Null when no record has FLOPs.
 */
export function pooledJoulesPerFlop(
  records: readonly { joules: { total: number }; flops?: number; seconds: number }[],
): { joulesPerFlop: number; flopsPerSecond: number; runs: number } | null {
  const withFlops = records.filter((r) => r.flops !== undefined && r.flops > 0);
  if (withFlops.length === 0) return null;
  const j = withFlops.reduce((a, r) => a + r.joules.total, 0);
  const f = withFlops.reduce((a, r) => a + r.flops!, 0);
  const s = withFlops.reduce((a, r) => a + r.seconds, 0);
  return { joulesPerFlop: j / f, flopsPerSecond: f / s, runs: withFlops.length };
}

export function referenceGpu(id: string): ReferenceGpu {
  const gpu = REFERENCE_GPUS.find((g) => g.id === id);
  if (!gpu)
    throw new Error(
      `Unknown reference GPU "${id}". Use one of: ${REFERENCE_GPUS.map((g) => g.id).join(", ")}.`,
    );
  return gpu;
}

/** Energy (J) and GPU-hours to run `flops` on a reference GPU at `utilization` (0 < u ≤ 1). */
export function gpuEnergy(
  flops: number,
  gpu: Pick<ReferenceGpu, "peakFlops" | "tdpWatts">,
  utilization = DEFAULT_UTILIZATION,
): { joules: number; gpuHours: number; joulesPerFlop: number } {
  assertFiniteNonNegative(flops, "flops");
  if (!(utilization > 0 && utilization <= 1))
    throw new Error(`utilization must be in (0, 1], got ${utilization}`);
  const gpuSeconds = flops / (gpu.peakFlops * utilization);
  return {
    joules: gpuSeconds * gpu.tdpWatts,
    gpuHours: gpuSeconds / 3600,
    joulesPerFlop: gpu.tdpWatts / (gpu.peakFlops * utilization),
  };
}

export interface CalculatorInput {
  params: number;
  tokens: number;
  /** A reference GPU id ("v100", "a100", "h100") or a measured efficiency in J/FLOP. */
  hardware: { gpu: string; utilization?: number } | { joulesPerFlop: number; label?: string };
  pue: number;
  /** gCO2e per kWh. */
  intensity: number;
}

export interface CalculatorResult {
  flops: number;
  /** IT energy, kWh. */
  kWh: number;
  /** Facility energy (× PUE), kWh. */
  facilityKWh: number;
  tCO2e: number;
  joulesPerFlop: number;
  gpuHours?: number;
}

/** The calculator: N params × D tokens on some hardware → kWh and tCO2e. */
export function trainingFootprint(input: CalculatorInput): CalculatorResult {
  assertPue(input.pue);
  assertFiniteNonNegative(input.intensity, "intensity");
  const flops = trainingFlops(input.params, input.tokens);
  let joules: number;
  let jPerFlop: number;
  let gpuHours: number | undefined;
  if ("gpu" in input.hardware) {
    const g = gpuEnergy(flops, referenceGpu(input.hardware.gpu), input.hardware.utilization);
    joules = g.joules;
    jPerFlop = g.joulesPerFlop;
    gpuHours = g.gpuHours;
  } else {
    assertFiniteNonNegative(input.hardware.joulesPerFlop, "joulesPerFlop");
    jPerFlop = input.hardware.joulesPerFlop;
    joules = flops * jPerFlop;
  }
  const kWh = joulesToKWh(joules);
  const facilityKWh = kWh * input.pue;
  return {
    flops,
    kWh,
    facilityKWh,
    tCO2e: (facilityKWh * input.intensity) / 1e6,
    joulesPerFlop: jPerFlop,
    ...(gpuHours !== undefined ? { gpuHours } : {}),
  };
}
