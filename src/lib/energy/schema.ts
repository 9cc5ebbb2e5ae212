/**
 * The energy record: one measured (or estimated) block of work, as stored in
 * data/energy/ledger.jsonl. Browser-safe (zod only), so the site validates the same shape.
 *
 * Every energy figure carries its provenance per component:
 *   - `measured:rapl`        Linux powercap / RAPL counters (whole CPU package, all processes)
 *   - `measured:nvml`        NVML total-energy counter (not implemented here; reserved)
 *   - `measured:nvidia-smi`  integrated `nvidia-smi` power readings
 *   - `estimated:tdp`        process CPU time × per-core TDP + memory × 0.3725 W/GB (Green Algorithms)
 */
import { z } from "zod";

export const METHOD_LABELS = [
  "measured:rapl",
  "measured:nvml",
  "measured:nvidia-smi",
  "estimated:tdp",
] as const;
export type MethodLabel = (typeof METHOD_LABELS)[number];

/** Components we account for separately (as CodeCarbon does: cpu_energy, ram_energy, gpu_energy). */
export const COMPONENTS = ["cpu", "dram", "gpu"] as const;
export type Component = (typeof COMPONENTS)[number];

const nonNegative = z.number().finite().nonnegative();
const methodLabel = z.enum(METHOD_LABELS);

export const EnergyRecordSchema = z
  .object({
    /** Format version of this record; bump when fields change meaning. */
    schemaVersion: z.literal(1),
    /** What ran, e.g. "bench:attention T=128" or "notebook:03-sentiment train". */
    label: z.string().min(1),
    /** ISO 8601 time the measurement stopped. */
    date: z.iso.datetime({ offset: true }),
    /** Wall-clock duration in seconds. */
    seconds: nonNegative,
    /** How each component's energy was obtained. Only components present here are counted. */
    method: z.object({ cpu: methodLabel, dram: methodLabel, gpu: methodLabel.optional() }),
    /** Energy in joules, total and per component (total = cpu + dram + gpu, before PUE). */
    joules: z.object({
      total: nonNegative,
      cpu: nonNegative,
      dram: nonNegative,
      gpu: nonNegative.optional(),
    }),
    /** Facility energy = IT energy × PUE, in joules. */
    facilityJoules: nonNegative,
    /** Grams of CO2-equivalent: facilityJoules → kWh × intensity. */
    gCO2e: nonNegative,
    /** Grid region code the intensity belongs to (ISO 3166 alpha-3, or an Ember aggregate like WORLD). */
    region: z.string().min(1),
    intensity: z.object({
      /** Grid carbon intensity in gCO2e per kWh. */
      gCO2ePerKWh: nonNegative,
      /** Dataset or person that supplied the value. */
      source: z.string().min(1),
      /** Year (or years) the value describes. */
      year: z.string().min(1),
    }),
    pue: z.object({ value: z.number().finite().min(1), source: z.string().min(1) }),
    hardware: z.object({
      cpuModel: z.string().min(1),
      /** Logical CPUs the OS reports. */
      cpuCores: z.number().int().positive(),
      /** Total system memory in GB (1e9 bytes). */
      memoryGB: nonNegative,
      /** GPU names, or null when none is visible. */
      gpu: z.string().nullable(),
      /** Where the per-core power used by `estimated:tdp` came from (omitted when not estimated). */
      cpuPowerSource: z.string().optional(),
    }),
    /** TensorFlow.js backend in use ("wasm", "tensorflow", ...), or "none". */
    backend: z.string().min(1),
    /** `git rev-parse HEAD` of the code that ran (with "-dirty" when the tree had changes), or "unknown". */
    gitCommit: z.string().min(1),
    /** Inputs of the estimate, kept so anyone can redo the arithmetic. */
    estimate: z
      .object({
        cpuSeconds: nonNegative,
        wattsPerCore: nonNegative,
        memoryGBAverage: nonNegative,
        wattsPerGB: nonNegative,
      })
      .optional(),
    /** Floating-point operations done by the block, when the caller knows them (FLOP accounting). */
    flops: nonNegative.optional(),
    /** Fallback reasons and caveats, e.g. "RAPL unreadable (EACCES): ...". */
    notes: z.array(z.string()).optional(),
  })
  .superRefine((r, ctx) => {
    const sum = r.joules.cpu + r.joules.dram + (r.joules.gpu ?? 0);
    if (Math.abs(sum - r.joules.total) > 1e-6 * Math.max(1, sum)) {
      ctx.addIssue({
        code: "custom",
        path: ["joules", "total"],
        message: `must equal cpu + dram + gpu (= ${sum}), got ${r.joules.total}`,
      });
    }
    if ((r.joules.gpu === undefined) !== (r.method.gpu === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["method", "gpu"],
        message: "joules.gpu and method.gpu must be both present or both absent",
      });
    }
    const facility = r.joules.total * r.pue.value;
    if (Math.abs(facility - r.facilityJoules) > 1e-6 * Math.max(1, facility)) {
      ctx.addIssue({
        code: "custom",
        path: ["facilityJoules"],
        message: `must equal joules.total × pue.value (= ${facility}), got ${r.facilityJoules}`,
      });
    }
  });

export type EnergyRecord = z.infer<typeof EnergyRecordSchema>;

/**
 * Validates an unknown value as an EnergyRecord; throws an Error naming every bad field
 * (dotted path), what was expected, and where the record came from.
 */
export function parseEnergyRecord(value: unknown, where = "energy record"): EnergyRecord {
  const result = EnergyRecordSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(record)";
    return `field "${field}": ${issue.message}`;
  });
  throw new Error(`Invalid ${where}: ${problems.join("; ")}`);
}
