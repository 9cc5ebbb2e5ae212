/**
 * Before/after comparison of scaledDotProductAttention in one process (Node only): loads the
 * compiled library from two folders (e.g. a build of an older commit and of the working tree),
 * times both side by side, interleaved round by round, on the benchmark's configs, and writes
 * the medians, minima and ratios as JSON. Both builds share this process's tfjs and backend.
 *
 *   git worktree add .scratch/before <commit>
 *   node node_modules/typescript/bin/tsc -p .scratch/before/tsconfig.lib.json --outDir .scratch/before-dist
 *   npm run build:lib
 *   node dist/experiments/benchBeforeAfter.js .scratch/before-dist dist data/bench/before-after-attention-wasm.json
 * (both builds then load this checkout's node_modules; not attention-*.json: notebook 08 reads
 * those as npm run bench records)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { AttentionResult } from "../attention/scaledDotProduct";
import { benchConfigs } from "../cli/bench";
import { initBackend } from "../backend";
import "../backend/gradients";
import { writeFileAtomic } from "../io/writeFileAtomic";

type Sdpa = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => AttentionResult;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** scaledDotProductAttention of the compiled library in `dist` (its attention/index.js). */
function load(dist: string): Sdpa {
  const file = path.resolve(dist, "attention", "index.js");
  if (!fs.existsSync(file))
    throw new Error(
      `benchBeforeAfter: ${file} not found: pass the dist/ folder of a build (npm run build:lib).`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { scaledDotProductAttention: Sdpa }).scaledDotProductAttention;
}

async function main(): Promise<void> {
  const [beforeDir, afterDir, out] = process.argv.slice(2);
  if (!beforeDir || !afterDir)
    throw new Error("Usage: node dist/experiments/benchBeforeAfter.js <before dist> <after dist> [out.json]");
  const info = await initBackend({});
  const impl = { before: load(beforeDir), after: load(afterDir) };
  const rows = [];
  for (const c of benchConfigs(false)) {
    const shape = [...c.batch, c.T, c.d];
    const [q, k, v, dO] = [1, 2, 3, 4].map((seed) =>
      tf.randomNormal(shape, 0, 1, "float32", seed),
    ) as tf.Tensor[];
    for (const mode of ["forward", "forward+backward"] as const) {
      const run = (f: Sdpa) =>
        mode === "forward"
          ? [f(q!, k!, v!).output]
          : tf.grads((a: tf.Tensor, b: tf.Tensor, x: tf.Tensor) => f(a, b, x).output)([q!, k!, v!], dO!);
      const times: Record<"before" | "after", number[]> = { before: [], after: [] };
      const reps = Math.max(c.reps, 5);
      for (let r = 0; r < reps + (c.warmups ?? 2); r++) {
        const order = r % 2 ? (["after", "before"] as const) : (["before", "after"] as const);
        for (const name of order) {
          const t0 = performance.now();
          const results = run(impl[name]);
          const sums = tf.tidy(() => results.map((t) => tf.sum(t)));
          await Promise.all(sums.map((t) => t.data()));
          const ms = performance.now() - t0;
          tf.dispose([...results, ...sums]);
          if (r >= (c.warmups ?? 2)) times[name].push(ms);
        }
      }
      const row = {
        label: c.label,
        mode,
        beforeMedianMs: median(times.before),
        afterMedianMs: median(times.after),
        beforeMinMs: Math.min(...times.before),
        afterMinMs: Math.min(...times.after),
        reps,
        speedup: median(times.before) / median(times.after),
        speedupOfMinima: Math.min(...times.before) / Math.min(...times.after),
      };
      rows.push(row);
      console.log(
        `${c.label} ${mode}: before ${row.beforeMedianMs.toFixed(2)} ms, after ${row.afterMedianMs.toFixed(2)} ms ` +
          `(× ${row.speedup.toFixed(2)}; minima × ${row.speedupOfMinima.toFixed(2)})`,
      );
    }
    tf.dispose([q!, k!, v!, dO!]);
  }
  if (!out) return;
  const record = {
    benchmark: "attention before/after",
    date: new Date().toISOString(),
    backend: info.id,
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? "unknown",
      cores: os.cpus().length,
      loadAverage: os.loadavg(),
    },
    before: path.resolve(beforeDir),
    after: path.resolve(afterDir),
    method:
      "scaledDotProductAttention of two builds in one process, q, k, v, dO ~ N(0,1) float32 as in npm run bench; " +
      "before and after alternate round by round (the first one alternates), 1–2 warm-ups, median and minimum wall-clock ms; " +
      "speedup = before median / after median. Other processes shared the machine (see loadAverage).",
    rows,
  };
  writeFileAtomic(out, JSON.stringify(record, null, 2) + "\n");
  console.log(`wrote ${out}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exitCode = 1;
  });
}
