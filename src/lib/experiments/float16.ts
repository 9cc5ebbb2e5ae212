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
 * with the demo's metric (experiments/float16Metrics.ts) and, with ship, copies that one converted
 * folder over the shipped one (swapped in by rename) when the change is within tolerance.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { MODEL_JSON, parseModelJson, weightFiles, type ModelJson } from "../models/serialize";
import { loadModel, saveModel } from "./modelStore";

function readModelJson(dir: string): ModelJson {
  const file = path.join(dir, MODEL_JSON);
  return parseModelJson(readFileSync(file, "utf8"), file);
}

/** True when any weight of the folder's model.json is stored as float16. */
export function isFloat16Folder(dir: string): boolean {
  return readModelJson(dir).weightsManifest.some((g) =>
    g.weights.some((w) => w.quantization?.dtype === "float16"),
  );
}

function weightBytes(dir: string): number {
  return weightFiles(readModelJson(dir)).reduce((n, f) => n + readFileSync(path.join(dir, f)).byteLength, 0);
}

/** What convertModelFolder adds to model.json's userDefinedMetadata. */
export interface Float16Provenance {
  dtype: "float16";
  /** The float32 folder it was converted from, as recorded (e.g. "checkpoints/poetry"). */
  from: string;
  /** That folder's weightsChecksum.value: which float32 weights these are the rounding of. */
  float32Checksum: string | null;
}

/**
 * Writes dst (atomically) as src with its float32 weights stored as float16; model.json's
 * metadata gains `weights: Float16Provenance`. Returns the weight bytes of both.
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
  const json = readModelJson(src);
  const skip = new Set([MODEL_JSON, ...weightFiles(json)]);
  const files = Object.fromEntries(
    readdirSync(src)
      .filter((f) => !skip.has(f) && !f.startsWith("."))
      .map((f) => [f, readFileSync(path.join(src, f), "utf8")]),
  );
  const decoded = await loadModel(src);
  try {
    const weights: Float16Provenance = {
      dtype: "float16",
      from,
      float32Checksum: json.weightsChecksum?.value ?? null,
    };
    const saved = await saveModel(dst, decoded.weights, decoded.config, {
      metadata: { ...decoded.metadata, weights },
      files,
      weightDtype: "float16",
    });
    return { float32Bytes: weightBytes(src), float16Bytes: saved.weightBytes };
  } finally {
    tf.dispose(Object.values(decoded.weights));
  }
}

/** Merges fields into a model folder's userDefinedMetadata (model.json only; the weights are untouched). */
export function updateMetadata(dir: string, fields: Record<string, unknown>): void {
  const json = readModelJson(dir);
  json.userDefinedMetadata = { ...(json.userDefinedMetadata ?? {}), ...fields };
  writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(json, null, 1) + "\n");
}

/**
 * Replaces folder dst by a copy of src: the copy is written next to dst, then swapped in by
 * rename, so dst is always either the old folder or the complete new one.
 */
export function replaceFolder(src: string, dst: string): void {
  const target = path.resolve(dst);
  const parent = path.dirname(target);
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  mkdirSync(parent, { recursive: true });
  let movedOld = false;
  try {
    cpSync(src, tmp, { recursive: true });
    if (existsSync(target)) {
      renameSync(target, old);
      movedOld = true;
    }
    renameSync(tmp, target);
  } catch (e) {
    if (movedOld && !existsSync(target)) renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `replaceFolder: could not replace ${target} (previous folder kept): ${(e as Error).message}`,
    );
  }
  if (movedOld) rmSync(old, { recursive: true, force: true });
}

/** A held-out score: the metric's value, other figures of the same run, and the per-item outputs. */
export interface HeldOutScore {
  value: number;
  /** Other figures by key (e.g. { chrf: 20.8 }); names in HeldOutMetric.extraNames. */
  extra?: Record<string, number>;
  /** One output per held-out item (a label, a translation), compared between float32 and float16. */
  outputs?: readonly (string | number)[];
}

export interface HeldOutMetric {
  /** e.g. "test bits/char (whole test split)". */
  name: string;
  /** "lower" when smaller is better (bits), "higher" otherwise (accuracy, BLEU). */
  better: "lower" | "higher";
  /** Largest change in the worse direction that still ships, in the metric's unit. */
  tolerance: number;
  /** Why that tolerance, rendered from the float32 score (never a hand-written figure). */
  toleranceReason: string | ((float32: HeldOutScore) => string);
  /** What each HeldOutScore.extra key means (recorded with the figures). */
  extraNames?: Record<string, string>;
  /** Extra keys held to the same tolerance and direction as the value (e.g. BLEU with beam search). */
  guarded?: readonly string[];
  /** What an output is, for the count of changed outputs (e.g. "dev predictions"). */
  outputsName?: string;
  /** Scores the model folder. */
  score: (modelDir: string) => Promise<number | HeldOutScore>;
  /**
   * Metadata of the float16 folder that must describe its own weights (e.g. predictions recorded
   * for a reload check), computed from the converted folder and its score; merged into its model.json.
   */
  float16Metadata?: (float16Dir: string, score: HeldOutScore) => Promise<Record<string, unknown>>;
}

interface Scored {
  dir: string;
  weightBytes: number;
  /** model.json's weightsChecksum.value: which weights were scored. */
  weightsChecksum: string | null;
  value: number;
  extra?: Record<string, number>;
  seconds: number;
}

export interface Float16Result {
  demo: string;
  /** The command that produced the record. */
  command?: string;
  date: string;
  gitCommit: string | null;
  /** The machine it ran on (CPU, cores, memory, backend, versions). */
  machine?: Record<string, unknown>;
  metric: string;
  extraMetrics?: Record<string, string>;
  float32: Scored;
  float16: Scored;
  /** float16 − float32, in the metric's unit. */
  change: number;
  /** float16 − float32 of each extra figure. */
  extraChange?: Record<string, number>;
  /** Outputs that differ between the two (e.g. flipped predictions), when the metric compares outputs. */
  changedOutputs?: { what: string; count: number; of: number };
  tolerance: number;
  toleranceReason: string;
  /** True when the change (and each guarded extra's) is within tolerance. */
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
  command?: string;
  gitCommit?: string | null;
  machine?: Record<string, unknown>;
  /** Path as recorded (relative to the package root). */
  display?: (p: string) => string;
  log?: (line: string) => void;
}

const asScore = (s: number | HeldOutScore): HeldOutScore => (typeof s === "number" ? { value: s } : s);

/** Converts once, scores both, records, and ships that conversion when asked and within tolerance. */
export async function compareFloat16(o: CompareOptions): Promise<Float16Result> {
  const log = o.log ?? ((l: string) => console.log(l));
  const show = o.display ?? ((p: string) => p);
  const m = o.metric;
  if (existsSync(o.candidateDir) && readdirSync(o.candidateDir).length > 0)
    throw new Error(`compareFloat16: ${o.candidateDir} is not empty; choose a new candidate folder`);
  const bytes = await convertModelFolder(o.checkpointDir, o.candidateDir, show(o.checkpointDir));
  const timed = async (dir: string) => {
    const t0 = performance.now();
    const score = asScore(await m.score(dir));
    return { score, seconds: (performance.now() - t0) / 1000 };
  };
  const f32 = await timed(o.checkpointDir);
  log(`${o.demo} float32: ${m.name} ${f32.score.value.toFixed(4)} (${bytes.float32Bytes} weight bytes)`);
  const f16 = await timed(o.candidateDir);
  log(`${o.demo} float16: ${m.name} ${f16.score.value.toFixed(4)} (${bytes.float16Bytes} weight bytes)`);
  if (m.float16Metadata) updateMetadata(o.candidateDir, await m.float16Metadata(o.candidateDir, f16.score));

  const worse = (change: number) => (m.better === "lower" ? change : -change);
  const change = f16.score.value - f32.score.value;
  const extraChange: Record<string, number> = {};
  for (const [k, v] of Object.entries(f16.score.extra ?? {})) {
    const before = f32.score.extra?.[k];
    if (before !== undefined) extraChange[k] = v - before;
  }
  const failures = [
    // Written so that a NaN score (a broken model or metric) fails: NaN ≤ tolerance is false.
    ...(!(worse(change) <= m.tolerance) ? [`${m.name} by ${change.toFixed(4)}`] : []),
    ...(m.guarded ?? [])
      .filter((k) => !(worse(extraChange[k] ?? NaN) <= m.tolerance))
      .map((k) => `${m.extraNames?.[k] ?? k} by ${(extraChange[k] ?? NaN).toFixed(4)}`),
  ];
  const a = f32.score.outputs;
  const b = f16.score.outputs;
  const changedOutputs =
    a && b
      ? {
          what: m.outputsName ?? "outputs",
          count: a.reduce<number>((n, x, i) => n + (x === b[i] ? 0 : 1), 0),
          of: a.length,
        }
      : undefined;
  const result: Float16Result = {
    demo: o.demo,
    ...(o.command ? { command: o.command } : {}),
    date: new Date().toISOString(),
    gitCommit: o.gitCommit ?? null,
    ...(o.machine ? { machine: o.machine } : {}),
    metric: m.name,
    ...(m.extraNames ? { extraMetrics: m.extraNames } : {}),
    float32: {
      dir: show(o.checkpointDir),
      weightBytes: bytes.float32Bytes,
      weightsChecksum: readModelJson(o.checkpointDir).weightsChecksum?.value ?? null,
      value: f32.score.value,
      ...(f32.score.extra ? { extra: f32.score.extra } : {}),
      seconds: f32.seconds,
    },
    float16: {
      dir: show(o.shippedDir),
      weightBytes: bytes.float16Bytes,
      weightsChecksum: readModelJson(o.candidateDir).weightsChecksum?.value ?? null,
      value: f16.score.value,
      ...(f16.score.extra ? { extra: f16.score.extra } : {}),
      seconds: f16.seconds,
    },
    change,
    ...(Object.keys(extraChange).length > 0 ? { extraChange } : {}),
    ...(changedOutputs ? { changedOutputs } : {}),
    tolerance: m.tolerance,
    toleranceReason: typeof m.toleranceReason === "string" ? m.toleranceReason : m.toleranceReason(f32.score),
    withinTolerance: failures.length === 0,
    shipped: false,
  };
  if (changedOutputs)
    log(`${o.demo}: ${changedOutputs.count} of ${changedOutputs.of} ${changedOutputs.what} differ`);
  // Record first: a refusal to ship is a result too.
  const record = () => {
    if (!o.resultsFile) return;
    const all = existsSync(o.resultsFile)
      ? (JSON.parse(readFileSync(o.resultsFile, "utf8")) as Record<string, Float16Result>)
      : {};
    all[o.demo] = result;
    writeFileAtomic(o.resultsFile, JSON.stringify(all, null, 1) + "\n");
  };
  if (o.ship && failures.length > 0) {
    record();
    throw new Error(
      `compareFloat16: float16 changes ${failures.join(", ")} (tolerance ${m.tolerance} in the worse direction); ` +
        `${o.shippedDir} was not replaced`,
    );
  }
  if (o.ship) {
    replaceFolder(o.candidateDir, o.shippedDir);
    result.shipped = true;
    log(`shipped float16 weights to ${o.shippedDir}`);
  }
  record();
  return result;
}

/**
 * Makes checkpointDir hold the float32 model behind shippedDir. A float32 shipped folder (a newly
 * promoted model) becomes the checkpoint, replacing an older one (which stays in git history).
 * A float16 shipped folder needs a float32 checkpoint whose weights it is the rounding of.
 * Returns what it did.
 */
export function ensureCheckpoint(shippedDir: string, checkpointDir: string): "copied" | "kept" {
  const hasCheckpoint = existsSync(path.join(checkpointDir, MODEL_JSON));
  if (hasCheckpoint && isFloat16Folder(checkpointDir))
    throw new Error(`${checkpointDir} holds float16 weights; a checkpoint must be float32`);
  if (!isFloat16Folder(shippedDir)) {
    replaceFolder(shippedDir, checkpointDir);
    return "copied";
  }
  if (!hasCheckpoint)
    throw new Error(
      `${shippedDir} is float16 and ${checkpointDir} has no float32 model: restore the checkpoint from git history`,
    );
  const provenance = readModelJson(shippedDir).userDefinedMetadata?.weights as
    Partial<Float16Provenance> | undefined;
  const want = provenance?.float32Checksum;
  const have = readModelJson(checkpointDir).weightsChecksum?.value;
  if (want && want !== have)
    throw new Error(
      `${checkpointDir} (weights ${have}) is not the float32 model of ${shippedDir} ` +
        `(userDefinedMetadata.weights.float32Checksum ${want}): restore the matching checkpoint from git history`,
    );
  return "kept";
}
