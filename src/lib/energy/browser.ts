// Browser-safe part of the energy library (no Node imports): schema, units, carbon, CPU power table,
// the nvidia-smi parser, FLOP accounting, extrapolation, published figures, CSV export. The site imports this.
export {
  METHOD_LABELS,
  COMPONENTS,
  WORK_UNITS,
  CURRENT_SCHEMA_VERSION,
  WorkSchema,
  EnergyRecordSchema,
  EnergyRecordV1Schema,
  EnergyRecordV2Schema,
  parseEnergyRecord,
  recordWork,
  joulesPerUnit,
} from "./schema";
export type {
  EnergyRecord,
  EnergyRecordV1,
  EnergyRecordV2,
  Work,
  WorkUnit,
  MethodLabel,
  Component,
} from "./schema";
export { JOULES_PER_KWH, joulesToKWh, kWhToJoules, gramsCO2e, formatEnergy, formatCO2e } from "./units";
export {
  INTENSITY_SOURCE,
  INTENSITY_YEAR,
  DEFAULT_REGION,
  DEFAULT_PUE,
  REFERENCE_PUE,
  regionCodes,
  gridIntensity,
  resolvePue,
} from "./carbon";
export type { Intensity } from "./carbon";
export {
  CPU_POWER_TABLE,
  CPU_FAMILY_FALLBACK,
  CODECARBON_FALLBACK_CPU_WATTS,
  WATTS_PER_GB,
  cpuPowerFor,
  estimateJoules,
} from "./cpuPower";
export type { CpuPowerEntry, CpuPower, CpuIdentity } from "./cpuPower";
export { NVIDIA_SMI_ARGS, parseNvidiaSmiLines, parseSmiTimestamp, integratePower } from "./nvidiaSmiParse";
export type { PowerReading } from "./nvidiaSmiParse";
export { CODECARBON_COLUMNS, CODECARBON_V3_COLUMNS, toCodeCarbonRow, toCodeCarbonCsv } from "./csv";
export type { CodeCarbonRow } from "./csv";
export { PUBLISHED_TRAINING, PUBLISHED_INFERENCE, REFERENCE_GPUS, DEFAULT_UTILIZATION } from "./published";
export type { PublishedTraining, PublishedInference, ReferenceGpu } from "./published";
export {
  trainingFlops,
  achievedFlopsPerSecond,
  joulesPerFlop,
  pooledJoulesPerFlop,
  referenceGpu,
  gpuEnergy,
  trainingFootprint,
} from "./extrapolate";
export type { CalculatorInput, CalculatorResult } from "./extrapolate";
