import { describe, expect, test } from "vitest";
import { CODECARBON_COLUMNS, toCodeCarbonCsv } from "../../src/lib/energy/csv";
import { sampleRecord } from "./fixtures";

describe("CodeCarbon CSV export", () => {
  test("header is CodeCarbon 2.x's emissions.csv column order", () => {
    const header =
      "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power," +
      "cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider," +
      "cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude," +
      "latitude,ram_total_size,tracking_mode,on_cloud,pue";
    expect(toCodeCarbonCsv([]).trimEnd()).toBe(header);
    expect(CODECARBON_COLUMNS).toHaveLength(31);
  });

  test("a record maps to CodeCarbon's units (kg, kWh, W), hand-computed", () => {
    const csv = toCodeCarbonCsv([sampleRecord({ label: "run, with comma", region: "FRA" })]);
    const [header, row] = csv.trimEnd().split("\n");
    const cols = header!.split(",");
    // naive split is fine except for the quoted label
    const values = row!.replace('"run, with comma"', "RUN").split(",");
    const get = (c: string) => values[cols.indexOf(c)];
    expect(get("run_id")).toBe("RUN");
    expect(row).toContain('"run, with comma"');
    expect(Number(get("duration"))).toBe(10);
    expect(Number(get("cpu_power"))).toBeCloseTo(3.6, 12); // 36 J / 10 s
    expect(Number(get("ram_energy"))).toBeCloseTo(7.45 / 3.6e6, 15);
    expect(Number(get("energy_consumed"))).toBeCloseTo(43.45 / 3.6e6, 15);
    expect(Number(get("emissions"))).toBeCloseTo(((43.45 / 3.6e6) * 400) / 1000, 15);
    expect(get("country_iso_code")).toBe("FRA");
    expect(get("tracking_mode")).toBe("process");
    expect(Number(get("pue"))).toBe(1);
    expect(values).toHaveLength(31);
  });

  test("the v3 layout follows current CodeCarbon's EmissionsData order", () => {
    const header = toCodeCarbonCsv([], { layout: "v3" }).trimEnd().split(",");
    expect(header.slice(0, 10)).toEqual([
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
    ]);
    expect(header.slice(-3)).toEqual(["on_cloud", "pue", "wue"]);
    expect(header).toHaveLength(37);
    const row = toCodeCarbonCsv([sampleRecord()], { layout: "v3" }).trimEnd().split("\n")[1]!.split(",");
    // 8 CPU-s over 10 s on 2 logical CPUs = 40 %
    expect(Number(row[header.indexOf("cpu_utilization_percent")])).toBeCloseTo(40, 12);
  });
});
