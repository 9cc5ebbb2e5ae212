import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { NotebookFootprint } from "../../src/lib/notebook/format";
import { recordRun, RUN_LOG } from "../../src/lib/notebook/runLog";

const footprint = (quick: boolean, seconds: number): NotebookFootprint => ({
  seconds: seconds - 5,
  runSeconds: seconds,
  cpuSeconds: seconds,
  joules: seconds * 4,
  method: "estimated:tdp",
  date: "2026-11-29T12:00:00.000Z",
  quick,
  hardware: { cpuModel: "AMD EPYC", logicalCpus: 2 },
  runner: "npm run notebooks",
});

describe("the notebook run log (data/notebooks/runs.json)", () => {
  it("keeps the latest full and quick run of each notebook side by side", () => {
    const root = mkdtempSync(path.join(tmpdir(), "runlog-"));
    recordRun(root, "02-b", footprint(false, 300));
    recordRun(root, "01-a", footprint(true, 40));
    recordRun(root, "01-a", footprint(false, 200));
    recordRun(root, "01-a", footprint(true, 35));
    const log = JSON.parse(readFileSync(path.join(root, RUN_LOG), "utf8")) as Record<string, unknown>;
    expect(Object.keys(log)).toEqual(["01-a", "02-b"]);
    expect(log["01-a"]).toEqual({
      quick: {
        seconds: 35,
        joules: 140,
        method: "estimated:tdp",
        date: "2026-11-29T12:00:00.000Z",
        hardware: "AMD EPYC (2 logical CPUs)",
      },
      full: {
        seconds: 200,
        joules: 800,
        method: "estimated:tdp",
        date: "2026-11-29T12:00:00.000Z",
        hardware: "AMD EPYC (2 logical CPUs)",
      },
    });
  });

  it.each([
    ["not JSON", "{ not json", /data\/notebooks\/runs\.json is not valid JSON \(.*\); fix it, or delete it/],
    ["not an object", "[1]", /data\/notebooks\/runs\.json must hold an object of notebook names/],
    [
      "a bad entry",
      '{"01-a": {"full": 3}}',
      /data\/notebooks\/runs\.json: entry "01-a" must be \{ full\?, quick\? \}/,
    ],
  ])("names the file when it is %s, and leaves it as it was", (_, text, message) => {
    const root = mkdtempSync(path.join(tmpdir(), "runlog-"));
    const file = path.join(root, RUN_LOG);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    expect(() => recordRun(root, "01-a", footprint(false, 10))).toThrow(message);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
