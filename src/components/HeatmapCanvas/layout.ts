// Where everything of a canvas heatmap goes: margins from the measured tick labels, square cells
// that fit the container, which tick labels are drawn when cells are smaller than the font, and
// which cell a pointer is over. Pure arithmetic (the measuring function is passed in), so it is
// tested without a browser.

/** What a heatmap shows: `z[row][col]`, labelled rows (top to bottom) and columns (left to right). */
export type HeatmapData = {
  z: readonly (readonly number[])[];
  rows: readonly string[];
  cols: readonly string[];
  /** Colour scale range (attention weights: 0 to 1). */
  zmin: number;
  zmax: number;
  /** Title lines (plain text). */
  title: readonly string[];
  /** Axis titles (plain text). */
  xTitle: string;
  yTitle: string;
};

export type HeatmapLayout = {
  width: number;
  height: number;
  /** Plot area (the cells). */
  left: number;
  top: number;
  cell: number;
  /** Gap between cells (1 px when cells are large, else 0). */
  gap: number;
  font: number;
  titleFont: number;
  /** Column labels turned by -60° (upright when few columns fit). */
  rotateX: boolean;
  /** Draw the label of every `xStep`-th column / `yStep`-th row (labels never overlap). */
  xStep: number;
  yStep: number;
  /** Colour bar: x position and width. */
  barX: number;
  barWidth: number;
};

const PAD = 6;
const AXIS_TITLE = 16; // band for an axis title
const BAR = 10; // colour bar width
const BAR_LABELS = 28; // room for "0.5" right of the bar
const MAX_CELL = 36;
const MIN_CELL = 4;

/** Pixels per cell for `n` tokens (as the notebook figures: cells shrink as sequences grow). */
export function preferredCell(n: number): number {
  return n <= 8 ? MAX_CELL : n <= 16 ? 26 : n <= 32 ? 16 : 12;
}

/** Tick font size for `n` tokens. */
export function tickFont(n: number): number {
  return n <= 16 ? 12 : n <= 32 ? 10 : 9;
}

/**
 * The layout of `data` in a container `width` px wide; `measure(text, fontPx)` is the width of a
 * label in px (canvas measureText in the browser).
 */
export function heatmapLayout(
  data: HeatmapData,
  width: number,
  measure: (text: string, fontPx: number) => number,
): HeatmapLayout {
  const nRows = data.rows.length;
  const nCols = data.cols.length;
  const font = tickFont(Math.max(nRows, nCols));
  const titleFont = 14;
  const widest = (labels: readonly string[]) => Math.max(0, ...labels.map((l) => measure(l, font)));
  const xLabel = widest(data.cols);
  const left = Math.ceil(AXIS_TITLE + PAD + widest(data.rows) + PAD);
  const right = PAD + BAR + 4 + BAR_LABELS;
  const room = Math.max(0, width - left - right);
  const cell = Math.max(
    MIN_CELL,
    Math.min(preferredCell(Math.max(nRows, nCols)), Math.floor(room / Math.max(1, nCols))),
  );
  // Column labels stand upright when each fits its cell, else they turn by -60°.
  const rotateX = nCols > 6 || xLabel + 4 > cell;
  const bottom = Math.ceil(
    PAD + (rotateX ? xLabel * Math.sin(Math.PI / 3) + font * Math.cos(Math.PI / 3) : font) + PAD + AXIS_TITLE,
  );
  const top = Math.ceil(PAD + data.title.length * (titleFont + 4) + PAD);
  const plotWidth = cell * nCols;
  // Rotated labels need about a font's height apart, upright ones their width.
  const xStep = Math.max(1, Math.ceil((rotateX ? font + 1 : xLabel + 4) / cell));
  const yStep = Math.max(1, Math.ceil((font + 1) / cell));
  return {
    width: Math.max(width, left + plotWidth + right),
    height: top + cell * nRows + bottom,
    left,
    top,
    cell,
    gap: cell >= 12 && Math.max(nRows, nCols) <= 16 ? 1 : 0,
    font,
    titleFont,
    rotateX,
    xStep,
    yStep,
    barX: left + plotWidth + PAD + 4,
    barWidth: BAR,
  };
}

/** The cell under the point (x, y) in CSS px of the canvas, or undefined outside the cells. */
export function cellAt(
  layout: HeatmapLayout,
  data: HeatmapData,
  x: number,
  y: number,
): { row: number; col: number } | undefined {
  const col = Math.floor((x - layout.left) / layout.cell);
  const row = Math.floor((y - layout.top) / layout.cell);
  if (x < layout.left || y < layout.top || col >= data.cols.length || row >= data.rows.length)
    return undefined;
  return { row, col };
}

/** The pixel centre of a cell (for the tooltip of a cell chosen by keyboard). */
export function cellCenter(
  layout: HeatmapLayout,
  cell: { row: number; col: number },
): { x: number; y: number } {
  return {
    x: layout.left + (cell.col + 0.5) * layout.cell,
    y: layout.top + (cell.row + 0.5) * layout.cell,
  };
}

/**
 * The cell a key moves to (arrows: one cell; Home/End: first/last column; PageUp/PageDown: first/
 * last row), kept inside the grid; undefined for a key that does not move (the page keeps it).
 */
export function moveCell(
  cell: { row: number; col: number },
  key: string,
  rows: number,
  cols: number,
): { row: number; col: number } | undefined {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const { row, col } = cell;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [row - 1, col],
    ArrowDown: [row + 1, col],
    ArrowLeft: [row, col - 1],
    ArrowRight: [row, col + 1],
    Home: [row, 0],
    End: [row, cols - 1],
    PageUp: [0, col],
    PageDown: [rows - 1, col],
  };
  const to = moves[key];
  return to && { row: clamp(to[0], rows), col: clamp(to[1], cols) };
}

/** What the tooltip (and a screen reader) says about a cell: "query 车 → key where: 0.333". */
export function cellText(data: HeatmapData, cell: { row: number; col: number }): string | undefined {
  const v = data.z[cell.row]?.[cell.col];
  if (v === undefined) return undefined;
  return `${data.yTitle} ${data.rows[cell.row]} → ${data.xTitle} ${data.cols[cell.col]}: ${v.toFixed(3)}`;
}

/** Plotly's escaped text (`&amp;`, `&lt;`, `&gt;`, `<br>`) as plain lines. */
export function plainLines(text: string): string[] {
  return text
    .split(/<br\s*\/?>/i)
    .map((l) => l.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"))
    .filter((l) => l.length > 0);
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string => {
  const t = obj(v).text ?? v;
  return typeof t === "string" ? t : "";
};

/**
 * The heatmap of a figure from `attentionHeatmapFigure` (src/lib/eval/figures.ts): its one trace's
 * `z`, raw tokens (`meta.rows` / `meta.columns`), colour range, title and axis titles.
 * Throws, naming the field, when the figure is not such a heatmap.
 */
export function heatmapFromFigure(figure: { data: unknown[]; layout?: Obj }): HeatmapData {
  const trace = obj(figure.data[0]);
  if (trace.type !== "heatmap" || !Array.isArray(trace.z))
    throw new Error(
      "HeatmapCanvas: figure.data[0] must be a heatmap trace with z (use attentionHeatmapFigure)",
    );
  const z = trace.z as number[][];
  const meta = obj(trace.meta);
  const rows = Array.isArray(meta.rows) ? (meta.rows as string[]) : z.map((_, i) => String(i));
  const cols = Array.isArray(meta.columns)
    ? (meta.columns as string[])
    : (z[0] ?? []).map((_, j) => String(j));
  const layout = obj(figure.layout);
  return {
    z,
    rows,
    cols,
    zmin: typeof trace.zmin === "number" ? trace.zmin : 0,
    zmax: typeof trace.zmax === "number" ? trace.zmax : 1,
    title: plainLines(text(layout.title)),
    xTitle: plainLines(text(obj(layout.xaxis).title))[0] ?? "",
    yTitle: plainLines(text(obj(layout.yaxis).title))[0] ?? "",
  };
}
