/**
 * Export of ledger records in CodeCarbon's emissions.csv layout, so a run here can be set next to a
 * CodeCarbon run in the same spreadsheet. Browser-safe.
 *
 * Two layouts: "v2", the 31 columns CodeCarbon 2.2–2.4 writes (the header of the emissions.csv files
 * most projects publish), and "v3", the order of the `EmissionsData` dataclass in current CodeCarbon
 * (codecarbon/output_methods/emissions_data.py), which adds experiment_id, cpu/ram utilization,
 * ram_used_gb, water_consumed and wue.
 *
 * Units follow CodeCarbon: duration s, emissions kg CO2e, emissions_rate kg/s, *_power W (mean
 * over the run), *_energy and energy_consumed kWh, ram_total_size GB. Component energies are IT
 * energy; energy_consumed and emissions include PUE. Fields CodeCarbon fills from Python or geo-IP
 * (python_version, codecarbon_version, longitude, latitude, cloud fields) are left empty; run_id
 * holds our label, and the method per component is not representable in CodeCarbon's columns
 * (it stays in the JSONL ledger).
 */
import type { EnergyRecord } from "./schema";
import { joulesToKWh } from "./units";

export const CODECARBON_COLUMNS = [
  "timestamp",
  "project_name",
  "run_id",
  "duration",
  "emissions",
  "emissions_rate",
  "cpu_power",
  "gpu_power",
  "ram_power",
  "cpu_energy",
  "gpu_energy",
  "ram_energy",
  "energy_consumed",
  "country_name",
  "country_iso_code",
  "region",
  "cloud_provider",
  "cloud_region",
  "os",
  "python_version",
  "codecarbon_version",
  "cpu_count",
  "cpu_model",
  "gpu_count",
  "gpu_model",
  "longitude",
  "latitude",
  "ram_total_size",
  "tracking_mode",
  "on_cloud",
  "pue",
] as const;

/** Current CodeCarbon (3.x) column order. */
export const CODECARBON_V3_COLUMNS = [
  "timestamp",
  "project_name",
  "run_id",
  "experiment_id",
  "duration",
  "emissions",
  "emissions_rate",
  "cpu_utilization_percent",
  "ram_utilization_percent",
  "ram_used_gb",
  "cpu_power",
  "gpu_power",
  "ram_power",
  "cpu_energy",
  "gpu_energy",
  "ram_energy",
  "energy_consumed",
  "water_consumed",
  ...CODECARBON_COLUMNS.slice(CODECARBON_COLUMNS.indexOf("country_name")),
  "wue",
] as const;

export type CodeCarbonRow = Record<(typeof CODECARBON_V3_COLUMNS)[number], string | number>;

/** One record as a CodeCarbon row (values, not yet CSV-escaped). */
export function toCodeCarbonRow(r: EnergyRecord, projectName = "llm-footprint"): CodeCarbonRow {
  const s = r.seconds > 0 ? r.seconds : Number.NaN;
  const watts = (j: number | undefined) => (j === undefined || !Number.isFinite(s) ? 0 : j / s);
  const gpus = r.hardware.gpu ? r.hardware.gpu.split(";").map((g) => g.trim()) : [];
  const rapl = r.method.cpu === "measured:rapl";
  return {
    timestamp: r.date.replace(/\.\d+Z$/, "Z"),
    project_name: projectName,
    run_id: r.label,
    duration: r.seconds,
    emissions: r.gCO2e / 1000,
    emissions_rate: Number.isFinite(s) ? r.gCO2e / 1000 / s : 0,
    cpu_power: watts(r.joules.cpu),
    gpu_power: watts(r.joules.gpu),
    ram_power: watts(r.joules.dram),
    cpu_energy: joulesToKWh(r.joules.cpu),
    gpu_energy: joulesToKWh(r.joules.gpu ?? 0),
    ram_energy: joulesToKWh(r.joules.dram),
    energy_consumed: joulesToKWh(r.facilityJoules),
    country_name: "",
    country_iso_code: /^[A-Z]{3}$/.test(r.region) ? r.region : "",
    region: /^[A-Z]{3}$/.test(r.region) ? "" : r.region,
    cloud_provider: "",
    cloud_region: "",
    os: "",
    python_version: "",
    codecarbon_version: "",
    cpu_count: r.hardware.cpuCores,
    cpu_model: r.hardware.cpuModel,
    gpu_count: gpus.length || "",
    gpu_model: gpus.join(", "),
    longitude: "",
    latitude: "",
    ram_total_size: r.hardware.memoryGB,
    // CodeCarbon's "process" mode attributes power to the process, "machine" measures the machine.
    tracking_mode: rapl ? "machine" : "process",
    on_cloud: "",
    pue: r.pue.value,
    experiment_id: "",
    // Share of the machine's logical CPUs the process kept busy (estimate inputs only).
    cpu_utilization_percent:
      r.estimate && Number.isFinite(s) ? (100 * r.estimate.cpuSeconds) / (s * r.hardware.cpuCores) : "",
    ram_utilization_percent:
      r.estimate && r.hardware.memoryGB > 0 ? (100 * r.estimate.memoryGBAverage) / r.hardware.memoryGB : "",
    ram_used_gb: r.estimate ? r.estimate.memoryGBAverage : "",
    water_consumed: "",
    wue: "",
  };
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole ledger as CSV text: header + one line per record, "\n" line ends. Default layout "v2". */
export function toCodeCarbonCsv(
  records: readonly EnergyRecord[],
  opts: { projectName?: string; layout?: "v2" | "v3" } = {},
): string {
  const columns: readonly (keyof CodeCarbonRow)[] =
    opts.layout === "v3" ? CODECARBON_V3_COLUMNS : CODECARBON_COLUMNS;
  const lines = [columns.join(",")];
  for (const r of records) {
    const row = toCodeCarbonRow(r, opts.projectName);
    lines.push(columns.map((c) => csvField(row[c])).join(","));
  }
  return lines.join("\n") + "\n";
}
