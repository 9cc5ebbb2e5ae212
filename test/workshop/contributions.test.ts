import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { EnergyRecord } from "../../src/lib/energy/schema";
import {
  CONTRIBUTIONS_DIR,
  readContribution,
  readContributions,
  saveContribution,
} from "../../src/lib/workshop/contributions";

const record: EnergyRecord = {
  schemaVersion: 1,
  label: "notebook:06-energy my laptop",
  date: "2026-11-29T12:00:00.000Z",
  seconds: 10,
  method: { cpu: "estimated:tdp", dram: "estimated:tdp" },
  joules: { total: 60, cpu: 50, dram: 10 },
  facilityJoules: 60,
  gCO2e: 0.006,
  region: "FRA",
  intensity: { gCO2ePerKWh: 360, source: "test", year: "2023" },
  pue: { value: 1, source: "personal machine" },
  hardware: { cpuModel: "Test CPU", cpuCores: 8, memoryGB: 16, gpu: null },
  backend: "wasm",
  gitCommit: "abc1234",
};

const tmp = () => mkdtempSync(path.join(tmpdir(), "contrib-"));

describe("participants' energy contributions", () => {
  it("saves a record atomically and reads it back unchanged", () => {
    const dir = tmp();
    const file = saveContribution(record, "Ada Lovelace", { event: "Workshop", dir });
    expect(path.basename(file)).toBe("ada-lovelace-20261129120000.json");
    expect(readContributions(dir)).toEqual([{ contributor: "Ada Lovelace", event: "Workshop", record }]);
  });

  it("rejects a bad record naming the file, each field and the fix", () => {
    const dir = tmp();
    const file = path.join(dir, "bad.json");
    const broken = {
      ...record,
      method: { cpu: "guessed", dram: "estimated:tdp" },
      joules: { ...record.joules, total: 99 },
    };
    writeFileSync(file, JSON.stringify({ record: broken }));
    let message = "";
    try {
      readContribution(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${file} is not a valid contribution:`);
    expect(message).toContain('field "contributor"');
    expect(message).toContain('add "contributor": "<your name or handle>"');
    expect(message).toContain('field "record.method.cpu"');
    expect(message).toContain("copy the record printed by `measure(...)`");
  });

  it("names the line of a JSON syntax error", () => {
    const file = path.join(tmp(), "syntax.json");
    writeFileSync(file, '{\n  "contributor": "x",\n  "record": {,}\n}\n');
    expect(() => readContribution(file)).toThrow(/syntax\.json:3: not valid JSON/);
  });

  it("rejects unknown top-level fields (a typo would otherwise be dropped silently)", () => {
    const file = path.join(tmp(), "typo.json");
    writeFileSync(file, JSON.stringify({ contributor: "x", evnet: "typo", record }));
    expect(() => readContribution(file)).toThrow(/Unrecognized key/);
  });

  const variants: [string, (r: EnergyRecord) => EnergyRecord, RegExp][] = [
    [
      "1e300 J",
      (r) => ({
        ...r,
        joules: { total: 1e300, cpu: 1e300, dram: 0 },
        facilityJoules: 1e300,
        gCO2e: (1e300 / 3.6e6) * 360,
      }),
      /field "record\.joules\.total": 1e\+300 J is not plausible for one measurement \(at most 1000000000 J\)/,
    ],
    [
      "an average power of a power station",
      (r) => ({ ...r, joules: { total: 6e6, cpu: 5e6, dram: 1e6 }, facilityJoules: 6e6, gCO2e: 600 }),
      /600000 W \(at most 10000 W is plausible\)/,
    ],
    [
      "a run of 30 years",
      (r) => ({ ...r, seconds: 1e9 }),
      /field "record\.seconds": 1000000000 s is not plausible/,
    ],
    [
      "a grid of 50 000 gCO2e/kWh",
      (r) => ({ ...r, intensity: { ...r.intensity, gCO2ePerKWh: 50_000 }, gCO2e: (60 / 3.6e6) * 50_000 }),
      /field "record\.intensity\.gCO2ePerKWh": 50000 gCO2e\/kWh is not plausible/,
    ],
    [
      "a gCO2e 2 % off joules × intensity × PUE",
      (r) => ({ ...r, gCO2e: 0.006 * 1.02 }),
      /field "record\.gCO2e": must be joules\.total \/ 3\.6e6 × pue\.value × intensity\.gCO2ePerKWh \(= 0\.006000 g, within 1 %\), got 0\.00612/,
    ],
    [
      "a gCO2e that ignores the PUE",
      (r) => ({ ...r, pue: { value: 1.5, source: "data centre" }, facilityJoules: 90 }),
      /field "record\.gCO2e": must be .* \(= 0\.009000 g/,
    ],
    [
      "more CPU time than the cores allow",
      (r) => ({
        ...r,
        estimate: { cpuSeconds: 1000, wattsPerCore: 10, memoryGBAverage: 1, wattsPerGB: 0.3725 },
      }),
      /field "record\.estimate\.cpuSeconds": 1000 CPU seconds cannot be used in 10 s on 8 cores/,
    ],
  ];
  it.each(variants)("refuses %s, naming the field", (_, change, message) => {
    const file = path.join(tmp(), "implausible.json");
    writeFileSync(file, JSON.stringify({ contributor: "x", record: change(record) }));
    expect(() => readContribution(file)).toThrow(message);
    expect(() => saveContribution(change(record), "x", { dir: tmp() })).toThrow(message);
  });

  it("accepts a gCO2e within 1 % of joules × intensity × PUE", () => {
    const file = path.join(tmp(), "rounded.json");
    writeFileSync(file, JSON.stringify({ contributor: "x", record: { ...record, gCO2e: 0.006 * 1.009 } }));
    expect(readContribution(file).record.gCO2e).toBeCloseTo(0.006054, 6);
  });

  it("refuses a file over 64 kB before reading it", () => {
    const dir = tmp();
    const padded = path.join(dir, "padded.json");
    writeFileSync(
      padded,
      JSON.stringify({ contributor: "x", record: { ...record, notes: ["x".repeat(70_000)] } }),
    );
    expect(() => readContribution(padded)).toThrow(
      /padded\.json is \d+ kB; a contribution holds one record \(about 1 kB\) and may be at most 64 kB/,
    );
    const huge = path.join(dir, "huge.json");
    writeFileSync(huge, "");
    truncateSync(huge, 50 * 1024 * 1024); // 50 MB, sparse
    const t0 = performance.now();
    expect(() => readContribution(huge)).toThrow(/huge\.json is 51200 kB/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(() => saveContribution({ ...record, notes: ["x".repeat(70_000)] }, "x", { dir })).toThrow(
      /at most 64 kB/,
    );
  });

  // Guards pull requests: a participant's bad file fails CI with the message above.
  it("every committed contribution is valid", () => {
    expect(() => readContributions(CONTRIBUTIONS_DIR)).not.toThrow();
  });
});
