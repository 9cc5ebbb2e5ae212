/**
 * The energy record: one measured (or estimated) block of work, as stored in
 * data/energy/ledger.jsonl. Browser-safe (zod only), so the site validates the same shape.
 *
 * Every energy figure carries its provenance per component:
 *   - `measured:rapl`        Linux powercap / RAPL counters (whole CPU package, all processes)
 *   - `measured:nvml`        NVML total-energy counter (not implemented here; reserved)
 *   - `measured:nvidia-smi`  integrated `nvidia-smi` power readings
 *   - `estimated:tdp`        process CPU time × per-core TDP + memory × 0.3725 W/GB (Green Algorithms)
 *
 * Versions: schemaVersion 2 adds `work`, the unit of work the block did and how many of them, so energy per
 * prediction / sentence / character … can be recomputed from the record (`joulesPerUnit`); per-unit energy is
 * never stored on its own. Version 1 records (no `work`) stay valid and readable; a v1 record whose count could
 * be recovered was migrated in place to v2, with `migratedFrom` naming the v1 line's id and `work.source`
 * saying where the count came from.
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

/** Units of work a record can be divided by. */
export const WORK_UNITS = ["predictions", "sentences", "characters", "tokens", "steps", "flops"] as const;
export type WorkUnit = (typeof WORK_UNITS)[number];

export const WorkSchema = z.object({
  unit: z.enum(WORK_UNITS),
  /** How many units the measured block did (a whole number, > 0). */
  count: z
    .number()
    .finite()
    .positive()
    .refine((n) => Number.isInteger(n), { message: "must be a whole number of units" }),
  /** Where the count comes from, when not counted by the code that ran (e.g. a migrated v1 record). */
  source: z.string().min(1).optional(),
});
/** The unit of work of a record: `{ unit: "predictions", count: 1744 }`. */
export type Work = z.infer<typeof WorkSchema>;

/** Fields shared by every version, in the order a record is written. */
const baseShape = {
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
};

type BaseRecord = z.infer<z.ZodObject<typeof baseShape>>;

function checkSums(r: BaseRecord, ctx: z.RefinementCtx): void {
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
}

/** Version 1 (before the unit of work): kept so old ledgers, reports and contributions stay readable. */
export const EnergyRecordV1Schema = z
  .object({
    /** Format version of this record; bump when fields change meaning. */
    schemaVersion: z.literal(1),
    ...baseShape,
  })
  .superRefine(checkSums);

/** Version 2: every record says what work it measured. */
export const EnergyRecordV2Schema = z
  .object({
    schemaVersion: z.literal(2),
    ...baseShape,
    /** The work the block did; divide by it with `joulesPerUnit`. */
    work: WorkSchema,
    /** For a record migrated from v1: the id (ledgerRecordId) of the v1 line it replaced. */
    migratedFrom: z
      .object({
        schemaVersion: z.literal(1),
        id: z.string().regex(/^sha256:[0-9a-f]{16}$/, 'must look like "sha256:" + 16 hex digits'),
      })
      .optional(),
  })
  .superRefine((r, ctx) => {
    checkSums(r, ctx);
    if (r.work.unit === "flops" && r.flops !== undefined && r.work.count !== r.flops) {
      ctx.addIssue({
        code: "custom",
        path: ["work", "count"],
        message: `a work unit of "flops" must count the record's flops (${r.flops}), got ${r.work.count}`,
      });
    }
  });

/** Any readable record, told apart by `schemaVersion`. */
export const EnergyRecordSchema = z.discriminatedUnion("schemaVersion", [
  EnergyRecordV1Schema,
  EnergyRecordV2Schema,
]);

/** The version the meter writes. */
export const CURRENT_SCHEMA_VERSION = 2;

export type EnergyRecordV1 = z.infer<typeof EnergyRecordV1Schema>;
export type EnergyRecordV2 = z.infer<typeof EnergyRecordV2Schema>;
export type EnergyRecord = z.infer<typeof EnergyRecordSchema>;

/**
 * Validates an unknown value as an EnergyRecord (v1 or v2); throws an Error naming every bad field
 * (dotted path), what was expected, and where the record came from.
 */
export function parseEnergyRecord(value: unknown, where = "energy record"): EnergyRecord {
  const result = EnergyRecordSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(record)";
    if (field === "schemaVersion")
      return `field "schemaVersion": must be 1 or 2 (2 adds "work"), got ${JSON.stringify((value as { schemaVersion?: unknown })?.schemaVersion)}`;
    return `field "${field}": ${issue.message}`;
  });
  throw new Error(`Invalid ${where}: ${problems.join("; ")}`);
}

/** The record's unit of work, or null for a v1 record (which does not say). */
export function recordWork(r: EnergyRecord): Work | null {
  return r.schemaVersion === 2 ? r.work : null;
}

/**
 * Energy per unit of work in joules (IT energy, before PUE), derived from the record:
 * joules.total / work.count. Null when the record has no work (v1) or counts another unit than `unit`.
 */
export function joulesPerUnit(r: EnergyRecord, unit?: WorkUnit): number | null {
  const work = recordWork(r);
  if (!work || (unit !== undefined && work.unit !== unit)) return null;
  return r.joules.total / work.count;
}
