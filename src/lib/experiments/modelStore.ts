/**
 * The model store (Node only), used by every demo: a directory with model.json + weights.bin
 * (format: models/serialize.ts) and the model's other files (vocabularies).
 *
 * Saves are atomic with respect to failures: every file is written and flushed to a fresh
 * temporary directory next to the target, then swapped in by rename; the previous directory is
 * removed only after the swap. If anything fails before the swap, the previous model (weights
 * and vocabularies together) is untouched and the temporary directory is removed.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import {
  MODEL_JSON,
  decodeModel,
  encodeModel,
  parseModelJson,
  weightFiles,
  type DecodedModel,
  type EncodeOptions,
} from "../models/serialize";

export interface SaveModelOptions extends EncodeOptions {
  /** More files for the same folder, written inside the atomic save: file name → text (e.g. vocabularies). */
  files?: Record<string, string>;
  /** Replace the file writer (tests inject failures here). */
  writeFile?: (file: string, data: Uint8Array | string) => Promise<void>;
}

export interface SavedModel {
  dir: string;
  /** Every file written, with its path. */
  files: string[];
  /** Total bytes on disk. */
  bytes: number;
  /** Bytes of the weight data. */
  weightBytes: number;
}

async function writeAndSync(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `dir/model.json`, `dir/weights.bin` and options.files atomically. Returns the files
 * written, their total size and the size of the weights. `weights` are read, not disposed (pass `module.variables()`).
 */
export async function saveModel<C>(
  dir: string,
  weights: Record<string, tf.Tensor>,
  config: C,
  options: SaveModelOptions = {},
): Promise<SavedModel> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const { modelJson, weightData } = await encodeModel(weights, config, options);
  const write = options.writeFile ?? writeAndSync;
  const extraFiles = options.files ?? {};
  for (const name of Object.keys(extraFiles))
    if (path.basename(name) !== name || name === MODEL_JSON || weightFiles(modelJson).includes(name))
      throw new Error(
        `saveModel: options.files: "${name}" must be a plain file name other than model.json and the weights`,
      );
  await fs.mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp = path.join(parent, `.${base}.tmp-${tag}`);
  const old = path.join(parent, `.${base}.old-${tag}`);
  await fs.mkdir(tmp);
  let movedOld = false;
  try {
    const [weightsFile] = weightFiles(modelJson);
    await write(path.join(tmp, weightsFile!), new Uint8Array(weightData));
    await write(path.join(tmp, MODEL_JSON), JSON.stringify(modelJson, null, 1) + "\n");
    for (const [name, text] of Object.entries(extraFiles)) await write(path.join(tmp, name), text);
    // Swap: rename cannot replace a non-empty directory, so move the old one aside first.
    if (await exists(target)) {
      await fs.rename(target, old);
      movedOld = true;
    }
    await fs.rename(tmp, target);
  } catch (e) {
    if (movedOld && !(await exists(target))) await fs.rename(old, target).catch(() => undefined);
    await fs.rm(tmp, { recursive: true, force: true });
    throw new Error(`saveModel: could not save ${target} (previous model kept): ${(e as Error).message}`);
  }
  if (movedOld) await fs.rm(old, { recursive: true, force: true });
  const files = [MODEL_JSON, ...weightFiles(modelJson), ...Object.keys(extraFiles)].map((f) =>
    path.join(target, f),
  );
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  return { dir: target, files, bytes: sizes.reduce((a, b) => a + b, 0), weightBytes: weightData.byteLength };
}

/**
 * A vocabulary file named in model.json must be a plain file name inside the model folder
 * (never a path such as ../../etc/hostname); the error names the field.
 */
export function checkModelFileName(name: unknown, field: string, jsonFile: string): string {
  if (typeof name !== "string" || name === "" || path.basename(name) !== name || name.startsWith("."))
    throw new Error(
      `${jsonFile}: ${field} must be a plain file name inside the model folder (e.g. "vocab.json"), got ${JSON.stringify(name)}`,
    );
  return name;
}

/** Reads a text file saved beside model.json (e.g. a vocabulary); the error names the file. */
export async function readModelFile(dir: string, name: string): Promise<string> {
  const file = path.join(path.resolve(dir), name);
  try {
    return await fs.readFile(file, "utf8");
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Reads a model saved by saveModel. Errors name the file and the problem (missing,
 * not JSON, wrong format, truncated, corrupted).
 */
export async function loadModel<C = unknown>(dir: string): Promise<DecodedModel<C>> {
  const target = path.resolve(dir);
  const jsonFile = path.join(target, MODEL_JSON);
  let text: string;
  try {
    text = await fs.readFile(jsonFile, "utf8");
  } catch (e) {
    throw new Error(
      `${jsonFile}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const modelJson = parseModelJson<C>(text, jsonFile);
  const files = weightFiles(modelJson).map((f) => path.join(target, f));
  const buffers = await Promise.all(
    files.map(async (f) => {
      try {
        return await fs.readFile(f);
      } catch (e) {
        throw new Error(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }),
  );
  const all = Buffer.concat(buffers);
  const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return decodeModel(modelJson, data, files.join(" + "));
}
