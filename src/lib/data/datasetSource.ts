/**
 * Where a dataset's files come from (Node only). Generic: SST-2 and Tatoeba both go through here.
 *
 * Order of resolution:
 *   1. an explicit directory: the `dataDir` option, else the FOOTPRINT_DATA_DIR environment variable.
 *      Either the directory itself holds the files, or its `<spec.folder>/` subfolder does
 *      (so FOOTPRINT_DATA_DIR=../shared/datasets finds `../shared/datasets/sst2/train.tsv`);
 *   2. the local cache: `<cacheDir>/<spec.folder>/` (cacheDir: option, FOOTPRINT_CACHE_DIR, else
 *      `~/.cache/llm-footprint/datasets`);
 *   3. a download of the canonical archive into the cache: streamed with a progress bar, checked
 *      (archive checksum, expected members), extracted to a temporary folder, then renamed into place
 *      in one step, so an interrupted run never leaves a half-written cache behind.
 * When all three fail, one error (DatasetNotFoundError) says where to put the files.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SingleBar } from "cli-progress";
import { unzipSync } from "fflate";

export interface DatasetArchive {
  /** Canonical download URL. */
  url: string;
  /** Hex digest of the whole archive (md5 and/or sha256); checked when given. */
  md5?: string;
  sha256?: string;
  /** Archive member path → file name in the dataset folder, e.g. { "SST-2/train.tsv": "train.tsv" }. */
  members: Record<string, string>;
}

export interface DatasetSpec {
  /** Human name used in messages, e.g. "SST-2". */
  name: string;
  /** Folder name under a data or cache directory, e.g. "sst2". */
  folder: string;
  /** Files that must exist in the dataset folder. */
  files: string[];
  archive: DatasetArchive;
}

export interface ResolveOptions {
  /** Explicit directory (takes precedence over FOOTPRINT_DATA_DIR). */
  dataDir?: string;
  /** Cache root (default FOOTPRINT_CACHE_DIR, else ~/.cache/llm-footprint/datasets). */
  cacheDir?: string;
  /** Allow downloading when neither an explicit directory nor the cache has the files (default true). */
  download?: boolean;
  /** Show a progress bar while downloading (default: when stderr is a TTY). */
  progress?: boolean;
  /** fetch implementation (tests inject one). Default: global fetch. */
  fetch?: (url: string) => Promise<Response>;
  /** Environment to read FOOTPRINT_DATA_DIR / FOOTPRINT_CACHE_DIR from (default process.env). */
  env?: Record<string, string | undefined>;
  /** One-line status messages (default: none). */
  log?: (line: string) => void;
}

export type DatasetSourceKind = "explicit" | "cache" | "download";

export interface ResolvedDataset {
  /** Folder holding spec.files. */
  dir: string;
  source: DatasetSourceKind;
}

/** Thrown when the files are nowhere to be found and cannot be downloaded. */
export class DatasetNotFoundError extends Error {
  override name = "DatasetNotFoundError";
}

export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  return env.FOOTPRINT_CACHE_DIR || path.join(os.homedir(), ".cache", "llm-footprint", "datasets");
}

function missingFiles(dir: string, files: string[]): string[] {
  return files.filter((f) => !existsSync(path.join(dir, f)));
}

/** The explicit directory itself, or its `<folder>/` subfolder, whichever holds all the files. */
function findInDir(root: string, spec: DatasetSpec): string | undefined {
  for (const dir of [path.join(root, spec.folder), root]) {
    if (missingFiles(dir, spec.files).length === 0) return dir;
  }
  return undefined;
}

function whereToPutFiles(spec: DatasetSpec, cacheDir: string): string {
  const list = spec.files.join(", ");
  return (
    `Put ${list} in a folder named "${spec.folder}" and point FOOTPRINT_DATA_DIR at its parent ` +
    `(for example FOOTPRINT_DATA_DIR=/data with /data/${spec.folder}/${spec.files[0]}), ` +
    `or pass the directory as the dataDir option, ` +
    `or copy them into the cache folder ${path.join(cacheDir, spec.folder)}/. ` +
    `The canonical archive is ${spec.archive.url}.`
  );
}

/**
 * Finds (or downloads) a dataset and returns the folder holding its files.
 * @throws DatasetNotFoundError with one message naming the env var, the folder layout and the URL.
 */
export async function resolveDataset(spec: DatasetSpec, options: ResolveOptions = {}): Promise<ResolvedDataset> {
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  const explicit = options.dataDir ?? (env.FOOTPRINT_DATA_DIR || undefined);

  if (explicit !== undefined) {
    const dir = findInDir(explicit, spec);
    if (dir) return { dir, source: "explicit" };
    const via = options.dataDir !== undefined ? "the dataDir option" : "FOOTPRINT_DATA_DIR";
    throw new DatasetNotFoundError(
      `${spec.name} not found: ${via} is ${explicit}, but neither ${path.join(explicit, spec.folder)}/ ` +
        `nor ${explicit}/ holds ${spec.files.join(", ")}. ` +
        whereToPutFiles(spec, cacheDir),
    );
  }

  const cached = path.join(cacheDir, spec.folder);
  if (missingFiles(cached, spec.files).length === 0) return { dir: cached, source: "cache" };

  if (options.download === false) {
    throw new DatasetNotFoundError(`${spec.name} not found and downloading is off. ` + whereToPutFiles(spec, cacheDir));
  }
  let archive: Uint8Array;
  try {
    archive = await downloadWithProgress(spec.archive.url, options);
  } catch (error) {
    throw new DatasetNotFoundError(
      `${spec.name} not found locally and the download of ${spec.archive.url} failed ` +
        `(${(error as Error).message}). ` +
        whereToPutFiles(spec, cacheDir),
    );
  }
  verifyArchive(spec, archive);
  await extractAtomically(spec, archive, cacheDir);
  options.log?.(`${spec.name}: downloaded and extracted to ${cached}`);
  return { dir: cached, source: "download" };
}

async function downloadWithProgress(url: string, options: ResolveOptions): Promise<Uint8Array> {
  const doFetch = options.fetch ?? ((u: string) => fetch(u));
  const response = await doFetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get("content-length") ?? 0);
  const showBar = options.progress ?? Boolean(process.stderr.isTTY);
  const bar = showBar
    ? new SingleBar({
        format: `download [{bar}] {percentage}% | {value}/{total} KiB | ETA {eta_formatted}`,
        stream: process.stderr,
      })
    : undefined;
  bar?.start(Math.max(1, Math.round(total / 1024)), 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      bar?.update(Math.round(received / 1024));
    }
  } else {
    const all = new Uint8Array(await response.arrayBuffer());
    chunks.push(all);
    received = all.byteLength;
  }
  bar?.update(Math.round(received / 1024));
  bar?.stop();
  const out = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Checks the archive digest(s) given in the spec. */
export function verifyArchive(spec: DatasetSpec, archive: Uint8Array): void {
  for (const algorithm of ["md5", "sha256"] as const) {
    const expected = spec.archive[algorithm];
    if (!expected) continue;
    const actual = createHash(algorithm).update(archive).digest("hex");
    if (actual !== expected.toLowerCase()) {
      throw new Error(
        `${spec.name}: the archive from ${spec.archive.url} has ${algorithm} ${actual}, expected ${expected}. ` +
          `The download is corrupt or the file changed upstream; delete it and retry, or place the files by hand.`,
      );
    }
  }
}

/** Unzips the listed members into a temporary folder next to the cache, then renames it into place. */
async function extractAtomically(spec: DatasetSpec, archive: Uint8Array, cacheDir: string): Promise<void> {
  const wanted = new Set(Object.keys(spec.archive.members));
  const entries = unzipSync(archive, { filter: (file) => wanted.has(file.name) });
  const absent = [...wanted].filter((m) => !(m in entries));
  if (absent.length > 0) {
    throw new Error(`${spec.name}: the archive ${spec.archive.url} lacks ${absent.join(", ")}.`);
  }
  await fs.mkdir(cacheDir, { recursive: true });
  const tmp = path.join(cacheDir, `.${spec.folder}.tmp-${randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    for (const [member, fileName] of Object.entries(spec.archive.members)) {
      await fs.writeFile(path.join(tmp, fileName), entries[member]!);
    }
    const missing = missingFiles(tmp, spec.files);
    if (missing.length > 0) throw new Error(`${spec.name}: extraction did not produce ${missing.join(", ")}.`);
    const target = path.join(cacheDir, spec.folder);
    // A stale, incomplete folder (from an older layout) is replaced; a complete one (another process won) is kept.
    if (existsSync(target) && missingFiles(target, spec.files).length > 0) {
      await fs.rm(target, { recursive: true, force: true });
    }
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      if (missingFiles(target, spec.files).length > 0) throw error;
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
