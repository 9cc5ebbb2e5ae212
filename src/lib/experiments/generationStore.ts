/**
 * The poetry GPT on disk (Node only), in the one atomic model store (./modelStore.ts):
 *
 *   <dir>/model.json    tfjs weights manifest + modelConfig { kind, model, vocabulary } + metadata
 *                       (metadata.training: ledgerId, characters trained on, test bits/char once evaluated …)
 *   <dir>/weights.bin   float32 weights
 *   <dir>/vocab.json    the character vocabulary (llm-footprint/vocabulary JSON, [PAD] [UNK] [BOS] [EOS] first)
 *
 * A run folder (.runs/<date>-poetry/) and the shipped model (static/models/poetry/) hold the same
 * files, plus training.json, evaluation.json and, in a run folder, the run's scratch ledger.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { GPT, resolveGptConfig, type ResolvedGptConfig } from "../models/generation";
import { assignWeights } from "../models/serialize";
import { CharacterTokenizer } from "../tokenizers/characters";
import * as store from "./modelStore";

/** `modelConfig.kind` of a poetry GPT. */
export const POET_KIND = "character-gpt";
/** The vocabulary file beside model.json. */
export const POET_VOCAB_FILE = "vocab.json";
export const POET_TRAINING_FILE = "training.json";
export const POET_EVALUATION_FILE = "evaluation.json";
/** The run's scratch ledger (records reach data/energy/ledger.jsonl only through promotion). */
export const POET_RUN_LEDGER = "ledger.jsonl";

/** The shipped model, relative to the package root. */
export const POETRY_MODEL_DIR = path.join("static", "models", "poetry");
/** Run folders, relative to the package root (gitignored). */
export const RUNS_DIR = ".runs";

/** The folder of this package's package.json (from src/lib/experiments or dist/experiments). */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "llm-footprint") return dir;
      } catch {
        // not ours: keep looking
      }
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * A path as reports record it: relative to the package root when inside it (reports are copied to
 * static/, published with the site: no machine-specific absolute paths), else as given.
 */
export function reportPath(p: string): string {
  const relative = path.relative(packageRoot(), path.resolve(p));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(p) : relative || ".";
}

/** The shipped model folder, static/models/poetry in this package. */
export function defaultPoetryModelDir(): string {
  return path.join(packageRoot(), POETRY_MODEL_DIR);
}

/** A new run folder name: .runs/2026-11-30T03-24-24Z-poetry (ISO time, colons replaced, no milliseconds). */
export function defaultRunDir(date = new Date()): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return path.join(packageRoot(), RUNS_DIR, `${stamp}-poetry`);
}

export interface PoetModelConfig {
  kind: typeof POET_KIND;
  model: ResolvedGptConfig;
  /** File name of the vocabulary, beside model.json. */
  vocabulary: string;
}

export interface LoadedPoet {
  model: GPT;
  tokenizer: CharacterTokenizer;
  metadata: Record<string, unknown>;
}

/** The id of a ledger record (defined with the ledger; re-exported for the generation drivers). */
export { ledgerRecordId } from "../energy/ledger";

/** Saves model, vocabulary and metadata into dir in one atomic step. */
export async function savePoet(
  dir: string,
  model: GPT,
  tokenizer: CharacterTokenizer,
  metadata: Record<string, unknown> = {},
): Promise<store.SavedModel> {
  if (tokenizer.size !== model.config.vocabSize)
    throw new Error(
      `savePoet: the vocabulary has ${tokenizer.size} ids but the model ${model.config.vocabSize}`,
    );
  const config: PoetModelConfig = { kind: POET_KIND, model: model.config, vocabulary: POET_VOCAB_FILE };
  return store.saveModel(dir, model.variables(), config, {
    metadata,
    files: { [POET_VOCAB_FILE]: JSON.stringify(tokenizer.toJSON()) + "\n" },
  });
}

/**
 * Loads what savePoet wrote. Errors name the file and the fix: a missing model says which command
 * trains one; a vocabulary path outside the folder, a vocabulary of the wrong size or a non-finite
 * weight is refused.
 */
export async function loadPoet(dir: string): Promise<LoadedPoet> {
  const jsonFile = path.join(path.resolve(dir), "model.json");
  const decoded = await store.loadModel<PoetModelConfig>(dir).catch((e: Error) => {
    if (/ENOENT/.test(e.message))
      throw new Error(
        `no poetry model at ${jsonFile}. Train one with \`npm run generate -- --train\` (then --evaluate and ` +
          "--promote the run folder it prints), or pass --model <run folder>.",
      );
    throw e;
  });
  const release = () => tf.dispose(Object.values(decoded.weights));
  try {
    const c = decoded.config;
    if (c?.kind !== POET_KIND)
      throw new Error(`${jsonFile}: modelConfig.kind is ${JSON.stringify(c?.kind)}, expected "${POET_KIND}"`);
    const vocabName = c.vocabulary ?? POET_VOCAB_FILE;
    if (typeof vocabName !== "string" || path.basename(vocabName) !== vocabName || vocabName.startsWith("."))
      throw new Error(
        `${jsonFile}: modelConfig.vocabulary must be a plain file name inside the model folder, got ${JSON.stringify(vocabName)}`,
      );
    const vocabFile = path.join(path.resolve(dir), vocabName);
    let tokenizer: CharacterTokenizer;
    try {
      tokenizer = CharacterTokenizer.fromJSON(await store.readModelFile(dir, vocabName));
    } catch (e) {
      const m = (e as Error).message;
      throw new Error(m.startsWith(vocabFile) ? m : `${vocabFile}: ${m}`);
    }
    const config = resolveGptConfig(c.model);
    if (tokenizer.size !== config.vocabSize)
      throw new Error(
        `${vocabFile} has ${tokenizer.size} ids but ${jsonFile} says vocabSize ${config.vocabSize}: the files belong to different models`,
      );
    for (const [name, t] of Object.entries(decoded.weights))
      if (t.dtype === "float32" && (t.dataSync() as Float32Array).some((v) => !Number.isFinite(v)))
        throw new Error(
          `${path.join(path.resolve(dir), "weights.bin")}: weight "${name}" holds NaN or ∞; retrain the model`,
        );
    const model = new GPT(config);
    try {
      assignWeights(model.variables(), decoded.weights, path.join(path.resolve(dir), "weights.bin"));
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, tokenizer, metadata: decoded.metadata };
  } finally {
    release();
  }
}
