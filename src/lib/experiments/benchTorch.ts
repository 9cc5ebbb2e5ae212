/**
 * PyTorch side of `npm run bench` (Node only): runs the same attention shapes in PyTorch through a
 * Python interpreter that can `import torch`, one thread, float32, and returns its timings so the
 * benchmark prints library and PyTorch side by side. Without such an interpreter the benchmark
 * says so and runs as before.
 *
 * The Python program reads a JSON request on stdin and prints one JSON object on stdout; its
 * output is validated field by field (parseTorchOutput), so a changed or broken script gives an
 * error naming the field instead of a NaN in the table.
 */
import { spawnSync } from "node:child_process";
import type { BenchConfig, BenchMode } from "../attention/benchmark";

/** What the Python program is asked to run: the benchmark's configs and modes. */
export interface TorchRequest {
  configs: Pick<BenchConfig, "label" | "batch" | "T" | "d" | "reps" | "warmups">[];
  modes: BenchMode[];
}

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

export interface TorchResult {
  /** The interpreter that ran (command or path). */
  python: string;
  pythonVersion: string;
  torchVersion: string;
  /** torch.get_num_threads() while timing (1). */
  threads: number;
  rows: TorchRow[];
}

/** The interpreter that has torch, or why none was found. */
export type TorchProbe =
  | { found: true; python: string; torchVersion: string }
  | { found: false; tried: { python: string; reason: string }[] };

/**
 * Timings in PyTorch, the same method as the library's benchmark (src/lib/attention/benchmark.ts):
 * q, k, v, dO ~ N(0, 1) float32 [..., T, d]; out = softmax((q/√d)·kᵀ)·v (the library also scales q);
 * forward under torch.no_grad(); forward+backward = torch.autograd.grad(out, (q, k, v), dO);
 * warm-ups, then the median of `reps` runs (at least 10: PyTorch runs are short).
 */
export const TORCH_SCRIPT = String.raw`
import json, math, statistics, sys, time
import torch
torch.set_num_threads(1)
req = json.load(sys.stdin)
out = {"python": sys.version.split()[0], "torch": torch.__version__, "threads": torch.get_num_threads(), "rows": []}
def attention(q, k, v, scale):
    return torch.matmul(torch.softmax(torch.matmul(q * scale, k.transpose(-2, -1)), dim=-1), v)
for c in req["configs"]:
    shape = list(c["batch"]) + [c["T"], c["d"]]
    g = torch.Generator().manual_seed(0)
    q, k, v, dO = (torch.randn(shape, generator=g, dtype=torch.float32) for _ in range(4))
    scale = 1.0 / math.sqrt(c["d"])
    reps = max(int(c["reps"]), 10)
    warmups = max(int(c.get("warmups") or 2), 2)
    for mode in req["modes"]:
        if mode == "forward":
            def run():
                with torch.no_grad():
                    attention(q, k, v, scale)
        else:
            qg, kg, vg = (t.clone().requires_grad_(True) for t in (q, k, v))
            def run():
                o = attention(qg, kg, vg, scale)
                torch.autograd.grad(o, (qg, kg, vg), dO)
        for _ in range(warmups):
            run()
        times, cpu = [], []
        for _ in range(reps):
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            times.append((time.perf_counter() - t0) * 1000.0)
            cpu.append((time.process_time() - c0) * 1000.0)
        out["rows"].append({"label": c["label"], "mode": mode, "medianMs": statistics.median(times), "minMs": min(times), "medianCpuMs": statistics.median(cpu), "reps": reps})
print(json.dumps(out))
`;

/** Interpreters tried in order: FOOTPRINT_PYTHON (or --python), then python3 on PATH, then /usr/bin/python3. */
export function pythonCandidates(explicit?: string): string[] {
  if (explicit) return [explicit];
  const list = ["python3", "/usr/bin/python3", "python"];
  return [...new Set(list)];
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
    const reason = r.error
      ? r.error.message
      : (r.stderr.trim().split("\n").pop() ?? `exit code ${r.status}`) || `exit code ${r.status}`;
    tried.push({ python, reason });
  }
  return { found: false, tried };
}

/** Runs TORCH_SCRIPT with `python` on the request; throws with the interpreter's stderr on failure. */
export function runTorchBench(python: string, request: TorchRequest, timeoutMs = 600_000): TorchResult {
  const r = spawnSync(python, ["-c", TORCH_SCRIPT], {
    input: JSON.stringify(request),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 2 ** 20,
  });
  if (r.error) throw new Error(`bench: PyTorch run with ${python} failed: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`bench: PyTorch run with ${python} exited with ${r.status}:\n${r.stderr.trim()}`);
  return parseTorchOutput(r.stdout, python, request);
}

/**
 * Validates the Python program's stdout (one JSON object) against the request: every config and
 * mode has exactly one row with positive finite times. Errors name the field and what was expected.
 */
export function parseTorchOutput(stdout: string, python: string, request: TorchRequest): TorchResult {
  const where = `PyTorch output of ${python}`;
  const line = stdout.trim().split("\n").pop() ?? "";
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new Error(
      `${where}: expected one JSON object on the last line, got ${JSON.stringify(line.slice(0, 80))}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error(`${where}: expected a JSON object, got ${JSON.stringify(data)}`);
  const o = data as Record<string, unknown>;
  const str = (field: string): string => {
    if (typeof o[field] !== "string" || o[field] === "")
      throw new Error(
        `${where}: field "${field}" must be a non-empty string, got ${JSON.stringify(o[field])}`,
      );
    return o[field];
  };
  const threads = o.threads;
  if (typeof threads !== "number" || !Number.isInteger(threads) || threads < 1)
    throw new Error(`${where}: field "threads" must be an integer ≥ 1, got ${JSON.stringify(threads)}`);
  if (!Array.isArray(o.rows))
    throw new Error(`${where}: field "rows" must be an array, got ${JSON.stringify(o.rows)}`);
  const rows = o.rows.map((raw: unknown, i: number): TorchRow => {
    const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = `${where}: rows[${i}]`;
    const labels = request.configs.map((c) => c.label);
    if (typeof r.label !== "string" || !labels.includes(r.label))
      throw new Error(`${at}.label must be one of ${JSON.stringify(labels)}, got ${JSON.stringify(r.label)}`);
    if (!request.modes.includes(r.mode as BenchMode))
      throw new Error(
        `${at}.mode must be one of ${JSON.stringify(request.modes)}, got ${JSON.stringify(r.mode)}`,
      );
    for (const f of ["medianMs", "minMs", "medianCpuMs", "reps"] as const) {
      const x = r[f];
      if (typeof x !== "number" || !Number.isFinite(x) || x <= 0)
        throw new Error(`${at}.${f} must be a positive finite number, got ${JSON.stringify(x)}`);
    }
    return {
      label: r.label,
      mode: r.mode as BenchMode,
      medianMs: r.medianMs as number,
      minMs: r.minMs as number,
      medianCpuMs: r.medianCpuMs as number,
      reps: r.reps as number,
    };
  });
  for (const c of request.configs)
    for (const mode of request.modes) {
      const n = rows.filter((r) => r.label === c.label && r.mode === mode).length;
      if (n !== 1) throw new Error(`${where}: expected one row for ${c.label} ${mode}, got ${n}`);
    }
  return { python, pythonVersion: str("python"), torchVersion: str("torch"), threads, rows };
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
