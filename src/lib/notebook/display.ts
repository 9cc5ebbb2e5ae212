/**
 * Rich output for tslab notebooks. Each helper builds a MIME bundle and hands it to `emit`:
 * inside the tslab kernel that is one `display_data` message carrying every representation
 * (tslab's public `display.raw` sends one MIME type per message, so we call the function behind
 * it, `require("tslab/dist/jupyter").lastWriteDisplayData`, pinned with tslab 1.0.22, and fall
 * back to one `display.raw` per type); outside a kernel the text/plain form goes to the console.
 *
 * Bundles pair a rich form with a fallback the classic Notebook renders:
 *   Plotly figure → application/vnd.plotly.v1+json + text/plain (a one-line summary), and in an
 *                   interactive session also text/html (a static SVG chart or shaded table) for
 *                   front ends without Plotly; `npm run notebooks` sets FOOTPRINT_FIGURE_FALLBACK=0
 *                   so that executed notebooks store each figure once (the site draws the JSON)
 *   table         → text/html + text/plain
 */
import { attentionHeadsFigure, attentionHeatmapFigure } from "../eval/figures";
import { escapeHtml, figureFallbackHtml, layoutTitle } from "./fallback";
import { PLOTLY_MIME } from "./format";

export { escapeHtml, layoutTitle };

export { PLOTLY_MIME };

export type MimeBundle = Record<string, unknown>;
export type DisplaySink = (bundle: MimeBundle) => void;

/** A Plotly figure: traces and layout (plain JSON). */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

let sink: DisplaySink | null = null;

/** Redirects displays (tests, or a custom front end); `null` restores the default. Returns the previous sink. */
export function setDisplaySink(next: DisplaySink | null): DisplaySink | null {
  const prev = sink;
  sink = next;
  return prev;
}

interface TslabJupyter {
  lastWriteDisplayData?: ((data: unknown, update: boolean) => void) | null;
}
interface TslabPublic {
  display: { raw(contentType: string, b: string): void };
}

function tslabWriter(): ((bundle: MimeBundle) => void) | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as TslabJupyter;
    const write = jupyter.lastWriteDisplayData;
    if (typeof write === "function") {
      return (bundle) => write({ data: bundle, metadata: {}, transient: {} }, false);
    }
  } catch {
    // tslab is a devDependency; absent in a production install.
  }
  return null;
}

/** True inside a running tslab kernel. */
export function inTslab(): boolean {
  return tslabWriter() !== null;
}

/** Displays one MIME bundle (every key a MIME type). */
export function emit(bundle: MimeBundle): void {
  if (sink) return sink(bundle);
  const write = tslabWriter();
  if (write) {
    try {
      return write(bundle);
    } catch {
      // Internal API changed: fall back to the public one, one output per MIME type.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { display } = require("tslab") as TslabPublic;
      for (const [mime, v] of Object.entries(bundle)) {
        display.raw(mime, typeof v === "string" ? v : JSON.stringify(v));
      }
      return;
    }
  }
  const text = bundle["text/plain"];
  console.log(typeof text === "string" ? text : JSON.stringify(bundle, null, 1));
}

/** Replaces typed arrays by plain arrays and non-finite numbers by null (Plotly JSON must be plain JSON). */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (x) => toPlainJson(x));
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlainJson(v);
    return out;
  }
  return value;
}

/** Whether figures carry a static HTML copy: yes unless FOOTPRINT_FIGURE_FALLBACK=0 (the headless runner). */
export function figureFallbackWanted(env: Record<string, string | undefined> = process.env): boolean {
  return env.FOOTPRINT_FIGURE_FALLBACK !== "0";
}

/**
 * The MIME bundle for a Plotly figure (exported for tests and the site's tooling): the figure's
 * JSON once, a one-line text summary, and a static HTML copy only when `fallback` is true.
 */
export function plotlyBundle(
  figure: PlotlyFigure,
  { fallback = figureFallbackWanted() }: { fallback?: boolean } = {},
): MimeBundle {
  const fig = toPlainJson({
    data: figure.data,
    layout: figure.layout ?? {},
    config: figure.config,
  }) as PlotlyFigure;
  const title = layoutTitle(fig.layout);
  const kinds = fig.data.map((t) => String(t.type ?? "scatter"));
  return {
    [PLOTLY_MIME]: fig,
    ...(fallback ? { "text/html": figureFallbackHtml(fig) } : {}),
    "text/plain": `Plotly figure${title ? ` "${title}"` : ""}: ${fig.data.length} trace(s) (${[...new Set(kinds)].join(", ")})`,
  };
}

/** Shows a Plotly figure (interactive in JupyterLab with Plotly support and on the site; static elsewhere). */
export function showPlot(figure: PlotlyFigure): void {
  emit(plotlyBundle(figure));
}

export type TableRows = Record<string, unknown>[];

function cellText(v: unknown, digits: number): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(digits - 1)
      : v.toPrecision(digits);
  }
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The MIME bundle for a table of rows (columns from the first row unless given). */
export function tableBundle(
  rows: TableRows,
  opts: { columns?: string[]; caption?: string; digits?: number } = {},
): MimeBundle {
  const columns = opts.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const digits = opts.digits ?? 4;
  const cells = rows.map((r) => columns.map((c) => cellText(r[c], digits)));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === "number" || r[c] == null));
  const html = [
    "<table>",
    opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : "",
    "<thead><tr>",
    ...columns.map((c, j) => `<th${numeric[j] ? ' align="right"' : ""}>${escapeHtml(c)}</th>`),
    "</tr></thead><tbody>",
    ...cells.map(
      (row) =>
        "<tr>" +
        row.map((v, j) => `<td${numeric[j] ? ' align="right"' : ""}>${escapeHtml(v)}</td>`).join("") +
        "</tr>",
    ),
    "</tbody></table>",
  ].join("");
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j]!.length)));
  const line = (vals: string[]) =>
    vals
      .map((v, j) => (numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!)))
      .join("  ")
      .trimEnd();
  const text = [
    ...(opts.caption ? [opts.caption] : []),
    line(columns),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map(line),
  ].join("\n");
  return { "text/html": html, "text/plain": text };
}

/** Shows a table: `showTable([{ T: 64, ms: 1.2 }, ...], { caption })`. */
export function showTable(
  rows: TableRows,
  opts: { columns?: string[]; caption?: string; digits?: number } = {},
): void {
  emit(tableBundle(rows, opts));
}

/** Something with the values of a 2-D tensor: a nested array or a tfjs Tensor2D. */
export type Matrix = number[][] | { arraySync(): unknown; shape: number[] };

export function toMatrix(m: Matrix): number[][] {
  const v = Array.isArray(m) ? m : m.arraySync();
  if (!Array.isArray(v) || !v.every((r) => Array.isArray(r))) {
    const shape = Array.isArray(m) ? "nested array" : `[${m.shape.join(", ")}]`;
    throw new Error(
      `Expected a 2-D matrix [rows, cols]; got ${shape}. Slice a batch/head first, e.g. w.slice(...).squeeze().`,
    );
  }
  return v as number[][];
}

/**
 * Shows an attention heatmap: `weights[i][j]` is how much query i attends to key j (rows top to
 * bottom). Built by the project's one heatmap builder (attentionHeatmapFigure), as on the site.
 */
export function showAttention(
  weights: Matrix,
  queryTokens?: string[],
  keyTokens?: string[],
  opts: { title?: string; zmax?: number } = {},
): void {
  showPlot(
    attentionHeatmapFigure(toMatrix(weights), {
      queryTokens,
      keyTokens,
      title: opts.title ?? "Attention weights",
      zmax: opts.zmax,
    }),
  );
}

/**
 * Shows several attention matrices (e.g. the heads of one layer), one panel per head, two panels
 * per row unless `columns` says otherwise. `heads` is [h, T_q, T_k] as nested arrays or a tensor.
 */
export function showAttentionHeads(
  heads: number[][][] | { arraySync(): unknown; shape: number[] },
  queryTokens?: string[],
  keyTokens?: string[],
  opts: { title?: string; zmax?: number; columns?: number } = {},
): void {
  const all = (Array.isArray(heads) ? heads : heads.arraySync()) as number[][][];
  showPlot(
    attentionHeadsFigure(all, {
      queryTokens,
      keyTokens,
      title: opts.title ?? `Attention weights of ${all.length} heads`,
      zmax: opts.zmax,
      columns: opts.columns,
    }),
  );
}

/** Shows Markdown (math in $...$ renders in Jupyter and on the site). */
export function showMarkdown(md: string): void {
  emit({ "text/markdown": md, "text/plain": md });
}
