#!/usr/bin/env node
/**
 * `npm run bench`: attention forward and forward+backward for the library, the plain
 * composition and the chunked variant on the active backend, side by side with PyTorch when a
 * Python interpreter can import torch (experiments/benchTorch.ts). Prints a table and writes
 * data/bench/attention-<backend>.json (machine, versions, date, load average, rows, PyTorch rows).
 *
 * Flags: --quick (fewer sizes and repetitions; also FOOTPRINT_QUICK=1), --backend <id>
 * (as FOOTPRINT_BACKEND), --out <file>, --no-write, --python <interpreter> (also FOOTPRINT_PYTHON),
 * --no-torch, --help.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import * as tf from "@tensorflow/tfjs-core";
import { benchmarkAttention } from "../attention/benchmark";
import type { BenchConfig, BenchMode, BenchRow, BenchVariant } from "../attention/benchmark";
import { fusedAttentionKernel } from "../attention/fusedAttentionKernel";
import { chooseMatMulStrategy } from "../attention/scaledDotProduct";
import { initBackend } from "../backend";
import type { BackendInfo } from "../backend";
import { benchmarkThroughput, formatThroughputTable } from "../experiments/benchThroughput";
import { gitCommit } from "../energy/hardware";
import { isQuickMode } from "../config";
import "../backend/gradients";
import { parseFlags, runCli, UsageError } from "./flags";
import type { TorchComparison, TorchRequest, TorchResult, TorchRow } from "../experiments/benchTorch";
import {
  TorchWorker,
  compareWithTorch,
  findTorchPython,
  pythonCandidates,
  summarizeTorch,
} from "../experiments/benchTorch";

const HELP = `Usage: npm run bench -- [--quick] [--backend wasm|cpu|node|node-gpu] [--out file] [--no-write]
                          [--python interpreter] [--no-torch] [--only attention|throughput]
  --quick      T ∈ {64, 128} and fewer repetitions (also FOOTPRINT_QUICK=1)
  --backend    force a backend (default: the fastest available; env FOOTPRINT_BACKEND)
  --out        JSON output (default data/bench/attention-<backend>.json)
  --no-write   print the table only
  --python     Python interpreter with torch for the side-by-side PyTorch timings (env FOOTPRINT_PYTHON;
               default: the first of python3, /usr/bin/python3, python that can import torch)
  --no-torch   skip the PyTorch comparison
  --only       run one part: attention (attention kernels, PyTorch comparison) or throughput (training
               steps of the demo models, decoding with and without the KV cache; data/bench/throughput-<backend>.json)
  --out-throughput  JSON output of the throughput part`;

interface Flags {
  quick: boolean;
  backend?: string;
  out?: string;
  write: boolean;
  python?: string;
  torch: boolean;
  only?: "attention" | "throughput";
  outThroughput?: string;
}

export function parseBenchFlags(argv: readonly string[]): Flags | "help" {
  const parsed = parseFlags(
    "bench",
    argv,
    {
      quick: { type: "boolean" },
      backend: { type: "string" },
      out: { type: "string" },
      "no-write": { type: "boolean" },
      python: { type: "string" },
      "no-torch": { type: "boolean" },
      only: { type: "string" },
      "out-throughput": { type: "string" },
    },
    HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  if (v.only !== undefined && v.only !== "attention" && v.only !== "throughput")
    throw new UsageError(
      `bench: --only must be attention or throughput, got ${JSON.stringify(v.only)}\n\n${HELP}`,
    );
  return {
    quick: v.quick ?? isQuickMode(),
    backend: v.backend,
    out: v.out,
    write: !v["no-write"],
    python: v.python ?? (process.env.FOOTPRINT_PYTHON || undefined),
    torch: !v["no-torch"],
    only: v.only,
    outThroughput: v["out-throughput"],
  };
}

/** The configurations: the issue's B·H=32, T=128, d=32, then a T sweep at B·H=8, d=32. */
export function benchConfigs(quick: boolean): BenchConfig[] {
  // Fewer repetitions (and one warm-up) at large T keep the whole run within a few minutes on 2 cores.
  const repsFor = (T: number) => (quick ? 3 : T <= 128 ? 15 : T <= 256 ? 7 : T <= 512 ? 3 : 2);
  const sweep = quick ? [64, 128] : [64, 128, 256, 512, 1024];
  return [
    { label: "B·H=32 T=128 d=32", batch: [4, 8], T: 128, d: 32, reps: quick ? 5 : 21, chunkSize: 128 },
    ...sweep.map((T) => ({
      label: `B·H=8 T=${T} d=32`,
      batch: [1, 8],
      T,
      d: 32,
      reps: repsFor(T),
      warmups: T >= 512 ? 1 : 2,
      chunkSize: 128,
    })),
  ];
}

function packageVersion(name: string): string | null {
  try {
    const file = require.resolve(`${name}/package.json`);
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

/**
 * The results table; with PyTorch timings, two more columns: PyTorch's median for the same config
 * and mode, and this row's median divided by it (1 = as fast as PyTorch, 2 = twice as slow).
 */
export function formatTable(rows: BenchRow[], torch?: TorchComparison[]): string {
  const header = [
    "config",
    "mode",
    "variant",
    "median ms",
    "CPU ms",
    "GFLOP/s",
    "peak MiB",
    "× vs plain",
    "× CPU",
    ...(torch ? ["PyTorch ms", "÷ PyTorch", "÷ PyTorch CPU"] : []),
  ];
  const lines = rows.map((r) => {
    const t = torch?.find((c) => c.label === r.label && c.mode === r.mode);
    const torchCells = !torch
      ? []
      : t
        ? [
            t.torchMs.toFixed(2),
            (r.medianMs / t.torchMs).toFixed(2),
            (r.medianCpuMs / t.torchCpuMs).toFixed(2),
          ]
        : ["—", "—", "—"];
    return [
      r.label,
      r.mode,
      r.variant,
      r.medianMs.toFixed(2),
      r.medianCpuMs.toFixed(2),
      r.gflopPerS.toFixed(2),
      (r.peakBytes / 2 ** 20).toFixed(1),
      r.speedupVsPlain.toFixed(2),
      r.cpuSpeedupVsPlain.toFixed(2),
      ...torchCells,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!, i >= 3)).join(" | ")} |`;
  return [
    fmt(header),
    `|${widths.map((w, i) => (i >= 3 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`,
    ...lines.map(fmt),
  ].join("\n");
}

async function main(): Promise<void> {
  const flags = parseBenchFlags(process.argv.slice(2));
  if (flags === "help") return console.log(HELP);
  const info = await initBackend({ backend: flags.backend });
  if (flags.only !== "throughput") await runAttention(flags, info);
  if (flags.only !== "attention") await runThroughput(flags, info);
}

/** Machine, backend and versions of a benchmark record. */
function environment(info: BackendInfo, loadBefore: number[]) {
  const cpus = os.cpus();
  return {
    machine: {
      cpu: cpus[0]?.model.trim() ?? "unknown",
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      /** The CPUs this process may run on (Linux), inherited by the PyTorch worker. */
      cpuAffinity: cpuAffinity(),
      loadAverageAtStart: loadBefore,
      loadAverageAtEnd: os.loadavg(),
    },
    backend: { id: info.id, tfName: info.tfName, device: info.device, skipped: info.skipped },
    versions: {
      node: process.version,
      "@tensorflow/tfjs-core": packageVersion("@tensorflow/tfjs-core"),
      "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
      "@tensorflow/tfjs-backend-cpu": packageVersion("@tensorflow/tfjs-backend-cpu"),
      "@tensorflow/tfjs-node": packageVersion("@tensorflow/tfjs-node"),
      "@tensorflow/tfjs-node-gpu": packageVersion("@tensorflow/tfjs-node-gpu"),
      gitCommit: gitCommit(),
    },
  };
}

/** The CPUs this process may run on, e.g. "0-1" (Linux; undefined elsewhere). */
function cpuAffinity(): string | undefined {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

/** Training-step and decoding throughput of the demo models (experiments/benchThroughput.ts). */
async function runThroughput(flags: Flags, info: BackendInfo): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg();
  process.stderr.write("Throughput of the demo models:\n");
  const rows = await benchmarkThroughput(process.cwd(), {
    quick: flags.quick,
    log: (line) => process.stderr.write(line + "\n"),
  });
  const seconds = (Date.now() - started.getTime()) / 1000;
  console.log(`\nTraining and decoding throughput on ${info.summary}`);
  console.log(formatThroughputTable(rows));
  console.log(
    `(median of ${flags.quick ? "3" : "7"} training steps after 2 warm-ups, 2–3 decodings after 1; shipped model configurations, ` +
      `fresh weights, synthetic ids; load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} at start; ${seconds.toFixed(0)} s)`,
  );
  if (!flags.write) return;
  const out = flags.outThroughput ?? path.join("data", "bench", `throughput-${info.id}.json`);
  const record = {
    benchmark: "throughput",
    date: started.toISOString(),
    durationSeconds: Math.round(seconds),
    quick: flags.quick,
    ...environment(info, loadBefore),
    method:
      "Each demo's model built from the configuration of the shipped model (static/models/<demo>/model.json, modelConfig.model) " +
      "with fresh seeded weights; a training step = loss on a fixed synthetic batch of random ids (shapes in `rows`), " +
      "tf.variableGrads of every variable, Adam update, then reading the loss; decoding = generate() with the poetry GPT, " +
      "temperature 1, no [EOS], from a 4-id prompt, with and without the KV cache. Median wall-clock ms; perSecond = units / median s. " +
      "One process; other processes may share the CPU (see loadAverage).",
    rows,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeFileAtomic(out, JSON.stringify(record, null, 2) + "\n");
  console.log(`wrote ${out}`);
}

/** Attention forward and forward+backward, library vs plain vs chunked, and PyTorch when available. */
async function runAttention(flags: Flags, info: BackendInfo): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg();
  const variants: BenchVariant[] = ["plain", "library", "chunked"];
  const modes: BenchMode[] = ["forward", "forward+backward"];
  const rows: (BenchRow & { strategy: string })[] = [];
  const configs = benchConfigs(flags.quick);
  const python = flags.torch ? torchPython(flags.python) : undefined;
  const worker = python ? await TorchWorker.start(python) : undefined;
  const torchRows: TorchRow[] = [];
  try {
    for (const config of configs) {
      const N = config.batch.reduce((a, b) => a * b, 1);
      const shapes = { batchSize: N, Tq: config.T, Tk: config.T, dk: config.d, dv: config.d };
      // What "auto" runs: the wasm kernel where it can, else the products strategy. chunkedAttention
      // never uses the kernel (its products go through attentionMatMul).
      const strategies: Record<BenchVariant, string> = {
        plain: "plain",
        library: fusedAttentionKernel() ? "kernel" : chooseMatMulStrategy(tf.getBackend(), shapes),
        chunked: chooseMatMulStrategy(tf.getBackend(), {
          ...shapes,
          Tk: Math.min(config.chunkSize, config.T),
        }),
      };
      for (const mode of modes) {
        // One PyTorch run per round, interleaved with the library's, so both see the same machine load.
        const samples: { ms: number; cpuMs: number }[] = [];
        const eachRound = worker
          ? async (timed: boolean) => {
              const t = await worker.time({ ...torchConfig(config), mode });
              if (timed) samples.push(t);
            }
          : undefined;
        for (const row of await benchmarkAttention(config, mode, variants, { eachRound })) {
          rows.push({ ...row, strategy: strategies[row.variant] });
          process.stderr.write(`  ${config.label} ${mode} ${row.variant}: ${row.medianMs.toFixed(2)} ms\n`);
        }
        if (worker) {
          const t = summarizeTorch(config.label, mode, samples);
          torchRows.push(t);
          process.stderr.write(`  ${config.label} ${mode} PyTorch: ${t.medianMs.toFixed(2)} ms\n`);
        }
      }
    }
  } finally {
    worker?.close();
  }
  const torch: TorchResult | undefined = worker ? { ...worker.header, rows: torchRows } : undefined;
  const seconds = (Date.now() - started.getTime()) / 1000;
  console.log(`\nAttention benchmark on ${info.summary}`);
  const comparison = torch ? compareWithTorch(rows, torch.rows) : undefined;
  console.log(formatTable(rows, comparison));
  if (torch)
    console.log(
      `(PyTorch ${torch.torchVersion} via ${torch.python} (Python ${torch.pythonVersion}), ${torch.threads} thread, float32, ` +
        `same shapes, one PyTorch run per round interleaved with the library's variants in the same command; ` +
        `÷ PyTorch = median / PyTorch median (wall clock), ÷ PyTorch CPU = the same for process CPU time)`,
    );
  const affinity = cpuAffinity();
  if (torch && affinity && /[-,]/.test(affinity))
    console.log(
      `(not pinned: Node and Python may each run on any of CPUs ${affinity}; where cores differ in speed (seen on ` +
        `2-core VMs: 1.5×), pin both to one core for a fair ratio, e.g. taskset -c 1 npm run bench)`,
    );
  console.log(
    `(variants interleaved round by round; median of the timed rounds after 1–2 warm-ups, wall clock and process CPU time; ` +
      `forward+backward = gradients w.r.t. q, k, v for a fixed upstream gradient; GFLOP/s (wall) counts matrix products only; peak = tf.profile peakBytes above the inputs; ` +
      `load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} at start; ${seconds.toFixed(0)} s)`,
  );
  if (!flags.write) return;
  const out = flags.out ?? path.join("data", "bench", `attention-${info.id}.json`);
  const record = {
    benchmark: "attention",
    date: started.toISOString(),
    durationSeconds: Math.round(seconds),
    quick: flags.quick,
    ...environment(info, loadBefore),
    pytorch: torch
      ? {
          ...torch,
          comparison: compareWithTorch(
            rows.filter((r) => r.variant === "library"),
            torch.rows,
          ),
        }
      : { skipped: flags.torch ? "no Python interpreter could import torch" : "--no-torch" },
    method:
      "q, k, v ~ N(0,1) float32 [B, H, T, d]; the three variants are timed side by side, interleaved round by round " +
      "(the first variant rotates), after 2 warm-up runs each (1 at T ≥ 512); `reps` timed rounds, each starting with one PyTorch run of the same shapes when torch is available; median wall-clock ms " +
      "and median process CPU ms (user+system) reported; speed-ups are plain/variant medians from the same run. " +
      "forward+backward = tf.grads of the output w.r.t. q, k, v with a fixed random upstream gradient dO ~ N(0,1). Each run " +
      "ends by reading the sum of every result (waits for asynchronous backends without timing the copy of the " +
      "whole result to JS). GFLOP/s counts matrix products only: forward 2·N·T²·(d_k+d_v), forward+backward 3× that. " +
      "peakBytes = tf.profile peakBytes minus bytes held before the call. plain = matMul(softmax(matMul(q,k,false,true)/√d), v); " +
      "library = scaledDotProductAttention (strategy auto: the WebAssembly kernel where it runs, see `strategy`); chunked = chunkedAttention (chunkSize per row). One process, " +
      "other processes may share the CPU (see loadAverage).",
    rows,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeFileAtomic(out, JSON.stringify(record, null, 2) + "\n");
  console.log(`wrote ${out}`);
}

/** The interpreter that can import torch, or undefined (after saying why on stderr). */
function torchPython(explicit: string | undefined): string | undefined {
  const probe = findTorchPython(pythonCandidates(explicit));
  if (probe.found) {
    process.stderr.write(
      `PyTorch ${probe.torchVersion} (${probe.python}): timing the same shapes, one thread\n`,
    );
    return probe.python;
  }
  process.stderr.write(
    `PyTorch comparison skipped: no Python interpreter could import torch ` +
      `(${probe.tried.map((t) => `${t.python}: ${t.reason}`).join("; ")}). ` +
      `Install it (e.g. \`pip install torch\` or Debian's python3-torch) or pass --python <interpreter>.\n`,
  );
  return undefined;
}

/** The fields of a config the PyTorch worker reads (with the mode). */
export function torchConfig({ label, batch, T, d }: BenchConfig): Omit<TorchRequest, "mode"> {
  return { label, batch, T, d };
}

if (require.main === module) {
  runCli(main);
}
