/**
 * Measures the energy of reference workloads with the project's meter and appends the records to
 * the ledger (data/energy/ledger.jsonl).
 *
 *   npm run energy -- [--region WORLD] [--pue 1.0] [--reps 40] [--backend wasm] [--ledger FILE] [--dry-run]
 *
 * Workloads (FLOPs from src/lib/attention/flops.ts, so each record carries J/FLOP):
 *   matmul-512       tf.matMul of two 512×512 matrices
 *   attention-fwd    scaledDotProductAttention, B·H=32, T=128, d=32
 *   attention-fwdbwd the same, forward + gradients w.r.t. q, k, v (3 × forward FLOPs)
 *   train-step       one Adam step of a pre-LN encoder block (d_model 64, 4 heads, FFN 256) on [16, 32, 64]
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend";
import {
  attentionFlops,
  encoderBlockFlops,
  encoderBlockParams,
  matMulFlops,
  trainingStepFlops,
} from "../attention/flops";
import { TransformerEncoderBlock } from "../attention/transformerBlock";
import { scaledDotProductAttention } from "../attention/scaledDotProduct";
import { DEFAULT_LEDGER, appendToLedger, readLedger, writeLedgerExports } from "../energy/ledger";
import { measure } from "../energy/meter";
import { registerCoreGradients } from "../backend/gradients";
import { achievedFlopsPerSecond, joulesPerFlop } from "../energy/extrapolate";
import { formatCO2e, formatEnergy } from "../energy/units";
import { numberFlag, parseFlags, runCli } from "./flags";

interface Flags {
  region: string;
  /** Undefined: the library default (1.0, personal machine). */
  pue?: number;
  reps: number;
  backend?: string;
  ledger: string;
  dryRun: boolean;
  export: boolean;
  /** Run only workloads whose label contains this text. */
  only?: string;
}

const HELP = `Usage: npm run energy -- [options]
  --region CODE   grid region (ISO alpha-3 or Ember aggregate; default WORLD)
  --pue X         power usage effectiveness ≥ 1 (default 1.0)
  --reps N        repetitions per workload (default 40)
  --backend ID    force a backend (default: the fastest available)
  --ledger FILE   ledger to append to (default ${DEFAULT_LEDGER})
  --only TEXT     run only the workloads whose label contains TEXT (e.g. "train step")
  --dry-run       print the records, append nothing
  --export        instead of measuring, write the ledger's derived files next to it:
                  emissions.csv (CodeCarbon's columns) and ledger.json (what the site imports)`;

export function parseEnergyFlags(argv: readonly string[]): Flags | "help" {
  const parsed = parseFlags(
    "energy",
    argv,
    {
      region: { type: "string" },
      pue: { type: "string" },
      reps: { type: "string" },
      backend: { type: "string" },
      ledger: { type: "string" },
      "dry-run": { type: "boolean" },
      export: { type: "boolean" },
      only: { type: "string" },
    },
    HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  return {
    region: v.region ?? "WORLD",
    pue: v.pue === undefined ? undefined : numberFlag("energy", "pue", v.pue, { min: 1 }),
    reps: v.reps === undefined ? 40 : numberFlag("energy", "reps", v.reps, { min: 1, integer: true }),
    backend: v.backend,
    ledger: v.ledger ?? DEFAULT_LEDGER,
    dryRun: v["dry-run"] ?? false,
    export: v.export ?? false,
    only: v.only,
  };
}

async function main(): Promise<void> {
  const flags = parseEnergyFlags(process.argv.slice(2));
  if (flags === "help") return console.log(HELP);
  if (flags.export) {
    const { json, csv } = writeLedgerExports(flags.ledger);
    console.log(`Wrote ${readLedger(flags.ledger).length} records to ${csv} and ${json}`);
    return;
  }
  const info = await initBackend({ backend: flags.backend });
  registerCoreGradients(); // tf.grads in Node (see backend/gradients.ts)
  const notes =
    flags.region === "WORLD"
      ? ["grid: Ember world average (the physical location of this machine is not stated)"]
      : [];
  const opts = { region: flags.region, pue: flags.pue, backend: info.id, notes };

  const [B, H, T, d] = [4, 8, 128, 32];
  const q = tf.randomNormal([B, H, T, d], 0, 1, "float32", 1);
  const k = tf.randomNormal([B, H, T, d], 0, 1, "float32", 2);
  const v = tf.randomNormal([B, H, T, d], 0, 1, "float32", 3);
  const a = tf.randomNormal([512, 512], 0, 1, "float32", 4);
  const fwdFlops = attentionFlops({ batch: B, heads: H, tq: T, tk: T, dk: d }).total;

  // A small training step: encoder block, mean-squared output as the loss, Adam.
  const [tb, tt, dm, heads] = [16, 32, 64, 4];
  const block = new TransformerEncoderBlock({ dModel: dm, heads, dropout: 0, seed: 7 });
  const x = tf.randomNormal([tb, tt, dm], 0, 1, "float32", 5);
  const adam = tf.train.adam(1e-3);
  const vars = Object.values(block.variables());
  const stepFlops = trainingStepFlops(
    encoderBlockFlops({ batch: tb, seqLen: tt, dModel: dm, heads }).total,
    encoderBlockParams(dm),
  );

  const workloads: { label: string; flops: number; run: () => tf.Tensor[] }[] = [
    { label: "matmul 512x512x512", flops: matMulFlops(512, 512, 512), run: () => [tf.matMul(a, a)] },
    {
      label: `attention forward B*H=${B * H} T=${T} d=${d}`,
      flops: fwdFlops,
      run: () => [scaledDotProductAttention(q, k, v).output],
    },
    {
      label: `attention forward+backward B*H=${B * H} T=${T} d=${d}`,
      flops: 3 * fwdFlops,
      run: () =>
        tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.sum(scaledDotProductAttention(x, y, z).output),
        )([q, k, v]),
    },
    {
      label: `train step encoder block d=${dm} h=${heads} B=${tb} T=${tt} (Adam)`,
      flops: stepFlops,
      run: () => [adam.minimize(() => tf.mean(tf.square(block.apply(x))), true, vars)!],
    },
  ];

  const selected = workloads.filter((w) => !flags.only || w.label.includes(flags.only));
  if (selected.length === 0) throw new Error(`--only "${flags.only}" matches no workload`);
  for (const w of selected) {
    // warm-up (kernel compilation, allocation) outside the meter
    for (let i = 0; i < 2; i++) {
      const outs = w.run();
      await Promise.all(outs.map((t) => t.data()));
      tf.dispose(outs);
    }
    const { record } = await measure(
      `bench:${w.label} x${flags.reps}`,
      async () => {
        for (let i = 0; i < flags.reps; i++) {
          const outs = w.run();
          await Promise.all(outs.map((t) => t.data()));
          tf.dispose(outs);
        }
      },
      { ...opts, flops: w.flops * flags.reps, work: { unit: "flops", count: w.flops * flags.reps } },
    );
    if (!flags.dryRun) appendToLedger(record, flags.ledger);
    const gflops = achievedFlopsPerSecond(record.flops!, record.seconds) / 1e9;
    // Per CPU-second: what the estimate charges for, and robust to other processes on the machine.
    const cpuS = record.estimate?.cpuSeconds;
    const gflopsCpu = cpuS ? achievedFlopsPerSecond(record.flops!, cpuS) / 1e9 : Number.NaN;
    const jPerGflop = joulesPerFlop(record.joules.total, record.flops!) * 1e9;
    console.log(
      `${record.label}: ${record.seconds.toFixed(2)} s, ${formatEnergy(record.joules.total)} ` +
        `(${record.method.cpu}), ${formatCO2e(record.gCO2e)} at ${record.intensity.gCO2ePerKWh} g/kWh, ` +
        `${gflops.toFixed(2)} GFLOP/s wall, ${gflopsCpu.toFixed(2)} GFLOP per CPU-s, ${jPerGflop.toFixed(3)} J/GFLOP`,
    );
    if (flags.dryRun) console.log(JSON.stringify(record));
  }
  tf.dispose([q, k, v, a, x]);
  if (!flags.dryRun) {
    console.log(
      `Appended ${selected.length} records to ${flags.ledger} (ledger.json, emissions.csv updated)`,
    );
  }
}

if (require.main === module) {
  runCli(main);
}
