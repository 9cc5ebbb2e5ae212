import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { gridIntensity, INTENSITY_SOURCE, INTENSITY_YEAR } from "../../src/lib/energy/carbon";
import { attachFootprint, cellFootprint, describeFailure } from "../../src/lib/notebook/footprint";
import type { ExecutionReport } from "../../src/lib/notebook/footprint";
import type { Notebook } from "../../src/lib/notebook/format";
import {
  PLOTLY_MIME,
  firstLine,
  parseNotebook,
  serializeNotebook,
  stripVolatileMetadata,
} from "../../src/lib/notebook/format";

const fixture = path.resolve(__dirname, "../fixtures/notebook/broken.ipynb");

function executedNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      papermill: { start_time: "2026-11-29T10:00:00Z" },
      widgets: { state: {} },
    },
    cells: [
      { cell_type: "markdown", source: "# Title", metadata: { footprint: { seconds: 9 } } },
      {
        cell_type: "code",
        source: ["const a = 1;\n", "a"],
        execution_count: 1,
        metadata: {
          collapsed: false,
          execution: {
            "iopub.execute_input": "2026-11-29T10:00:01.000Z",
            "shell.execute_reply": "2026-11-29T10:00:02Z",
          },
          ExecuteTime: { start_time: "x" },
        },
        outputs: [
          {
            output_type: "display_data",
            data: { "text/plain": "1" },
            metadata: {},
            transient: { display_id: "abc" },
          },
        ],
      },
      { cell_type: "code", source: "", execution_count: null, metadata: {}, outputs: [] },
    ],
  };
}

describe("notebook format", () => {
  it("serialises like nbformat: sorted keys, one-space indent, trailing newline (round-trips a file nbformat wrote)", () => {
    const text = readFileSync(fixture, "utf8");
    expect(serializeNotebook(parseNotebook(text))).toBe(text);
  });

  it("writes each array of a Plotly figure's numbers or labels on one line, and nothing else differently", () => {
    const z = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i + j) / 16));
    const figure = {
      data: [
        {
          type: "heatmap",
          z,
          x: ["a", "b"],
          colorscale: [
            [0, "#fff"],
            [1, "#000"],
          ],
        },
      ],
      layout: { title: { text: "t" } },
    };
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: "code",
          source: ["const a = 1;\n", "a"],
          metadata: {},
          execution_count: 1,
          outputs: [
            {
              output_type: "display_data",
              metadata: {},
              data: { [PLOTLY_MIME]: figure, "text/plain": ["line 1\n", "line 2"] },
            },
          ],
        },
      ],
    };
    const text = serializeNotebook(nb);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(nb)));
    expect(text).toContain(`${" ".repeat(10)}[0,0.0625,0.125,0.1875,0.25,0.3125,0.375,0.4375],\n`);
    expect(text).toContain('"x": ["a","b"]');
    expect(text).toContain('"colorscale": [[0,"#fff"],[1,"#000"]]');
    // Outside the figure, as nbformat writes it: one line per item.
    expect(text).toMatch(/"source": \[\n +"const a = 1;\\n",\n +"a"\n +\]/);
    expect(text).toMatch(/"text\/plain": \[\n +"line 1\\n",\n +"line 2"\n +\]/);
    expect(text.split("\n").length).toBeLessThan(70); // 8 × 8 numbers one per line would be > 90
  });

  it("strips execution timestamps, transient output fields and run-state metadata, and keeps the rest", () => {
    const nb = stripVolatileMetadata(executedNotebook());
    const code = nb.cells[1]!;
    expect(code.metadata).toEqual({ collapsed: false });
    expect(code.outputs![0]).toEqual({
      output_type: "display_data",
      data: { "text/plain": "1" },
      metadata: {},
    });
    expect(code.execution_count).toBe(1);
    expect(nb.metadata).toEqual({
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
    });
  });

  it("gives identical bytes for two runs that differ only in volatile metadata", () => {
    const a = executedNotebook();
    const b = executedNotebook();
    (b.cells[1]!.metadata.execution as Record<string, string>)["iopub.execute_input"] =
      "2026-12-01T00:00:00Z";
    (b.cells[1]!.outputs![0]!.transient as Record<string, string>).display_id = "zzz";
    expect(serializeNotebook(stripVolatileMetadata(a))).toBe(serializeNotebook(stripVolatileMetadata(b)));
  });

  it("rejects files that are not nbformat 4 notebooks, naming the file", () => {
    expect(() => parseNotebook("{", "x.ipynb")).toThrow(/x\.ipynb: not valid JSON/);
    expect(() => parseNotebook('{"cells": [], "nbformat": 3}', "old.ipynb")).toThrow(
      /old\.ipynb: expected an nbformat 4/,
    );
  });

  it("takes the first non-empty line of a cell", () => {
    expect(firstLine({ source: ["\n", "  // hello\n", "x"] })).toBe("// hello");
  });
});

describe("footprint metadata", () => {
  const report: ExecutionReport = {
    ok: true,
    input: "nb.ipynb",
    seconds: 12,
    cells: { "1": { seconds: 2, cpuSeconds: 1.5, rssBytes: [1e9, 3e9] } },
    failure: null,
  };
  const power = { wattsPerCore: 4, source: "test CPU", wattsPerGB: 0.5 };

  it("computes estimated:tdp joules = CPU-s × W/core + mean GB × s × W/GB", () => {
    // 1.5 × 4 + 2 GB × 2 s × 0.5 = 6 + 2
    expect(cellFootprint(report.cells["1"]!, power)).toEqual({
      seconds: 2,
      cpuSeconds: 1.5,
      joules: 8,
      method: "estimated:tdp",
    });
  });

  it("labels CPU time as such when no power model is known, and wall time when CPU time is unreadable", () => {
    expect(cellFootprint({ seconds: 1, cpuSeconds: 0.5 }, null)).toMatchObject({
      joules: null,
      method: "cpu-time",
    });
    expect(cellFootprint({ seconds: 1, cpuSeconds: null }, power)).toMatchObject({
      joules: null,
      method: "wall-time",
    });
  });

  it("writes per-cell and notebook totals, removes stale cell footprints, and never touches sources", () => {
    const nb = executedNotebook();
    const sources = nb.cells.map((c) => c.source);
    attachFootprint(nb, report, {
      power,
      quick: false,
      date: "2026-11-29T00:00:00Z",
      hardware: { cpuModel: "Test" },
    });
    expect(nb.cells.map((c) => c.source)).toEqual(sources);
    expect(nb.cells[0]!.metadata.footprint).toBeUndefined();
    expect(nb.cells[1]!.metadata.footprint).toMatchObject({ joules: 8, method: "estimated:tdp" });
    expect(nb.cells[2]!.metadata.footprint).toBeUndefined();
    expect(nb.metadata.footprint).toMatchObject({
      seconds: 2,
      cpuSeconds: 1.5,
      joules: 8,
      method: "estimated:tdp",
      runSeconds: 12,
      quick: false,
      hardware: { cpuModel: "Test", wattsPerCore: 4, cpuPowerSource: "test CPU", wattsPerGB: 0.5 },
    });
  });

  it("stores the grid intensity used and the run's CO2e = kWh × PUE × intensity, and the tree's state", () => {
    const nb = executedNotebook();
    attachFootprint(nb, report, {
      power,
      quick: false,
      date: "2026-11-29T00:00:00Z",
      hardware: { cpuModel: "Test" },
      carbon: { intensity: gridIntensity("FRA"), pue: { value: 1.5, source: "test PUE" } },
      dirty: true,
      allowDirty: true,
    });
    const fp = nb.metadata.footprint as Record<string, unknown>;
    const fra = gridIntensity("FRA").gCO2ePerKWh;
    expect(fp.region).toBe("FRA");
    expect(fp.intensity).toEqual({ gCO2ePerKWh: fra, source: INTENSITY_SOURCE, year: INTENSITY_YEAR });
    expect(fp.pue).toEqual({ value: 1.5, source: "test PUE" });
    // 8 J × 1.5 = 12 J = 12 / 3.6e6 kWh (stored to 3 significant figures)
    expect((fp.gCO2e as number) / ((12 / 3.6e6) * fra)).toBeCloseTo(1, 2);
    expect(fp).toMatchObject({ dirty: true, allowDirty: true });

    const clean = executedNotebook();
    attachFootprint(clean, report, { power, quick: false, date: "d", hardware: {}, dirty: false });
    expect(clean.metadata.footprint).toMatchObject({ dirty: false });
    expect(clean.metadata.footprint).not.toHaveProperty("allowDirty");
  });

  it("describes a failure with notebook, cell index, first line and error", () => {
    const failed: ExecutionReport = {
      ...report,
      ok: false,
      failure: { cellIndex: 3, firstLine: "// boom", kind: "error", error: "Error: kaboom" },
    };
    expect(describeFailure("notebooks/x.ipynb", failed)).toBe(
      "notebooks/x.ipynb: cell 3 (`// boom`) failed: Error: kaboom",
    );
    const timeout = {
      ...failed,
      failure: { ...failed.failure!, kind: "timeout" as const, error: "Cell execution timed out" },
    };
    expect(describeFailure("x.ipynb", timeout)).toContain("timed out");
  });
});
