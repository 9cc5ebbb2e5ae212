/**
 * Training and decoding throughput for `npm run bench` (Node only), so that regressions in the
 * models show as numbers: tokens (characters for the poetry GPT) per second of
 * - one training step (forward, gradients of every variable, Adam update) of each demo's
 *   reference model, built with the configuration of the shipped model (static/models/<demo>/
 *   model.json, `modelConfig.model`) and fresh seeded weights, on a synthetic batch of fixed shape;
 * - single-sequence decoding with the poetry GPT, with and without the KV cache.
 * Timings depend on shapes, not on the weights' values: random ids and untrained weights time the
 * same kernels as the real data would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { GPT } from "../models/generation/gpt";
import type { GptConfig } from "../models/generation/config";
import { generate } from "../models/generation/generate";
import { SentimentClassifier } from "../models/sentiment/classifier";
import type { SentimentClassifierConfig } from "../models/sentiment/classifier";
import { sentimentStep } from "../models/sentiment/training";
import { Translator } from "../models/translation/model";
import type { TranslatorConfig } from "../models/translation/model";
import { registerTrainingGradients } from "../models/train/gradients";
import type { VariableMap } from "../attention/layers";

export type ThroughputUnit = "tokens" | "characters";

export interface ThroughputRow {
  /** e.g. "sentiment training step". */
  workload: string;
  /** Shape of the work, e.g. "batch 64 × 32 tokens". */
  shape: string;
  unit: ThroughputUnit;
  /** Tokens or characters processed per timed run. */
  unitsPerRun: number;
  medianMs: number;
  minMs: number;
  reps: number;
  /** unitsPerRun / median seconds. */
  perSecond: number;
}

/** The batch shapes timed (fixed, so figures compare across runs). */
export const THROUGHPUT_SHAPES = {
  sentiment: { batch: 64, T: 32 }, // the reference batch size; SST-2 phrases padded to 32 tokens
  translation: { batch: 64, S: 24, T: 24 }, // reference batch size; Tatoeba sentence lengths
  poetry: { batch: 32, T: 128 }, // reference batch size; a full context window
  decode: { prompt: 4, tokens: 100 }, // one poem-length sequence after a short prompt
} as const;

/** `modelConfig.model` of static/models/<demo>/model.json (under `root`), with a clear error if absent. */
export function shippedModelConfig(
  root: string,
  demo: "sentiment" | "translation" | "poetry",
): Record<string, unknown> {
  const file = path.join(root, "static", "models", demo, "model.json");
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(
      `bench: cannot read the ${demo} model configuration from ${file}: ${(e as Error).message}`,
    );
  }
  const model = (json as { modelConfig?: { model?: unknown } }).modelConfig?.model;
  if (typeof model !== "object" || model === null)
    throw new Error(`bench: ${file} has no modelConfig.model object (the demo's model configuration)`);
  return model as Record<string, unknown>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Random int32 ids [B, T] in [lo, hi) from a seeded generator. */
function randomIds(B: number, T: number, lo: number, hi: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.randomUniform([B, T], lo, hi, "float32", seed), "int32") as tf.Tensor2D);
}

/** Times `run` (warm-ups, then reps) and returns median and minimum wall-clock ms. */
async function timeRuns(run: () => Promise<void> | void, reps: number, warmups: number) {
  for (let i = 0; i < warmups; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), minMs: Math.min(...times), reps };
}

/** One Adam training step on a fixed batch: loss, gradients of every variable, update. */
function trainingStep(variables: VariableMap, loss: () => tf.Scalar): () => Promise<void> {
  const optimizer = tf.train.adam(1e-3);
  const list = Object.values(variables);
  return async () => {
    const { value, grads } = tf.variableGrads(loss, list);
    optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
    await value.data(); // waits for asynchronous backends
    tf.dispose([value, ...Object.values(grads)]);
  };
}

const row = (
  workload: string,
  shape: string,
  unit: ThroughputUnit,
  unitsPerRun: number,
  t: { medianMs: number; minMs: number; reps: number },
): ThroughputRow => ({
  workload,
  shape,
  unit,
  unitsPerRun,
  ...t,
  perSecond: unitsPerRun / (t.medianMs / 1000),
});

/**
 * Runs every throughput workload on the active backend. `root` holds static/models/ (the
 * package root); quick mode times fewer repetitions.
 */
export async function benchmarkThroughput(
  root: string,
  options: { quick?: boolean; log?: (line: string) => void } = {},
): Promise<ThroughputRow[]> {
  const reps = options.quick ? 3 : 7;
  const log = options.log ?? (() => {});
  registerTrainingGradients();
  const rows: ThroughputRow[] = [];
  const add = (r: ThroughputRow) => {
    rows.push(r);
    log(`  ${r.workload} (${r.shape}): ${r.medianMs.toFixed(1)} ms, ${Math.round(r.perSecond)} ${r.unit}/s`);
  };

  {
    const config = shippedModelConfig(root, "sentiment") as unknown as SentimentClassifierConfig;
    const { batch: B, T } = THROUGHPUT_SHAPES.sentiment;
    const model = new SentimentClassifier(config);
    const ids = randomIds(B, T, 1, config.vocabSize, 1);
    const labels = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([B], 0, 1, "float32", 2), 0.5), "int32"),
    );
    const step = trainingStep(model.variables(), () => {
      const r = sentimentStep(model, ids, labels as tf.Tensor1D, true);
      r.correct?.dispose();
      return r.loss;
    });
    add(
      row(
        "sentiment training step",
        `batch ${B} × ${T} tokens`,
        "tokens",
        B * T,
        await timeRuns(step, reps, 2),
      ),
    );
    tf.dispose([ids, labels]);
    model.dispose();
  }

  {
    const config = shippedModelConfig(root, "translation") as unknown as TranslatorConfig;
    const { batch: B, S, T } = THROUGHPUT_SHAPES.translation;
    const model = new Translator(config);
    const batch = {
      src: randomIds(B, S, 4, config.srcVocabSize, 3),
      tgtIn: randomIds(B, T, 4, config.tgtVocabSize, 4),
      tgtOut: randomIds(B, T, 4, config.tgtVocabSize, 5),
      tokens: B * T,
    };
    const step = trainingStep(model.variables(), () => {
      const r = model.loss(batch, true);
      r.correct.dispose();
      return r.loss;
    });
    add(
      row(
        "translation training step",
        `batch ${B} × ${S} source + ${T} target tokens`,
        "tokens",
        B * T,
        await timeRuns(step, reps, 2),
      ),
    );
    tf.dispose([batch.src, batch.tgtIn, batch.tgtOut]);
    model.dispose();
  }

  {
    const config = shippedModelConfig(root, "poetry") as unknown as GptConfig;
    const { batch: B, T } = THROUGHPUT_SHAPES.poetry;
    const model = new GPT(config);
    const batch = {
      input: randomIds(B, T, 1, config.vocabSize, 6),
      target: randomIds(B, T, 1, config.vocabSize, 7),
    };
    const step = trainingStep(model.variables(), () => {
      const r = model.loss({ ...batch, tokens: B * T }, true);
      r.correct.dispose();
      return r.loss;
    });
    add(
      row(
        "poetry GPT training step",
        `batch ${B} × ${T} characters`,
        "characters",
        B * T,
        await timeRuns(step, reps, 2),
      ),
    );
    tf.dispose([batch.input, batch.target]);

    const { prompt, tokens } = THROUGHPUT_SHAPES.decode;
    const promptIds = Array.from({ length: prompt }, (_, i) => 1 + i);
    for (const useCache of [true, false]) {
      const decode = () => {
        const out = generate(model, promptIds, {
          bosId: 1,
          maxTokens: tokens,
          useCache,
          temperature: 1,
          seed: 1,
        });
        if (out.length !== tokens)
          throw new Error(`bench: decoding stopped after ${out.length} of ${tokens} characters`);
      };
      add(
        row(
          `poetry GPT decoding, ${useCache ? "with" : "without"} KV cache`,
          `1 sequence, ${tokens} characters after ${prompt}`,
          "characters",
          tokens,
          await timeRuns(decode, options.quick ? 2 : 3, 1),
        ),
      );
    }
    model.dispose();
  }
  return rows;
}

/** The throughput table (Markdown). */
export function formatThroughputTable(rows: readonly ThroughputRow[]): string {
  const header = ["workload", "shape", "median ms", "min ms", "per second"];
  const lines = rows.map((r) => [
    r.workload,
    r.shape,
    r.medianMs.toFixed(1),
    r.minMs.toFixed(1),
    `${Math.round(r.perSecond).toLocaleString("en-US")} ${r.unit}/s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  return [
    fmt(header),
    `|${widths.map((w, i) => (i >= 2 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`,
    ...lines.map(fmt),
  ].join("\n");
}
