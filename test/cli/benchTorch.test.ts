import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchRow } from "../../src/lib/attention";
import { benchConfigs, formatTable, parseBenchFlags, torchConfig } from "../../src/lib/cli/bench";
import type { TorchRequest } from "../../src/lib/experiments/benchTorch";
import {
  compareWithTorch,
  findTorchPython,
  parseTorchOutput,
  pythonCandidates,
  runTorchBench,
} from "../../src/lib/experiments/benchTorch";

const request: TorchRequest = {
  configs: [
    { label: "a", batch: [2], T: 8, d: 4, reps: 3 },
    { label: "b", batch: [1, 2], T: 16, d: 4, reps: 3, warmups: 1 },
  ],
  modes: ["forward", "forward+backward"],
};

const row = (label: string, mode: string, ms: number) => ({
  label,
  mode,
  medianMs: ms,
  minMs: ms / 2,
  medianCpuMs: ms,
  reps: 10,
});
const good = {
  python: "3.11.2",
  torch: "1.13.0",
  threads: 1,
  rows: [
    row("a", "forward", 1),
    row("a", "forward+backward", 3),
    row("b", "forward", 2),
    row("b", "forward+backward", 6),
  ],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-torch-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stand-in for a Python interpreter: prints `stdout` (on stderr when failing), exits with `code`. */
function fakePython(name: string, stdout: string, code = 0): string {
  const file = path.join(tmp, name);
  const to = code === 0 ? "" : " >&2"; // a failing interpreter explains itself on stderr
  fs.writeFileSync(file, `#!/bin/sh\ncat > /dev/null\ncat${to} <<'EOF'\n${stdout}\nEOF\nexit ${code}\n`, {
    mode: 0o755,
  });
  return file;
}

describe("PyTorch output parsing", () => {
  it("reads the versions, thread count and one row per config and mode (after other printed lines)", () => {
    const result = parseTorchOutput(`a warning\n${JSON.stringify(good)}\n`, "py", request);
    expect(result).toMatchObject({
      python: "py",
      pythonVersion: "3.11.2",
      torchVersion: "1.13.0",
      threads: 1,
    });
    expect(result.rows).toHaveLength(4);
    expect(result.rows[3]).toEqual(row("b", "forward+backward", 6));
  });

  const broken: [string, unknown, RegExp][] = [
    ["not JSON", "Traceback (most recent call last)", /one JSON object on the last line/],
    ["an array", [], /expected a JSON object/],
    ["no torch version", { ...good, torch: undefined }, /field "torch" must be a non-empty string/],
    ["zero threads", { ...good, threads: 0 }, /field "threads" must be an integer ≥ 1/],
    ["rows missing", { ...good, rows: undefined }, /field "rows" must be an array/],
    [
      "an unknown config",
      { ...good, rows: [...good.rows, row("c", "forward", 1)] },
      /rows\[4\]\.label must be one of/,
    ],
    ["an unknown mode", { ...good, rows: [row("a", "backward", 1)] }, /rows\[0\]\.mode must be one of/],
    [
      "a NaN time",
      { ...good, rows: [{ ...row("a", "forward", 1), medianMs: null }] },
      /rows\[0\]\.medianMs must be a positive/,
    ],
    [
      "no CPU time",
      { ...good, rows: [{ ...row("a", "forward", 1), medianCpuMs: undefined }] },
      /medianCpuMs/,
    ],
    ["a missing row", { ...good, rows: good.rows.slice(1) }, /expected one row for a forward, got 0/],
    [
      "a duplicate row",
      { ...good, rows: [...good.rows, good.rows[0]] },
      /expected one row for a forward, got 2/,
    ],
  ];
  it.each(broken)("rejects output with %s, naming the field", (_, data, message) => {
    const text = typeof data === "string" ? data : JSON.stringify(data);
    expect(() => parseTorchOutput(text, "py", request)).toThrow(message);
    expect(() => parseTorchOutput(text, "py", request)).toThrow(/PyTorch output of py/);
  });
});

describe("PyTorch interpreter", () => {
  it("tries FOOTPRINT_PYTHON alone when given, else python3, /usr/bin/python3 and python", () => {
    expect(pythonCandidates("/opt/py")).toEqual(["/opt/py"]);
    expect(pythonCandidates()).toEqual(["python3", "/usr/bin/python3", "python"]);
  });

  it("reports every interpreter it tried and why, when none can import torch", () => {
    const noTorch = fakePython("notorch", "ModuleNotFoundError: No module named 'torch'", 1);
    const probe = findTorchPython([path.join(tmp, "missing"), noTorch]);
    expect(probe.found).toBe(false);
    if (probe.found) return;
    expect(probe.tried.map((t) => t.python)).toEqual([path.join(tmp, "missing"), noTorch]);
    expect(probe.tried[0]!.reason).toMatch(/ENOENT/);
    expect(probe.tried[1]!.reason).toMatch(/No module named 'torch'/);
  });

  it("picks the first interpreter that prints a torch version", () => {
    const withTorch = fakePython("withtorch", "1.13.0");
    expect(findTorchPython([path.join(tmp, "missing"), withTorch])).toEqual({
      found: true,
      python: withTorch,
      torchVersion: "1.13.0",
    });
  });

  it("runs the program and validates what it prints; a failing run is an error with its stderr", () => {
    const ok = fakePython("ok", JSON.stringify(good));
    expect(runTorchBench(ok, request).rows).toHaveLength(4);
    const failing = fakePython("failing", "", 3);
    expect(() => runTorchBench(failing, request)).toThrow(/exited with 3/);
  });

  it("sends each config's label, shape, repetitions and warm-ups", () => {
    const [config] = benchConfigs(true);
    expect(torchConfig(config!)).toEqual({
      label: config!.label,
      batch: config!.batch,
      T: config!.T,
      d: config!.d,
      reps: config!.reps,
      warmups: config!.warmups,
    });
  });
});

describe("side-by-side table", () => {
  const benchRow = (variant: BenchRow["variant"], medianMs: number): BenchRow => ({
    label: "a",
    batch: [2],
    T: 8,
    d: 4,
    chunkSize: 8,
    variant,
    mode: "forward",
    medianMs,
    minMs: medianMs,
    medianCpuMs: medianMs / 2,
    reps: 3,
    gflops: 1,
    gflopPerS: 1,
    peakBytes: 0,
    speedupVsPlain: 1,
    cpuSpeedupVsPlain: 1,
  });

  it("gives library/PyTorch ratios of wall-clock and CPU medians", () => {
    const torch = parseTorchOutput(JSON.stringify(good), "py", request).rows;
    const [c] = compareWithTorch([benchRow("library", 2.5)], torch);
    expect(c).toMatchObject({ label: "a", mode: "forward", libraryMs: 2.5, torchMs: 1, ratio: 2.5 });
    expect(c!.cpuRatio).toBeCloseTo(1.25);
    expect(compareWithTorch([{ ...benchRow("library", 1), label: "z" }], torch)).toEqual([]);
  });

  it("prints PyTorch's median and the ratios in the same table, only when PyTorch ran", () => {
    const torch = parseTorchOutput(JSON.stringify(good), "py", request).rows;
    const rows = [benchRow("plain", 4), benchRow("library", 2.5)];
    const table = formatTable(rows, compareWithTorch(rows, torch));
    expect(table).toContain("| PyTorch ms | ÷ PyTorch | ÷ PyTorch CPU |");
    expect(table).toMatch(/\| library .*\| +1\.00 \| +2\.50 \| +1\.25 \|$/m);
    expect(table).toMatch(/\| plain .*\| +1\.00 \| +4\.00 \| +2\.00 \|$/m);
    expect(formatTable(rows)).not.toContain("PyTorch");
  });

  it("takes --python and --no-torch, and FOOTPRINT_PYTHON", () => {
    expect(parseBenchFlags(["--python", "/opt/py", "--no-torch"])).toMatchObject({
      python: "/opt/py",
      torch: false,
    });
    const saved = process.env.FOOTPRINT_PYTHON;
    process.env.FOOTPRINT_PYTHON = "/env/py";
    try {
      expect(parseBenchFlags([])).toMatchObject({ python: "/env/py", torch: true });
    } finally {
      if (saved === undefined) delete process.env.FOOTPRINT_PYTHON;
      else process.env.FOOTPRINT_PYTHON = saved;
    }
  });
});
