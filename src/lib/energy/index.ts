// Energy and carbon accounting (Node entry): meters, ledger, plus everything browser-safe.
export * from "./browser";
export { startMeter, measure } from "./meter";
export type { Meter, MeterOptions, MeasureOptions } from "./meter";
export {
  appendToLedger,
  readLedger,
  ledgerJson,
  writeLedgerExports,
  DEFAULT_LEDGER,
  ledgerRecordId,
  ledgerRecordIds,
  findLedgerRecord,
  migrateToV2,
  originalV1,
} from "./ledger";
export {
  probeRapl,
  counterDelta,
  samplePeriodMs,
  RaplAccumulator,
  RAPL_PERMISSION_HINT,
  DEFAULT_POWERCAP_ROOT,
} from "./rapl";
export type { RaplZone, RaplProbe, RaplIo } from "./rapl";
export { startNvidiaSmi } from "./nvidiaSmi";
export type { SmiSampler } from "./nvidiaSmi";
export { detectCpu, parseCpuinfo, totalMemoryGB, gitCommit } from "./hardware";
