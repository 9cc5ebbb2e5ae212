/**
 * SST-2 (Socher et al., 2013; the GLUE binary sentiment task) in the GLUE TSV format:
 * a header `sentence<TAB>label`, then one already lower-cased, tokenized text per row
 * (`it 's`, `does n't`), label 1 = positive, 0 = negative.
 *
 * GLUE's train.tsv holds 67,349 phrases of the treebank (many are sub-phrases of one sentence);
 * dev.tsv holds 872 whole sentences. The test split has no public labels, so dev is our reported
 * held-out set and a seeded validation split (for early stopping) is carved out of train.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { DatasetSpec, DatasetSourceKind, ResolveOptions } from "./datasetSource";
import { resolveDataset } from "./datasetSource";
import { mulberry32, shuffleInPlace } from "../util/random";

export interface LabeledText {
  /** Space-separated tokens, as in the file. */
  text: string;
  /** 1 = positive, 0 = negative. */
  label: 0 | 1;
}

/**
 * The canonical archive: the URL of GLUE's download script (nyu-mll, `download_glue_data.py`) and the
 * MD5 that torchtext's SST2 loader checks for it.
 */
export const SST2_SPEC: DatasetSpec = {
  name: "SST-2",
  folder: "sst2",
  files: ["train.tsv", "dev.tsv"],
  archive: {
    url: "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip",
    md5: "9f81648d4199384278b86e315dac217c",
    members: { "SST-2/train.tsv": "train.tsv", "SST-2/dev.tsv": "dev.tsv" },
  },
};

/** Row counts of the GLUE release; a mismatch is reported, not fatal (subsets are legitimate in tests). */
export const SST2_ROWS = { train: 67_349, dev: 872 } as const;

/**
 * Parses GLUE TSV content (`sentence<TAB>label` with a header row).
 * @param file the file name used in error messages.
 * @throws Error naming file, line (1-based, header = line 1) and the problem; a file with no rows is refused.
 */
export function parseGlueTsv(content: string, file: string): LabeledText[] {
  // A UTF-8 byte-order mark (what some editors write) is not part of the header.
  const lines = content.replace(/^\ufeff/, "").split(/\r?\n/);
  const header = lines[0]?.split("\t") ?? [];
  if (header[0] !== "sentence" || header[1] !== "label") {
    throw new Error(
      `${file}:1: expected the header "sentence<TAB>label", found ${JSON.stringify(lines[0] ?? "")}.`,
    );
  }
  const rows: LabeledText[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") {
      if (i === lines.length - 1) continue; // trailing newline
      throw new Error(`${file}:${i + 1}: empty line; every row needs "sentence<TAB>label".`);
    }
    const fields = line.split("\t");
    if (fields.length < 2) {
      throw new Error(`${file}:${i + 1}: missing label (no TAB); expected "sentence<TAB>0" or "sentence<TAB>1".`);
    }
    if (fields.length > 2) {
      throw new Error(`${file}:${i + 1}: ${fields.length} TAB-separated fields, expected 2 (sentence, label).`);
    }
    const [sentence, label] = fields as [string, string];
    if (label !== "0" && label !== "1") {
      throw new Error(`${file}:${i + 1}: label ${JSON.stringify(label)} is not 0 or 1.`);
    }
    const text = sentence.trim().split(/\s+/).join(" ");
    if (text === "") throw new Error(`${file}:${i + 1}: empty sentence.`);
    rows.push({ text, label: label === "1" ? 1 : 0 });
  }
  if (rows.length === 0)
    throw new Error(
      `${file}: no rows after the header; expected one "sentence<TAB>label" row per line (is the file truncated?).`,
    );
  return rows;
}

export async function readGlueTsv(file: string): Promise<LabeledText[]> {
  return parseGlueTsv(await fs.readFile(file, "utf8"), file);
}

export interface Sst2Options extends ResolveOptions {
  /** Fraction of train carved out for validation (default 0.05, about 3,400 phrases). */
  validationFraction?: number;
  /** Seed of the validation split and of the subset below (default 42). */
  seed?: number;
  /** Keep only this many training rows after the split (quick mode, tests). Default: all. */
  maxTrain?: number;
  /** Keep only this many validation rows. Default: all. */
  maxValidation?: number;
}

export interface Sst2Splits {
  train: LabeledText[];
  validation: LabeledText[];
  /** GLUE dev: the reported held-out set. */
  dev: LabeledText[];
  /** Folder the files came from and how it was found. */
  dir: string;
  source: DatasetSourceKind;
}

/** Seeded split of rows into [rest, held] with `fraction` of the rows held out. */
export function splitRows<T>(rows: readonly T[], fraction: number, seed: number): [T[], T[]] {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validationFraction must be in (0, 1), got ${fraction}.`);
  const shuffled = shuffleInPlace([...rows], mulberry32(seed));
  const nHeld = Math.max(1, Math.round(rows.length * fraction));
  return [shuffled.slice(nHeld), shuffled.slice(0, nHeld)];
}

/** Loads SST-2 (explicit dir → cache → download) and returns train / validation / dev. */
export async function loadSst2(options: Sst2Options = {}): Promise<Sst2Splits> {
  const { dir, source } = await resolveDataset(SST2_SPEC, options);
  const seed = options.seed ?? 42;
  const allTrain = await readGlueTsv(path.join(dir, "train.tsv"));
  const dev = await readGlueTsv(path.join(dir, "dev.tsv"));
  let [train, validation] = splitRows(allTrain, options.validationFraction ?? 0.05, seed);
  if (options.maxTrain !== undefined) train = train.slice(0, options.maxTrain);
  if (options.maxValidation !== undefined) validation = validation.slice(0, options.maxValidation);
  return { train, validation, dev, dir, source };
}
