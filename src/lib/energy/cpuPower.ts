/**
 * Per-core CPU power for the `estimated:tdp` method. Browser-safe (pure data + lookup).
 *
 * Method (Green Algorithms, Lannelongue, Grealey & Inouye 2021, Adv. Sci. 8:2100707, eq. 1):
 *   E = t × (n_c × P_c × u_c + n_m × P_m) × PUE
 * with P_c the power draw of one core, taken as the CPU's TDP divided by its number of cores,
 * u_c the core usage factor, n_m the memory in GB and P_m = 0.3725 W/GB. We measure n_c × u_c × t
 * directly as the process's CPU time (process.cpuUsage: user + system, all threads).
 *
 * TDP values below are the vendors' published default TDP (AMD "Default TDP", Intel
 * "Processor Base Power"/TDP) from the product pages, amd.com/en/products/processors/server/epyc
 * and intel.com/content/www/us/en/products (ark), divided by physical cores.
 * With SMT, a logical CPU is half a core; charging a full core per CPU-second is the
 * conservative (higher) reading when sibling threads share a core.
 */

export interface CpuPowerEntry {
  /** Matches the model name from /proc/cpuinfo or os.cpus(). */
  match: RegExp;
  name: string;
  tdpWatts: number;
  cores: number;
  source: string;
}

const AMD_EPYC = "AMD product page (amd.com/en/products/processors/server/epyc), default TDP";
const INTEL_ARK = "Intel ARK product page (intel.com), TDP / Processor Base Power";

/** Known SKUs. Add a row (with its vendor source) for a CPU you run on. */
export const CPU_POWER_TABLE: readonly CpuPowerEntry[] = [
  // AMD EPYC 9005 "Turin" (Zen 5 / Zen 5c)
  { match: /EPYC 9965\b/, name: "AMD EPYC 9965", tdpWatts: 500, cores: 192, source: AMD_EPYC },
  { match: /EPYC 9655\b/, name: "AMD EPYC 9655", tdpWatts: 400, cores: 96, source: AMD_EPYC },
  // AMD EPYC 9004 "Genoa" (Zen 4)
  { match: /EPYC 9654\b/, name: "AMD EPYC 9654", tdpWatts: 360, cores: 96, source: AMD_EPYC },
  { match: /EPYC 9554\b/, name: "AMD EPYC 9554", tdpWatts: 360, cores: 64, source: AMD_EPYC },
  { match: /EPYC 9354\b/, name: "AMD EPYC 9354", tdpWatts: 280, cores: 32, source: AMD_EPYC },
  { match: /EPYC 9124\b/, name: "AMD EPYC 9124", tdpWatts: 200, cores: 16, source: AMD_EPYC },
  // AMD EPYC 7003 "Milan" (Zen 3)
  { match: /EPYC 7763\b/, name: "AMD EPYC 7763", tdpWatts: 280, cores: 64, source: AMD_EPYC },
  // Intel Xeon Scalable
  {
    match: /Platinum 8480\+/,
    name: "Intel Xeon Platinum 8480+",
    tdpWatts: 350,
    cores: 56,
    source: INTEL_ARK,
  },
  { match: /Platinum 8380\b/, name: "Intel Xeon Platinum 8380", tdpWatts: 270, cores: 40, source: INTEL_ARK },
  // Desktop
  { match: /i9-13900K\b/, name: "Intel Core i9-13900K", tdpWatts: 125, cores: 24, source: INTEL_ARK },
];

/**
 * Family-level fallback for virtual machines that hide the SKU (the model name is just "AMD EPYC"):
 * identified by /proc/cpuinfo "cpu family" and "model", answered with a representative SKU of that
 * generation. A guess at the generation's per-core power, labelled as such in the record.
 */
export const CPU_FAMILY_FALLBACK: readonly {
  vendor: "AMD";
  family: number;
  models: [number, number];
  generation: string;
  representative: string;
}[] = [
  // Family 0x1A = Zen 5 (AMD EPYC 9005 "Turin").
  {
    vendor: "AMD",
    family: 0x1a,
    models: [0x00, 0x1f],
    generation: "Zen 5 (EPYC 9005)",
    representative: "AMD EPYC 9655",
  },
  // Family 0x19, models 0x10–0x1F = Zen 4 "Genoa" (EPYC 9004).
  {
    vendor: "AMD",
    family: 0x19,
    models: [0x10, 0x1f],
    generation: "Zen 4 (EPYC 9004)",
    representative: "AMD EPYC 9654",
  },
  // Family 0x19, models 0x00–0x0F = Zen 3 "Milan" (EPYC 7003).
  {
    vendor: "AMD",
    family: 0x19,
    models: [0x00, 0x0f],
    generation: "Zen 3 (EPYC 7003)",
    representative: "AMD EPYC 7763",
  },
];

/**
 * CodeCarbon's fallback for a CPU missing from its table: 85 W TDP (`POWER_CONSTANT`) of which 50 %
 * is assumed drawn on average (`CONSUMPTION_PERCENTAGE_CONSTANT`), i.e. 42.5 W for the machine's CPU
 * (codecarbon/external/hardware.py, CodeCarbon 2.x). We attribute it to the process in proportion to
 * its share of the logical CPUs: 42.5 W / logical CPUs per CPU-second.
 */
export const CODECARBON_FALLBACK_CPU_WATTS = 85 * 0.5;

/**
 * Memory power: 0.3725 W per GB (Green Algorithms, Lannelongue et al. 2021; also CodeCarbon's
 * default RAM model in its 2.x releases used 3 W per 8 GB = 0.375 W/GB).
 */
export const WATTS_PER_GB = 0.3725;

export interface CpuPower {
  /** Watts per CPU-second of process time. */
  wattsPerCore: number;
  /** Human-readable provenance, stored in the record's hardware.cpuPowerSource. */
  source: string;
}

export interface CpuIdentity {
  model: string;
  logicalCpus: number;
  /** /proc/cpuinfo "vendor_id", "cpu family", "model" when known. */
  vendor?: string;
  family?: number;
  modelNumber?: number;
}

/** Per-core power for a CPU: SKU table → family fallback → CodeCarbon's generic fallback. */
export function cpuPowerFor(cpu: CpuIdentity): CpuPower {
  const entry = CPU_POWER_TABLE.find((e) => e.match.test(cpu.model));
  if (entry) {
    return {
      wattsPerCore: entry.tdpWatts / entry.cores,
      source: `${entry.name}: ${entry.tdpWatts} W TDP / ${entry.cores} cores (${entry.source})`,
    };
  }
  if (cpu.vendor?.includes("AMD") && cpu.family !== undefined && cpu.modelNumber !== undefined) {
    const fam = CPU_FAMILY_FALLBACK.find(
      (f) => f.family === cpu.family && cpu.modelNumber! >= f.models[0] && cpu.modelNumber! <= f.models[1],
    );
    const rep = fam && CPU_POWER_TABLE.find((e) => e.name === fam.representative);
    if (fam && rep) {
      return {
        wattsPerCore: rep.tdpWatts / rep.cores,
        source:
          `SKU hidden ("${cpu.model}"); cpu family 0x${cpu.family.toString(16)} model 0x${cpu.modelNumber.toString(16)} = ` +
          `${fam.generation}; representative ${rep.name}: ${rep.tdpWatts} W TDP / ${rep.cores} cores (${rep.source})`,
      };
    }
  }
  const n = Math.max(1, cpu.logicalCpus);
  return {
    wattsPerCore: CODECARBON_FALLBACK_CPU_WATTS / n,
    source: `unknown CPU "${cpu.model}": CodeCarbon fallback 85 W TDP × 50 % = 42.5 W over ${n} logical CPUs`,
  };
}

/**
 * The `estimated:tdp` arithmetic, in joules:
 *   cpu  = CPU-seconds × watts per core
 *   dram = mean memory (GB) × wall seconds × watts per GB
 */
export function estimateJoules(input: {
  cpuSeconds: number;
  wattsPerCore: number;
  memoryGBAverage: number;
  seconds: number;
  wattsPerGB?: number;
}): { cpu: number; dram: number } {
  const wattsPerGB = input.wattsPerGB ?? WATTS_PER_GB;
  for (const [k, v] of Object.entries({ ...input, wattsPerGB })) {
    if (!Number.isFinite(v) || v < 0)
      throw new Error(`estimateJoules: ${k} must be a finite number ≥ 0, got ${v}`);
  }
  return {
    cpu: input.cpuSeconds * input.wattsPerCore,
    dram: input.memoryGBAverage * input.seconds * wattsPerGB,
  };
}
