import { mkdtempSync, writeFileSync } from "node:fs";
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
  label: "notebook:05-energy my laptop",
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

  // Guards pull requests: a participant's bad file fails CI with the message above.
  it("every committed contribution is valid", () => {
    expect(() => readContributions(CONTRIBUTIONS_DIR)).not.toThrow();
  });
});
