import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchRow } from "../../src/lib/attention";
import { benchConfigs, formatTable, parseBenchFlags, torchConfig } from "../../src/lib/cli/bench";
import type { TorchRequest } from "../../src/lib/experiments/benchTorch";
import {
  TorchWorker,
  compareWithTorch,
  findTorchPython,
  parseTorchHeader,
  parseTorchTiming,
  pythonCandidates,
  summarizeTorch,
} from "../../src/lib/experiments/benchTorch";

const header = JSON.stringify({ python: "3.11.2", torch: "1.13.0", threads: 1 });

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

/** A stand-in worker: prints the header, then `timing` for every request line. */
function fakeWorker(name: string, first: string, timing: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `#!/bin/sh\necho '${first}'\nwhile read line; do echo '${timing}'; done\n`, {
    mode: 0o755,
  });
  return file;
}

const request: TorchRequest = { label: "a", batch: [2], T: 8, d: 4, mode: "forward" };

describe("PyTorch worker output", () => {
  it("reads the versions and thread count from the first line", () => {
    expect(parseTorchHeader(header, "py")).toEqual({
      python: "py",
      pythonVersion: "3.11.2",
      torchVersion: "1.13.0",
      threads: 1,
    });
  });

  const brokenHeaders: [string, string, RegExp][] = [
    ["not JSON", "Traceback (most recent call last)", /one JSON object per line/],
    ["an array", "[]", /as a JSON object/],
    [
      "no torch version",
      JSON.stringify({ python: "3", threads: 1 }),
      /field "torch" must be a non-empty string/,
    ],
    [
      "zero threads",
      JSON.stringify({ python: "3", torch: "1", threads: 0 }),
      /field "threads" must be an integer ≥ 1/,
    ],
  ];
  it.each(brokenHeaders)("rejects a first line with %s, naming the field", (_, line, message) => {
    expect(() => parseTorchHeader(line, "py")).toThrow(message);
    expect(() => parseTorchHeader(line, "py")).toThrow(/PyTorch worker \(py\)/);
  });

  it("reads a timing line and rejects a missing or non-finite time", () => {
    expect(parseTorchTiming('{"ms": 2.5, "cpuMs": 2}', "py")).toEqual({ ms: 2.5, cpuMs: 2 });
    expect(() => parseTorchTiming('{"ms": null, "cpuMs": 2}', "py")).toThrow(
      /field "ms" must be a finite number/,
    );
    expect(() => parseTorchTiming('{"ms": 1}', "py")).toThrow(/field "cpuMs"/);
  });

  it("summarises a config's runs as median, minimum and median CPU time", () => {
    const samples = [3, 1, 2, 10].map((ms) => ({ ms, cpuMs: ms / 2 }));
    expect(summarizeTorch("a", "forward", samples)).toEqual({
      label: "a",
      mode: "forward",
      medianMs: 2.5,
      minMs: 1,
      medianCpuMs: 1.25,
      reps: 4,
    });
    expect(() => summarizeTorch("a", "forward", [])).toThrow(/no PyTorch runs timed for a forward/);
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

  it("starts a worker, times one run per request and reports a worker that dies", async () => {
    const ok = await TorchWorker.start(fakeWorker("ok", header, '{"ms": 1.5, "cpuMs": 1.25}'));
    expect(ok.header.torchVersion).toBe("1.13.0");
    expect(await ok.time(request)).toEqual({ ms: 1.5, cpuMs: 1.25 });
    expect(await ok.time({ ...request, mode: "forward+backward" })).toEqual({ ms: 1.5, cpuMs: 1.25 });
    ok.close();
    const bad = await TorchWorker.start(fakeWorker("bad", header, '{"ms": "slow"}'));
    await expect(bad.time(request)).rejects.toThrow(/field "ms" must be a finite number/);
    bad.close();
    const dies = path.join(tmp, "dies");
    fs.writeFileSync(dies, "#!/bin/sh\necho 'ImportError: no torch' >&2\nexit 3\n", { mode: 0o755 });
    await expect(TorchWorker.start(dies)).rejects.toThrow(/exited with 3:\nImportError: no torch/);
  });

  it("starts PyTorch with glibc malloc serving every block from the heap (no page faults per run)", async () => {
    // The stand-in reports the two variables it was started with as its "timing".
    const file = path.join(tmp, "env");
    fs.writeFileSync(
      file,
      `#!/bin/sh\necho '${header}'\nwhile read line; do echo "{\\"ms\\": $MALLOC_MMAP_THRESHOLD_, \\"cpuMs\\": $MALLOC_TRIM_THRESHOLD_$MALLOC_MMAP_MAX_}"; done\n`,
      { mode: 0o755 },
    );
    const w = await TorchWorker.start(file);
    // cpuMs is the trim threshold followed by the digit of MALLOC_MMAP_MAX_ ("0": no mmap at all).
    expect(await w.time(request)).toEqual({ ms: 32 * 1024 * 1024, cpuMs: Number(`${1024 * 1024 * 1024}0`) });
    w.close();
  });

  it("sends each config's label and shape", () => {
    const [config] = benchConfigs(true);
    expect(torchConfig(config!)).toEqual({
      label: config!.label,
      batch: config!.batch,
      T: config!.T,
      d: config!.d,
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
    const torch = [summarizeTorch("a", "forward", [{ ms: 1, cpuMs: 1 }])];
    const [c] = compareWithTorch([benchRow("library", 2.5)], torch);
    expect(c).toMatchObject({ label: "a", mode: "forward", libraryMs: 2.5, torchMs: 1, ratio: 2.5 });
    expect(c!.cpuRatio).toBeCloseTo(1.25);
    expect(compareWithTorch([{ ...benchRow("library", 1), label: "z" }], torch)).toEqual([]);
  });

  it("prints PyTorch's median and the ratios in the same table, only when PyTorch ran", () => {
    const torch = [summarizeTorch("a", "forward", [{ ms: 1, cpuMs: 1 }])];
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
