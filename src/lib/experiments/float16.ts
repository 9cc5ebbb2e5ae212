/**
 * Half the bytes to the browser (Node only): a shipped model's weights stored as float16, kept
 * only when the held-out quality does not change beyond a stated tolerance.
 *
 *   checkpoints/<demo>/     the float32 model (for further training; not copied into the site)
 *   static/models/<demo>/   what the browser and the CLIs load: the same model, weights in float16
 *   data/bench/float16.json per demo: bytes and the held-out metric of both, the change, the verdict
 *
 * convertModelFolder writes a copy of a model folder whose float32 tensors are stored as float16
 * (models/serialize.ts, weightDtype "float16"; tf.io.decodeWeights restores float32 at load, with
 * the same loader in Node and browsers), every other file copied as is. compareFloat16 scores both
 * with the demo's metric and, with ship, replaces the shipped folder (atomic) when the change is
 * within tolerance.
 */
import { cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { MODEL_JSON, parseModelJson, weightFiles } from "../models/serialize";
import { loadModel, saveModel } from "./modelStore";

/** True when any weight of the folder's model.json is stored as float16. */
export function isFloat16Folder(dir: string): boolean {
  const json = parseModelJson(readFileSync(path.join(dir, MODEL_JSON), "utf8"), path.join(dir, MODEL_JSON));
  return json.weightsManifest.some((g) => g.weights.some((w) => w.quantization?.dtype === "float16"));
}

function weightBytes(dir: string): number {
  const json = parseModelJson(readFileSync(path.join(dir, MODEL_JSON), "utf8"), path.join(dir, MODEL_JSON));
  return weightFiles(json).reduce((n, f) => n + readFileSync(path.join(dir, f)).byteLength, 0);
}

/**
 * Writes dst (atomically) as src with its float32 weights stored as float16; model.json's
 * metadata gains `weights: { dtype: "float16", from }`. Returns the weight bytes of both.
 */
export async function convertModelFolder(
  src: string,
  dst: string,
  from: string,
): Promise<{ float32Bytes: number; float16Bytes: number }> {
  if (isFloat16Folder(src))
    throw new Error(
      `convertModelFolder: ${src} is already stored as float16; convert its float32 checkpoint`,
    );
  const json = parseModelJson(readFileSync(path.join(src, MODEL_JSON), "utf8"), path.join(src, MODEL_JSON));
  const skip = new Set([MODEL_JSON, ...weightFiles(json)]);
  const files = Object.fromEntries(
    readdirSync(src)
      .filter((f) => !skip.has(f) && !f.startsWith("."))
      .map((f) => [f, readFileSync(path.join(src, f), "utf8")]),
  );
  const decoded = await loadModel(src);
  try {
    const saved = await saveModel(dst, decoded.weights, decoded.config, {
      metadata: { ...decoded.metadata, weights: { dtype: "float16", from } },
      files,
      weightDtype: "float16",
    });
    return { float32Bytes: weightBytes(src), float16Bytes: saved.weightBytes };
  } finally {
    tf.dispose(Object.values(decoded.weights));
  }
}

export interface HeldOutMetric {
  /** e.g. "test bits/char (whole test split)". */
  name: string;
  /** "lower" when smaller is better (bits), "higher" otherwise (accuracy, BLEU). */
  better: "lower" | "higher";
  /** Largest change in the worse direction that still ships, in the metric's unit. */
  tolerance: number;
  /** Why that tolerance. */
  toleranceReason: string;
  /** Scores the model folder. */
  score: (modelDir: string) => Promise<number>;
}

export interface Float16Result {
  demo: string;
  date: string;
  gitCommit: string | null;
  metric: string;
  float32: { dir: string; weightBytes: number; value: number; seconds: number };
  float16: { dir: string; weightBytes: number; value: number; seconds: number };
  /** float16 − float32, in the metric's unit. */
  change: number;
  tolerance: number;
  toleranceReason: string;
  /** True when the change is within tolerance (float16 is no worse by more than it). */
  withinTolerance: boolean;
  shipped: boolean;
}

export interface CompareOptions {
  demo: string;
  /** The float32 model (its checkpoint). */
  checkpointDir: string;
  /** Where the float16 candidate is written (a new folder). */
  candidateDir: string;
  /** The shipped folder, replaced by the candidate when ship is set and the result is within tolerance. */
  shippedDir: string;
  metric: HeldOutMetric;
  ship?: boolean;
  /** JSON file of results by demo (default none). */
  resultsFile?: string;
  gitCommit?: string | null;
  /** Path as recorded (relative to the package root). */
  display?: (p: string) => string;
  log?: (line: string) => void;
}

/** Converts, scores both, records, and ships when asked and within tolerance (see the module comment). */
export async function compareFloat16(o: CompareOptions): Promise<Float16Result> {
  const log = o.log ?? ((l: string) => console.log(l));
  const show = o.display ?? ((p: string) => p);
  if (existsSync(o.candidateDir) && readdirSync(o.candidateDir).length > 0)
    throw new Error(`compareFloat16: ${o.candidateDir} is not empty; choose a new candidate folder`);
  const bytes = await convertModelFolder(o.checkpointDir, o.candidateDir, show(o.checkpointDir));
  const timed = async (dir: string) => {
    const t0 = performance.now();
    const value = await o.metric.score(dir);
    return { value, seconds: (performance.now() - t0) / 1000 };
  };
  const f32 = await timed(o.checkpointDir);
  log(`${o.demo} float32: ${o.metric.name} ${f32.value.toFixed(4)} (${bytes.float32Bytes} weight bytes)`);
  const f16 = await timed(o.candidateDir);
  log(`${o.demo} float16: ${o.metric.name} ${f16.value.toFixed(4)} (${bytes.float16Bytes} weight bytes)`);
  const change = f16.value - f32.value;
  const worse = o.metric.better === "lower" ? change : -change;
  const withinTolerance = worse <= o.metric.tolerance;
  const result: Float16Result = {
    demo: o.demo,
    date: new Date().toISOString(),
    gitCommit: o.gitCommit ?? null,
    metric: o.metric.name,
    float32: { dir: show(o.checkpointDir), weightBytes: bytes.float32Bytes, ...f32 },
    float16: { dir: show(o.shippedDir), weightBytes: bytes.float16Bytes, ...f16 },
    change,
    tolerance: o.metric.tolerance,
    toleranceReason: o.metric.toleranceReason,
    withinTolerance,
    shipped: false,
  };
  if (o.ship && !withinTolerance)
    throw new Error(
      `compareFloat16: float16 changes ${o.metric.name} by ${change.toFixed(4)} (tolerance ${o.metric.tolerance} in the ` +
        `worse direction); ${o.shippedDir} was not replaced`,
    );
  if (o.ship) {
    // The candidate folder is complete; copy it over the shipped one through an atomic save.
    await convertModelFolder(o.checkpointDir, o.shippedDir, show(o.checkpointDir));
    result.shipped = true;
    log(`shipped float16 weights to ${o.shippedDir}`);
  }
  if (o.resultsFile) {
    const all = existsSync(o.resultsFile)
      ? (JSON.parse(readFileSync(o.resultsFile, "utf8")) as Record<string, Float16Result>)
      : {};
    all[o.demo] = result;
    writeFileAtomic(o.resultsFile, JSON.stringify(all, null, 1) + "\n");
  }
  return result;
}

/** Copies a float32 shipped folder to its checkpoint place the first time (no-op when it exists). */
export function ensureCheckpoint(shippedDir: string, checkpointDir: string): void {
  if (existsSync(path.join(checkpointDir, MODEL_JSON))) {
    if (isFloat16Folder(checkpointDir))
      throw new Error(`${checkpointDir} holds float16 weights; a checkpoint must be float32`);
    return;
  }
  if (isFloat16Folder(shippedDir))
    throw new Error(
      `${shippedDir} is float16 and ${checkpointDir} has no float32 model: restore the checkpoint from git history`,
    );
  cpSync(shippedDir, checkpointDir, { recursive: true });
}
