/**
 * PyTorch side of `npm run bench` (Node only): times the same attention shapes in PyTorch through
 * a Python interpreter that can `import torch`, one thread, float32, so the benchmark prints
 * library and PyTorch side by side. Without such an interpreter the benchmark says so and runs
 * as before.
 *
 * The Python program (TORCH_WORKER) stays up for the whole benchmark and times ONE run per
 * request, so that the benchmark can interleave PyTorch runs with the library's, round by round:
 * on a shared machine a burst of runs of one framework and then of the other measured the load of
 * the moment (PyTorch's forward pass came out slower than its forward+backward). Protocol, one
 * JSON object per line: the worker first prints {python, torch, threads}; then for each request
 * {label, batch, T, d, mode} on stdin it prints {ms, cpuMs}. Every line is validated
 * (parseTorchHeader, parseTorchTiming), so a changed or broken worker gives an error naming the
 * field instead of a NaN in the table.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import * as readline from "node:readline";
import type { BenchConfig, BenchMode } from "../attention/benchmark";

/** What one PyTorch run is asked to time. */
export type TorchRequest = Pick<BenchConfig, "label" | "batch" | "T" | "d"> & { mode: BenchMode };

export interface TorchRow {
  label: string;
  mode: BenchMode;
  /** Median wall-clock ms of the timed runs. */
  medianMs: number;
  minMs: number;
  /** Median process CPU ms (time.process_time), less affected by other load on the machine. */
  medianCpuMs: number;
  reps: number;
}

export interface TorchHeader {
  /** The interpreter that ran (command or path). */
  python: string;
  pythonVersion: string;
  torchVersion: string;
  /** torch.get_num_threads() while timing (1). */
  threads: number;
}

export interface TorchResult extends TorchHeader {
  rows: TorchRow[];
}

/** The interpreter that has torch, or why none was found. */
export type TorchProbe =
  | { found: true; python: string; torchVersion: string }
  | { found: false; tried: { python: string; reason: string }[] };

/**
 * glibc malloc serves blocks over its mmap threshold (128 KiB at first, raised as blocks are freed)
 * with fresh pages that fault on first touch, which is expensive on our VM. A forward pass at B·H=32,
 * T=128 allocates several [32, 128, 128] tensors (2 MiB each), so with the default allocator
 * PyTorch's time depended on the allocator's history: 1.9 ms in one run, 18.3 ms (all CPU time) in
 * the next. Serving every block from the heap (MALLOC_MMAP_MAX_=0; the threshold alone stops at
 * glibc's 32 MiB maximum, below the [8, 1024, 1024] scores) and never trimming it gives PyTorch its
 * steady-state time: the comparison is with PyTorch at its best, not with its page faults.
 */
export const TORCH_MALLOC_ENV = {
  MALLOC_MMAP_MAX_: "0",
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(1024 * 1024 * 1024),
};

/**
 * The same computation as the library's benchmark (src/lib/attention/benchmark.ts): q, k, v,
 * dO ~ N(0, 1) float32 [..., T, d]; out = softmax((q/√d)·kᵀ)·v (the library also scales q);
 * forward under torch.no_grad(); forward+backward = torch.autograd.grad(out, (q, k, v), dO);
 * 5 untimed runs when a shape is first requested; started with TORCH_MALLOC_ENV.
 * OMP_NUM_THREADS=1 is set before torch starts (set_num_threads alone left a second OpenMP
 * thread busy: process CPU time was twice the wall-clock time).
 */
export const TORCH_WORKER = String.raw`
import json, math, os, sys, time
os.environ["OMP_NUM_THREADS"] = "1"
import torch
torch.set_num_threads(1)
print(json.dumps({"python": sys.version.split()[0], "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
def attention(q, k, v, scale):
    return torch.matmul(torch.softmax(torch.matmul(q * scale, k.transpose(-2, -1)), dim=-1), v)
runs = {}
def make(c):
    shape = list(c["batch"]) + [c["T"], c["d"]]
    g = torch.Generator().manual_seed(0)
    q, k, v, dO = (torch.randn(shape, generator=g, dtype=torch.float32) for _ in range(4))
    scale = 1.0 / math.sqrt(c["d"])
    if c["mode"] == "forward":
        def run():
            with torch.no_grad():
                attention(q, k, v, scale)
        return run
    qg, kg, vg = (t.clone().requires_grad_(True) for t in (q, k, v))
    def run():
        o = attention(qg, kg, vg, scale)
        torch.autograd.grad(o, (qg, kg, vg), dO)
    return run
for line in sys.stdin:
    c = json.loads(line)
    key = json.dumps(c, sort_keys=True)
    if key not in runs:
        runs.clear()
        runs[key] = make(c)
        for _ in range(5):
            runs[key]()  # untimed: the first runs of a shape grow the heap (page faults)
    t0, c0 = time.perf_counter(), time.process_time()
    runs[key]()
    print(json.dumps({"ms": (time.perf_counter() - t0) * 1000.0, "cpuMs": (time.process_time() - c0) * 1000.0}), flush=True)
`;
/** Interpreters tried in order: FOOTPRINT_PYTHON (or --python), then python3 on PATH, then /usr/bin/python3. */
export function pythonCandidates(explicit?: string): string[] {
  return explicit ? [explicit] : ["python3", "/usr/bin/python3", "python"];
}

/** Finds the first interpreter that can import torch (a few seconds per candidate at most). */
export function findTorchPython(candidates: readonly string[]): TorchProbe {
  const tried: { python: string; reason: string }[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (r.status === 0 && r.stdout.trim()) return { found: true, python, torchVersion: r.stdout.trim() };
    const reason = r.error ? r.error.message : r.stderr.trim().split("\n").pop() || `exit code ${r.status}`;
    tried.push({ python, reason });
  }
  return { found: false, tried };
}

/** Parses a JSON object line of the worker; errors name the interpreter and what was expected. */
function parseLine(line: string, python: string, what: string): Record<string, unknown> {
  const where = `PyTorch worker (${python})`;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new Error(
      `${where}: expected ${what} as one JSON object per line, got ${JSON.stringify(line.slice(0, 80))}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error(`${where}: expected ${what} as a JSON object, got ${JSON.stringify(data)}`);
  return data as Record<string, unknown>;
}

/** The worker's first line: {python, torch, threads}. */
export function parseTorchHeader(line: string, python: string): TorchHeader {
  const o = parseLine(line, python, "the versions");
  const where = `PyTorch worker (${python})`;
  for (const f of ["python", "torch"])
    if (typeof o[f] !== "string" || o[f] === "")
      throw new Error(`${where}: field "${f}" must be a non-empty string, got ${JSON.stringify(o[f])}`);
  const threads = o.threads;
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1)
    throw new Error(`${where}: field "threads" must be an integer ≥ 1, got ${JSON.stringify(threads)}`);
  return { python, pythonVersion: o.python as string, torchVersion: o.torch as string, threads };
}

/** One timing line: {ms, cpuMs}, both positive finite numbers. */
export function parseTorchTiming(line: string, python: string): { ms: number; cpuMs: number } {
  const o = parseLine(line, python, "a timing");
  for (const f of ["ms", "cpuMs"]) {
    const x = o[f];
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0)
      throw new Error(
        `PyTorch worker (${python}): field "${f}" must be a finite number ≥ 0, got ${JSON.stringify(x)}`,
      );
  }
  return { ms: o.ms as number, cpuMs: o.cpuMs as number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Median, minimum and median CPU time of a config's timed PyTorch runs. */
export function summarizeTorch(
  label: string,
  mode: BenchMode,
  samples: readonly { ms: number; cpuMs: number }[],
): TorchRow {
  if (samples.length === 0) throw new Error(`bench: no PyTorch runs timed for ${label} ${mode}`);
  return {
    label,
    mode,
    medianMs: median(samples.map((x) => x.ms)),
    minMs: Math.min(...samples.map((x) => x.ms)),
    medianCpuMs: median(samples.map((x) => x.cpuMs)),
    reps: samples.length,
  };
}

/** A running TORCH_WORKER: time() sends one request and resolves with that run's timing. */
export class TorchWorker {
  private readonly waiting: ((line: string) => void)[] = [];
  private failure: Error | undefined;

  private constructor(
    readonly header: TorchHeader,
    private readonly child: ChildProcessWithoutNullStreams,
    lines: readline.Interface,
  ) {
    lines.on("line", (line) => this.waiting.shift()?.(line));
  }

  /** Starts the worker with `python` and reads its versions line. */
  static async start(python: string): Promise<TorchWorker> {
    const child = spawn(python, ["-c", TORCH_WORKER], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...TORCH_MALLOC_ENV },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = readline.createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("error", (e) =>
        reject(new Error(`bench: cannot start the PyTorch worker with ${python}: ${e.message}`)),
      );
      child.once("close", (code) =>
        reject(new Error(`bench: the PyTorch worker (${python}) exited with ${code}:\n${stderr.trim()}`)),
      );
    });
    const worker = new TorchWorker(parseTorchHeader(first, python), child, lines);
    child.on("close", (code) => {
      worker.failure = new Error(
        `bench: the PyTorch worker (${python}) exited with ${code}:\n${stderr.trim()}`,
      );
      for (const w of worker.waiting.splice(0)) w("");
    });
    return worker;
  }

  /** Times one run of `request` in PyTorch. */
  async time(request: TorchRequest): Promise<{ ms: number; cpuMs: number }> {
    if (this.failure) throw this.failure;
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify(request) + "\n");
    });
    if (this.failure) throw this.failure;
    return parseTorchTiming(line, this.header.python);
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** One line of the side-by-side table: library and PyTorch medians and their ratios. */
export interface TorchComparison {
  label: string;
  mode: BenchMode;
  libraryMs: number;
  torchMs: number;
  /** libraryMs / torchMs: 1 = as fast as PyTorch, 2 = twice as slow. */
  ratio: number;
  libraryCpuMs: number;
  torchCpuMs: number;
  /** The same ratio of process CPU times (robust to other processes sharing the CPU). */
  cpuRatio: number;
}

/** Pairs rows with PyTorch rows of the same config and mode (rows without a match are left out). */
export function compareWithTorch(
  rows: readonly { label: string; mode: BenchMode; medianMs: number; medianCpuMs: number }[],
  torch: readonly TorchRow[],
): TorchComparison[] {
  return rows.flatMap((row) => {
    const t = torch.find((r) => r.label === row.label && r.mode === row.mode);
    if (!t) return [];
    return [
      {
        label: row.label,
        mode: row.mode,
        libraryMs: row.medianMs,
        torchMs: t.medianMs,
        ratio: row.medianMs / t.medianMs,
        libraryCpuMs: row.medianCpuMs,
        torchCpuMs: t.medianCpuMs,
        cpuRatio: row.medianCpuMs / t.medianCpuMs,
      },
    ];
  });
}
