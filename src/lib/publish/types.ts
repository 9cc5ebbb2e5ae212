// The parts of the Jupyter notebook format (nbformat 4) the publisher reads.

/** A string or a list of strings (nbformat stores multi-line text either way). */
export type MultilineString = string | string[];

/** Per-cell cost written by the notebook runner into `cell.metadata.footprint`. */
export type CellFootprint = {
  seconds?: number;
  cpuSeconds?: number | null;
  joules?: number | null;
  method?: string;
};

/** Notebook-level totals in `metadata.footprint`; every field optional (older runs lack some). */
export type NotebookFootprint = CellFootprint & {
  gCO2e?: number | null;
  hardware?: string | Record<string, unknown>;
  backend?: string;
  date?: string;
  quick?: boolean;
  region?: string;
  [key: string]: unknown;
};

export type StreamOutput = {
  output_type: "stream";
  name: "stdout" | "stderr" | string;
  text: MultilineString;
};
export type MimeBundle = Record<string, unknown>;
export type DataOutput = {
  output_type: "execute_result" | "display_data" | "update_display_data";
  data: MimeBundle;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
};
export type ErrorOutput = { output_type: "error"; ename: string; evalue: string; traceback?: string[] };
export type Output = StreamOutput | DataOutput | ErrorOutput;

export type MarkdownCell = {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata?: Record<string, unknown>;
  attachments?: Record<string, MimeBundle>;
};
export type CodeCell = {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata?: { footprint?: CellFootprint; [key: string]: unknown };
  outputs?: Output[];
  execution_count?: number | null;
};
export type Cell = MarkdownCell | CodeCell;

export type Notebook = {
  cells: Cell[];
  metadata?: { footprint?: NotebookFootprint; title?: string; [key: string]: unknown };
  nbformat?: number;
  nbformat_minor?: number;
};

/** Joins nbformat's multi-line text. */
export function joinSource(s: MultilineString | undefined): string {
  if (s === undefined) return "";
  return Array.isArray(s) ? s.join("") : s;
}
