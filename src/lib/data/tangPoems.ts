/**
 * The Complete Tang Poems (全唐诗) as published by the chinese-poetry project (Node only; MIT licence,
 * © 2016 JackeyGao and contributors): 58 files `poet.tang.<N>.json`, N = 0, 1000, …, 57000, each a JSON
 * array of `{ author, title, paragraphs: string[], id }` in Traditional characters, one string per line
 * of verse.
 *
 * Where the files come from: an explicit folder (the `dataDir` option or FOOTPRINT_DATA_DIR, holding
 * them directly or in `tang-poems/`), else the cache folder `<cacheDir>/tang-poems/`, else a download
 * of the 58 upstream files, each checked, into a temporary folder renamed into place in one step.
 *
 * Preparation: every poem is checked (errors name the file and the poem's index), converted to
 * Simplified with opencc-js (the converter of the Tatoeba loader), and its body is its lines joined as
 * they are (punctuation ，。 kept). Poems with an empty body are dropped. The same body occurs under
 * several titles or authors, so the corpus is deduplicated by body after conversion (the first
 * occurrence in file order is kept) and the distinct bodies are split train / validation / test by a
 * seeded shuffle: no body is in two splits. The prepared corpus is cached as one JSON file keyed by a
 * hash of the input files and the preparation settings, written atomically.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { SingleBar } from "cli-progress";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { mulberry32, shuffleInPlace } from "../util/random";
import type { DatasetSourceKind, DatasetSpec, ResolveOptions } from "./datasetSource";
import { DatasetNotFoundError, defaultCacheDir, resolveDataset } from "./datasetSource";
import type { SplitFractions } from "./tatoeba";
import { toSimplified } from "./tatoeba";

/** One poem after preparation. */
export interface TangPoem {
  author: string;
  title: string;
  /** The lines of verse joined without separator, punctuation kept (Simplified unless told otherwise). */
  body: string;
  /** Source file (base name) and the poem's 0-based index in its JSON array. */
  file: string;
  index: number;
}

/** The 58 upstream file names: poet.tang.0.json … poet.tang.57000.json. */
export const TANG_POEMS_FILES: readonly string[] = Array.from({ length: 58 }, (_, i) => `poet.tang.${i * 1000}.json`);

const UPSTREAM_FOLDER = "全唐诗";
const UPSTREAM_RAW = `https://raw.githubusercontent.com/chinese-poetry/chinese-poetry/master/${encodeURIComponent(UPSTREAM_FOLDER)}/`;

/** Raw GitHub URL of one upstream file. */
export function tangPoemsUrl(file: string): string {
  return UPSTREAM_RAW + encodeURIComponent(file);
}

/**
 * Where the files are looked for. There is no single archive: `archive.url` is the upstream folder
 * (named in messages); the files are downloaded one by one from {@link tangPoemsUrl}.
 */
export const TANG_POEMS_SPEC: DatasetSpec = {
  name: "Complete Tang Poems",
  folder: "tang-poems",
  files: [...TANG_POEMS_FILES],
  archive: { url: `https://github.com/chinese-poetry/chinese-poetry/tree/master/${UPSTREAM_FOLDER}`, members: {} },
};

/** A poem as read from a file, before conversion. */
export interface RawTangPoem {
  author: string;
  title: string;
  paragraphs: string[];
  index: number;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/**
 * Parses and checks one upstream file.
 * @param file the name used in error messages (a path or the base name).
 * @throws Error naming the file, the poem's 0-based index and how to fix it.
 */
export function parseTangPoems(content: string, file: string): RawTangPoem[] {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content; // BOM
  const fix = `Replace the file with the chinese-poetry original (${tangPoemsUrl(path.basename(file))}) or correct that entry.`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}). ${fix}`);
  }
  if (!Array.isArray(data)) {
    throw new Error(`${file}: expected a JSON array of poems, found ${describe(data)}. ${fix}`);
  }
  return data.map((entry: unknown, index): RawTangPoem => {
    const where = `${file}: poem at index ${index}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new Error(`${where} is ${describe(entry)}, expected an object {author, title, paragraphs}. ${fix}`);
    }
    const poem = entry as Record<string, unknown>;
    for (const field of ["author", "title"] as const) {
      if (poem[field] !== undefined && typeof poem[field] !== "string") {
        throw new Error(`${where}: field "${field}" is ${describe(poem[field])}, expected a string. ${fix}`);
      }
    }
    const author = (poem.author as string | undefined) ?? "";
    const title = (poem.title as string | undefined) ?? "";
    const named = `${where} (${JSON.stringify(title)} by ${JSON.stringify(author)})`;
    const paragraphs = poem.paragraphs;
    if (paragraphs === undefined) {
      throw new Error(
        `${named} has no "paragraphs" field; every poem needs "paragraphs": an array of strings, one per line of verse. ${fix}`,
      );
    }
    if (!Array.isArray(paragraphs)) {
      throw new Error(`${named}: "paragraphs" is ${describe(paragraphs)}, expected an array of strings. ${fix}`);
    }
    paragraphs.forEach((line: unknown, j) => {
      if (typeof line !== "string") {
        throw new Error(`${named}: paragraphs[${j}] is ${describe(line)}, expected a string (one line of verse). ${fix}`);
      }
    });
    return { author, title, paragraphs: paragraphs as string[], index };
  });
}

/** A poem's body: its lines joined as they are. */
export function poemBody(paragraphs: readonly string[]): string {
  return paragraphs.join("");
}

export interface PoemSplits {
  train: TangPoem[];
  validation: TangPoem[];
  test: TangPoem[];
}

export interface DedupedSplits extends PoemSplits {
  /** Poems dropped because an earlier poem has the same body. */
  duplicates: number;
}

/**
 * Deduplicates by body (the first poem of each body is kept) and splits the distinct bodies by a
 * seeded shuffle into test, validation and train; each split is in the shuffled order, so a prefix of
 * a split is a random sample of it. No body is in two splits.
 */
export function splitPoemsByBody(
  poems: readonly TangPoem[],
  fractions: SplitFractions = {},
  seed = 42,
): DedupedSplits {
  const fVal = fractions.validation ?? 0.02;
  const fTest = fractions.test ?? 0.02;
  if (!(fVal >= 0 && fTest >= 0 && fVal + fTest < 1)) {
    throw new Error(`split fractions must be ≥ 0 with validation + test < 1, got ${fVal} and ${fTest}.`);
  }
  const firstByBody = new Map<string, TangPoem>();
  for (const p of poems) if (!firstByBody.has(p.body)) firstByBody.set(p.body, p);
  const distinct = shuffleInPlace([...firstByBody.values()], mulberry32(seed));
  const nTest = Math.round(distinct.length * fTest);
  const nVal = Math.round(distinct.length * fVal);
  return {
    test: distinct.slice(0, nTest),
    validation: distinct.slice(nTest, nTest + nVal),
    train: distinct.slice(nTest + nVal),
    duplicates: poems.length - distinct.length,
  };
}

export interface TangPoemsCounts {
  /** Files read. */
  files: number;
  /** Poems in the files. */
  poems: number;
  /** Poems dropped because their body is empty. */
  empty: number;
  /** Poems dropped because an earlier poem has the same body (after conversion). */
  duplicates: number;
  /** Distinct bodies = train + validation + test. */
  distinct: number;
  train: number;
  validation: number;
  test: number;
  /** Characters (code points) of the bodies in each split. */
  characters: { train: number; validation: number; test: number };
}

/** Subset sizes of quick mode (tests, CI, notebooks with FOOTPRINT_QUICK=1). */
export const TANG_QUICK_SUBSET = { maxTrain: 5_000, maxValidation: 500, maxTest: 500 } as const;

export interface TangPoemsOptions extends ResolveOptions, SplitFractions {
  /** Seed of the split (default 42). Fractions default to validation 0.02, test 0.02. */
  seed?: number;
  /** Convert to Simplified (default true). */
  simplify?: boolean;
  /** Read and write the prepared corpus in the cache (default true). */
  cachePrepared?: boolean;
  /** Quick mode: take the {@link TANG_QUICK_SUBSET} sizes unless maxTrain/maxValidation/maxTest are given. */
  quick?: boolean;
  /** Keep only the first this-many poems of a split (a random sample, as splits are shuffled). Default: all. */
  maxTrain?: number;
  maxValidation?: number;
  maxTest?: number;
}

export interface TangPoemsSplits extends PoemSplits {
  /** Counts of the whole prepared corpus (before any maxTrain/maxValidation/maxTest cut). */
  counts: TangPoemsCounts;
  /** Folder the files came from and how it was found. */
  dir: string;
  source: DatasetSourceKind;
  /** "cache" when the prepared corpus was read from `preparedFile`, "built" when prepared now. */
  prepared: "cache" | "built";
  /** The prepared-corpus cache file (absent when cachePrepared is false). */
  preparedFile?: string;
}

const PREPARED_FORMAT = "llm-footprint/tang-poems-prepared";
const PREPARED_VERSION = 1;
const CONVERTER = "opencc-js tw→cn"; // part of the cache key: a different converter is a different corpus

interface PreparedFile extends PoemSplits {
  format: typeof PREPARED_FORMAT;
  version: typeof PREPARED_VERSION;
  key: string;
  counts: TangPoemsCounts;
}

function characterCount(poems: readonly TangPoem[]): number {
  let n = 0;
  for (const p of poems) for (const _ of p.body) n++;
  return n;
}

/** Parses, converts, deduplicates and splits the files' contents (file name → text). */
export function prepareTangPoems(
  contents: ReadonlyMap<string, string>,
  options: Pick<TangPoemsOptions, "seed" | "simplify" | "validation" | "test"> = {},
): PoemSplits & { counts: TangPoemsCounts } {
  const simplify = options.simplify ?? true;
  const convert = simplify ? toSimplified : (s: string) => s;
  const poems: TangPoem[] = [];
  let total = 0;
  let empty = 0;
  for (const [file, text] of contents) {
    for (const raw of parseTangPoems(text, file)) {
      total++;
      const body = convert(poemBody(raw.paragraphs));
      if (body === "") {
        empty++;
        continue;
      }
      poems.push({ author: convert(raw.author), title: convert(raw.title), body, file: path.basename(file), index: raw.index });
    }
  }
  const { train, validation, test, duplicates } = splitPoemsByBody(poems, options, options.seed ?? 42);
  const counts: TangPoemsCounts = {
    files: contents.size,
    poems: total,
    empty,
    duplicates,
    distinct: train.length + validation.length + test.length,
    train: train.length,
    validation: validation.length,
    test: test.length,
    characters: { train: characterCount(train), validation: characterCount(validation), test: characterCount(test) },
  };
  return { train, validation, test, counts };
}

function preparedKey(contents: ReadonlyMap<string, string>, options: TangPoemsOptions): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({
      format: PREPARED_FORMAT,
      version: PREPARED_VERSION,
      converter: CONVERTER,
      simplify: options.simplify ?? true,
      seed: options.seed ?? 42,
      validation: options.validation ?? 0.02,
      test: options.test ?? 0.02,
    }),
  );
  for (const [file, text] of contents) {
    hash.update(`\0${path.basename(file)}\0`);
    hash.update(createHash("sha256").update(text).digest("hex"));
  }
  return hash.digest("hex").slice(0, 32);
}

function readPrepared(file: string, key: string, log?: (line: string) => void): PreparedFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Partial<PreparedFile>;
    if (
      data.format === PREPARED_FORMAT &&
      data.version === PREPARED_VERSION &&
      data.key === key &&
      Array.isArray(data.train) &&
      Array.isArray(data.validation) &&
      Array.isArray(data.test) &&
      data.counts !== undefined
    ) {
      return data as PreparedFile;
    }
    log?.(`${file}: not a prepared corpus for these inputs; preparing it again.`);
  } catch (error) {
    log?.(`${file}: unreadable (${(error as Error).message}); preparing it again.`);
  }
  return undefined;
}

function whereToPutFiles(cacheDir: string): string {
  return (
    `Put the 58 files ${TANG_POEMS_FILES[0]} … ${TANG_POEMS_FILES[TANG_POEMS_FILES.length - 1]} ` +
    `(folder ${UPSTREAM_FOLDER} of github.com/chinese-poetry/chinese-poetry) in a folder named ` +
    `"${TANG_POEMS_SPEC.folder}" and point FOOTPRINT_DATA_DIR at its parent, or pass it as the dataDir option, ` +
    `or copy them into the cache folder ${path.join(cacheDir, TANG_POEMS_SPEC.folder)}/.`
  );
}

/**
 * Downloads the 58 upstream files into `<cacheDir>/tang-poems/`: each is fetched and checked into a
 * temporary folder, which is renamed into place only when all are good.
 */
export async function downloadTangPoems(options: ResolveOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  const doFetch = options.fetch ?? ((u: string) => fetch(u));
  const target = path.join(cacheDir, TANG_POEMS_SPEC.folder);
  await fs.mkdir(cacheDir, { recursive: true });
  const tmp = path.join(cacheDir, `.${TANG_POEMS_SPEC.folder}.tmp-${randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp);
  const bar =
    (options.progress ?? Boolean(process.stderr.isTTY))
      ? new SingleBar({ format: `download [{bar}] {value}/{total} files | ETA {eta_formatted}`, stream: process.stderr })
      : undefined;
  bar?.start(TANG_POEMS_FILES.length, 0);
  try {
    for (const [i, file] of TANG_POEMS_FILES.entries()) {
      const url = tangPoemsUrl(file);
      let text: string;
      try {
        const response = await doFetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
        text = await response.text();
      } catch (error) {
        throw new DatasetNotFoundError(
          `${TANG_POEMS_SPEC.name} not found locally and the download of ${url} failed ` +
            `(${(error as Error).message}); nothing was cached. ` +
            whereToPutFiles(cacheDir),
        );
      }
      parseTangPoems(text, url); // a bad download is an error naming the URL, before anything is cached
      await fs.writeFile(path.join(tmp, file), text);
      bar?.update(i + 1);
    }
    // A stale, incomplete folder is replaced; a complete one (another process won) is kept.
    const complete = (dir: string) => TANG_POEMS_FILES.every((f) => existsSync(path.join(dir, f)));
    if (existsSync(target) && !complete(target)) await fs.rm(target, { recursive: true, force: true });
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      if (!complete(target)) throw error;
    }
  } finally {
    bar?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  }
  options.log?.(`${TANG_POEMS_SPEC.name}: downloaded ${TANG_POEMS_FILES.length} files to ${target}`);
  return target;
}

/** Explicit folder → cache → download; the folder holding the 58 files and how it was found. */
async function resolveTangPoems(options: ResolveOptions): Promise<{ dir: string; source: DatasetSourceKind }> {
  const env = options.env ?? process.env;
  const explicit = options.dataDir ?? (env.FOOTPRINT_DATA_DIR || undefined);
  try {
    return await resolveDataset(TANG_POEMS_SPEC, { ...options, download: false });
  } catch (error) {
    if (!(error instanceof DatasetNotFoundError) || explicit !== undefined || options.download === false) throw error;
  }
  return { dir: await downloadTangPoems(options), source: "download" };
}

/**
 * Loads the Complete Tang Poems (explicit folder → cache → download), prepared and split by body:
 * Simplified, deduplicated, train / validation / test = 96 / 2 / 2 % of the distinct bodies by default.
 */
export async function loadTangPoems(options: TangPoemsOptions = {}): Promise<TangPoemsSplits> {
  const { dir, source } = await resolveTangPoems(options);
  const contents = new Map<string, string>();
  for (const file of TANG_POEMS_FILES) {
    const full = path.join(dir, file);
    contents.set(full, await fs.readFile(full, "utf8"));
  }

  let prepared: PoemSplits & { counts: TangPoemsCounts };
  let from: "cache" | "built" = "built";
  let preparedFile: string | undefined;
  if (options.cachePrepared ?? true) {
    const key = preparedKey(contents, options);
    const cacheDir = options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
    preparedFile = path.join(cacheDir, `${TANG_POEMS_SPEC.folder}-prepared`, `${key}.json`);
    const cached = readPrepared(preparedFile, key, options.log);
    if (cached) {
      prepared = cached;
      from = "cache";
    } else {
      prepared = prepareTangPoems(contents, options);
      const file: PreparedFile = { format: PREPARED_FORMAT, version: PREPARED_VERSION, key, ...prepared };
      writeFileAtomic(preparedFile, JSON.stringify(file));
      options.log?.(`${TANG_POEMS_SPEC.name}: prepared corpus cached in ${preparedFile}`);
    }
  } else {
    prepared = prepareTangPoems(contents, options);
  }

  const quick = options.quick ? TANG_QUICK_SUBSET : undefined;
  const cut = (xs: TangPoem[], n: number | undefined) => (n === undefined ? xs : xs.slice(0, n));
  return {
    train: cut(prepared.train, options.maxTrain ?? quick?.maxTrain),
    validation: cut(prepared.validation, options.maxValidation ?? quick?.maxValidation),
    test: cut(prepared.test, options.maxTest ?? quick?.maxTest),
    counts: prepared.counts,
    dir,
    source,
    prepared: from,
    ...(preparedFile !== undefined ? { preparedFile } : {}),
  };
}
