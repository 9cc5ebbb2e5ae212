/**
 * The parts of the Jupyter notebook format (nbformat 4) the runner reads and writes, plus the
 * serialisation and the stripping of volatile metadata that keep re-runs to small diffs.
 * Pure functions: no Node imports.
 */

/** Per-cell cost, written by the runner into `cell.metadata.footprint`. */
export interface CellFootprint {
  /** Wall-clock seconds from the execute request to its reply. */
  seconds: number;
  /** CPU seconds (user + system) of the kernel process tree while the cell ran; null if unreadable. */
  cpuSeconds: number | null;
  /** Estimated joules (CPU + memory) while the cell ran; null when cpuSeconds is unknown. */
  joules: number | null;
  /** How joules were obtained, e.g. "estimated:tdp"; "cpu-time" when only CPU time is known. */
  method: string;
}

/** Notebook-level totals and provenance, in `metadata.footprint`. */
export interface NotebookFootprint extends CellFootprint {
  date: string;
  quick: boolean;
  hardware: Record<string, unknown>;
  /** How the run was made, e.g. "npm run notebooks". */
  runner: string;
  [key: string]: unknown;
}

export type MultilineString = string | string[];

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Joins nbformat's multi-line text. */
export function joinSource(s: MultilineString | undefined): string {
  if (s === undefined) return "";
  return Array.isArray(s) ? s.join("") : s;
}

/** The first non-empty line of a cell's source (used in error messages). */
export function firstLine(cell: Pick<NotebookCell, "source">): string {
  return (
    joinSource(cell.source)
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? ""
  );
}

/** Parses notebook JSON and checks the few fields the runner relies on. */
export function parseNotebook(text: string, where = "notebook"): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON (${(e as Error).message})`);
  }
  const n = nb as Partial<Notebook>;
  if (!n || typeof n !== "object" || !Array.isArray(n.cells) || n.nbformat !== 4) {
    throw new Error(`${where}: expected an nbformat 4 notebook ({ nbformat: 4, cells: [...] })`);
  }
  n.metadata ??= {};
  for (const c of n.cells) c.metadata ??= {};
  return n as Notebook;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The MIME type of a Plotly figure (traces and layout as JSON). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function isScalar(v: unknown): boolean {
  return v === null || typeof v === "number" || typeof v === "boolean" || typeof v === "string";
}

/**
 * JSON.stringify(value, null, 1), except that inside a Plotly figure an array of scalars (a heatmap
 * row, a trace's x values), or of short tuples of scalars (a colour scale, a row of [query, key]
 * hover labels), is written on one line.
 */
function writeJson(value: unknown, indent: string, inFigure: boolean): string | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    // Scalars, or short tuples of them (a colour-scale stop, a heatmap cell's [query, key] labels).
    const short = (v: unknown) => Array.isArray(v) && v.length <= 4 && v.every(isScalar);
    if (inFigure && (value.every(isScalar) || value.every(short))) return JSON.stringify(value);
    const inner = indent + " ";
    const items = value.map((v) => inner + (writeJson(v, inner, inFigure) ?? "null"));
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const inner = indent + " ";
    const items: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const text = writeJson(v, inner, inFigure || k === PLOTLY_MIME);
      if (text !== undefined) items.push(`${inner}${JSON.stringify(k)}: ${text}`);
    }
    return items.length ? `{\n${items.join(",\n")}\n${indent}}` : "{}";
  }
  // undefined (a missing value, skipped in objects, null in arrays, as JSON.stringify does)
  return JSON.stringify(value) as string | undefined;
}

/**
 * Serialises like nbformat does (sorted keys, one-space indent, UTF-8, trailing newline), except
 * that Plotly figures keep each array of numbers or labels on one line: nbformat's one line per
 * number turned a 4-head heatmap into 1,500 lines. The result is ordinary JSON that Jupyter reads
 * (and would re-indent on save).
 */
export function serializeNotebook(nb: Notebook): string {
  return `${writeJson(sortKeys(nb), "", false)}\n`;
}

/** Cell metadata keys that change on every run (timestamps written by nbclient/JupyterLab). */
export const VOLATILE_CELL_METADATA = ["execution", "ExecuteTime", "papermill"] as const;
/** Notebook metadata keys that change on every run or record the executing machine's UI state. */
export const VOLATILE_NOTEBOOK_METADATA = ["papermill", "widgets", "vscode", "toc-autonumbering"] as const;

/**
 * Removes volatile metadata in place and returns the notebook: per-cell execution timestamps, output
 * `transient` fields, and notebook-level run state. Execution counts, outputs and the runner's own
 * `footprint` metadata stay.
 */
export function stripVolatileMetadata(nb: Notebook): Notebook {
  for (const key of VOLATILE_NOTEBOOK_METADATA) delete nb.metadata[key];
  for (const cell of nb.cells) {
    for (const key of VOLATILE_CELL_METADATA) delete cell.metadata[key];
    if (cell.cell_type !== "code") continue;
    for (const out of cell.outputs ?? []) {
      delete out.transient;
      const meta = out.metadata as Record<string, unknown> | undefined;
      if (meta) for (const key of VOLATILE_CELL_METADATA) delete meta[key];
    }
  }
  return nb;
}

/** Rounds to `digits` significant digits (keeps the metadata short and diffs small). */
export function roundSig(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
