/**
 * Tatoeba English–Mandarin sentence pairs in the manythings.org "Anki" export format (Node only):
 * one pair per line, `english<TAB>chinese` or `english<TAB>chinese<TAB>attribution`, where the
 * attribution names the two Tatoeba sentence ids and their contributors (CC-BY 2.0 France; kept so
 * the site's credits page can list it).
 *
 * The Chinese side mixes Simplified and Traditional characters as contributed; we convert it to
 * Simplified with opencc-js (character-level Traditional→Simplified, Taiwan variants included; no
 * phrase-level rewriting such as 軟體→软件), so that one character has one spelling for the model.
 *
 * Splits are made by English sentence: all translations of one English sentence land in the same
 * split, so the test set never holds a sentence seen in training.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as OpenCC from "opencc-js";
import type { DatasetSpec, DatasetSourceKind, ResolveOptions } from "./datasetSource";
import { resolveDataset } from "./datasetSource";
import { mulberry32, shuffleInPlace } from "../util/random";

export interface SentencePair {
  /** English source, as in the file (trimmed). */
  en: string;
  /** Chinese target, converted to Simplified characters. */
  zh: string;
  /** Tatoeba attribution line (third column), or undefined for two-column files. */
  attribution?: string;
  /** 1-based line in the source file (for error reports and credits). */
  line: number;
}

/**
 * The canonical archive on the manythings.org Anki page. It is regenerated from Tatoeba from time to
 * time, so no checksum is pinned; the loader checks that `cmn.txt` is present and parses cleanly.
 */
export const TATOEBA_CMN_SPEC: DatasetSpec = {
  name: "Tatoeba cmn-eng",
  folder: "tatoeba-cmn-eng",
  files: ["cmn.txt"],
  archive: {
    url: "https://www.manythings.org/anki/cmn-eng.zip",
    members: { "cmn.txt": "cmn.txt" },
  },
};

let converter: ((s: string) => string) | undefined;

/** Traditional (incl. Taiwan variants) → Simplified, character by character, with opencc-js. */
export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: "tw", to: "cn" });
  return converter(text);
}

export interface ParseTatoebaOptions {
  /** Convert the Chinese side to Simplified (default true). */
  simplify?: boolean;
}

/**
 * Parses manythings tab-separated content.
 * @param file the file name used in error messages.
 * @throws Error naming file, line (1-based) and the problem, e.g. `cmn.txt:12: missing Chinese column`.
 */
export function parseTatoeba(content: string, file: string, options: ParseTatoebaOptions = {}): SentencePair[] {
  const simplify = options.simplify ?? true;
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content; // BOM
  const lines = text.split(/\r?\n/);
  const pairs: SentencePair[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const where = `${file}:${i + 1}`;
    if (line.trim() === "") {
      if (i === lines.length - 1) continue; // trailing newline
      throw new Error(`${where}: empty line; every line needs "english<TAB>chinese[<TAB>attribution]".`);
    }
    const fields = line.split("\t");
    if (fields.length < 2) {
      throw new Error(
        `${where}: missing Chinese column (no TAB found); expected "english<TAB>chinese[<TAB>attribution]".`,
      );
    }
    if (fields.length > 3) {
      throw new Error(
        `${where}: ${fields.length} TAB-separated fields, expected 2 or 3 (english, chinese, attribution).`,
      );
    }
    const en = fields[0]!.trim();
    const zhRaw = fields[1]!.trim();
    if (en === "") throw new Error(`${where}: empty English column.`);
    if (zhRaw === "") throw new Error(`${where}: empty Chinese column.`);
    const attribution = fields[2]?.trim();
    pairs.push({
      en,
      zh: simplify ? toSimplified(zhRaw) : zhRaw,
      ...(attribution ? { attribution } : {}),
      line: i + 1,
    });
  }
  if (pairs.length === 0) throw new Error(`${file}: no sentence pairs found.`);
  return pairs;
}

export async function readTatoeba(file: string, options: ParseTatoebaOptions = {}): Promise<SentencePair[]> {
  return parseTatoeba(await fs.readFile(file, "utf8"), file, options);
}

export interface SplitFractions {
  /** Fraction of English sentences held out for validation (default 0.05). */
  validation?: number;
  /** Fraction of English sentences held out for test (default 0.05). */
  test?: number;
}

export interface TranslationSplits {
  train: SentencePair[];
  validation: SentencePair[];
  test: SentencePair[];
}

/** The key two pairs share when they translate the same English sentence. */
export function englishKey(en: string): string {
  return en.trim().replace(/\s+/g, " ");
}

/**
 * Seeded split by English sentence: the distinct English sentences are shuffled and cut into
 * test / validation / train; every pair follows its English sentence. Pairs keep file order
 * within a split.
 */
export function splitByEnglish(
  pairs: readonly SentencePair[],
  fractions: SplitFractions = {},
  seed = 42,
): TranslationSplits {
  const fVal = fractions.validation ?? 0.05;
  const fTest = fractions.test ?? 0.05;
  if (!(fVal >= 0 && fTest >= 0 && fVal + fTest < 1)) {
    throw new Error(`split fractions must be ≥ 0 with validation + test < 1, got ${fVal} and ${fTest}.`);
  }
  const keys = [...new Set(pairs.map((p) => englishKey(p.en)))];
  shuffleInPlace(keys, mulberry32(seed));
  const nTest = Math.round(keys.length * fTest);
  const nVal = Math.round(keys.length * fVal);
  const where = new Map<string, keyof TranslationSplits>();
  keys.forEach((k, i) => where.set(k, i < nTest ? "test" : i < nTest + nVal ? "validation" : "train"));
  const out: TranslationSplits = { train: [], validation: [], test: [] };
  for (const p of pairs) out[where.get(englishKey(p.en))!].push(p);
  return out;
}

export interface TatoebaOptions extends ResolveOptions, SplitFractions, ParseTatoebaOptions {
  /** Seed of the split (default 42). */
  seed?: number;
  /** Keep only this many training pairs after the split (quick mode, tests). Default: all. */
  maxTrain?: number;
  /** Keep only this many validation / test pairs. Default: all. */
  maxValidation?: number;
  maxTest?: number;
}

export interface TatoebaSplits extends TranslationSplits {
  /** Pairs in the file, before splitting. */
  total: number;
  /** Folder the file came from and how it was found. */
  dir: string;
  source: DatasetSourceKind;
}

/** Loads Tatoeba cmn-eng (explicit dir → cache → download) and returns the seeded splits. */
export async function loadTatoeba(options: TatoebaOptions = {}): Promise<TatoebaSplits> {
  const { dir, source } = await resolveDataset(TATOEBA_CMN_SPEC, options);
  const pairs = await readTatoeba(path.join(dir, "cmn.txt"), options);
  const splits = splitByEnglish(pairs, options, options.seed ?? 42);
  const cut = <T>(xs: T[], n: number | undefined) => (n === undefined ? xs : xs.slice(0, n));
  return {
    train: cut(splits.train, options.maxTrain),
    validation: cut(splits.validation, options.maxValidation),
    test: cut(splits.test, options.maxTest),
    total: pairs.length,
    dir,
    source,
  };
}
