/**
 * Plotly figure specs (plain JSON, browser-safe, no imports) for the project's plots: learning
 * curves, bar charts, confusion matrices and the one attention-heatmap builder that the notebook
 * display helpers and the site's playgrounds share. Display them with the notebook helpers or the
 * site's PlotlyChart component.
 */

export interface FigureSpec {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** Plotly config (e.g. no mode bar). */
  config?: Record<string, unknown>;
}

export interface CurvePoint {
  /** x value, e.g. the (fractional) epoch or step. */
  x: number;
  [series: string]: number | undefined;
}

/**
 * Line chart of several series sharing one x axis, e.g. training and validation loss per epoch.
 * @param series keys of the points to draw, with their display names.
 */
export function lineChartFigure(
  points: readonly CurvePoint[],
  series: Record<string, string>,
  options: { title?: string; xTitle?: string; yTitle?: string } = {},
): FigureSpec {
  return {
    data: Object.entries(series).map(([key, name]) => ({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: points.filter((p) => p[key] !== undefined).map((p) => p.x),
      y: points.filter((p) => p[key] !== undefined).map((p) => p[key]),
    })),
    layout: {
      title: { text: options.title ?? "" },
      xaxis: { title: { text: options.xTitle ?? "" } },
      yaxis: { title: { text: options.yTitle ?? "" } },
      margin: { t: 40, l: 60, r: 20, b: 50 },
      legend: { orientation: "h", y: -0.25 },
    },
  };
}

/**
 * The colour scale of every heatmap on the site and in the notebooks (attention weights, confusion
 * matrices): ColorBrewer's sequential "Blues", 0 → near white, top of the scale → dark blue, so
 * "nothing" is the same pale colour everywhere and reads on light and dark pages alike.
 */
export const HEATMAP_COLORSCALE: readonly (readonly [number, string])[] = [
  [0, "#f7fbff"],
  [0.125, "#deebf7"],
  [0.25, "#c6dbef"],
  [0.375, "#9ecae1"],
  [0.5, "#6baed6"],
  [0.625, "#4292c6"],
  [0.75, "#2171b5"],
  [0.875, "#08519c"],
  [1, "#08306b"],
];

/** The colour of `t` ∈ [0, 1] on HEATMAP_COLORSCALE (clamped), as #rrggbb; for static previews. */
export function heatmapColor(t: number): string {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const stops = HEATMAP_COLORSCALE;
  let i = 1;
  while (i < stops.length - 1 && stops[i]![0] < x) i++;
  const [t0, c0] = stops[i - 1]!;
  const [t1, c1] = stops[i]!;
  const f = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
  const rgb = (c: string) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16));
  const a = rgb(c0);
  const b = rgb(c1);
  return (
    "#" +
    a
      .map((v, k) =>
        Math.round(v + (b[k]! - v) * f)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")
  );
}

/** Text drawn on a cell of colour position `t` stays readable: white on the darker half. */
export function heatmapTextColor(t: number): string {
  return t > 0.55 ? "#ffffff" : "#000000";
}

/**
 * Plotly reads a small HTML subset in titles, tick labels and hover text (<b>, <a href>, a few
 * entities); tokens and typed text must stay text, so & < > become the entities Plotly decodes
 * (&amp; &lt; &gt;; it does not decode &quot;, and with < escaped no tag can form).
 */
export function plotlyText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Escaped title lines of at most `width` characters, broken at spaces (Plotly never wraps a
 * title: a long one is cut off on a phone).
 */
export function titleLines(title: string, width = 48): string[] {
  const lines: string[] = [];
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.map(plotlyText);
}

/** Confusion-matrix heatmap; rows = actual, columns = predicted; the largest counts darkest. */
export function confusionMatrixFigure(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
  title = "",
): FigureSpec {
  return {
    data: [
      {
        type: "heatmap",
        z: matrix.map((r) => [...r]),
        x: classNames.map((c) => `predicted ${c}`),
        y: classNames.map((c) => `actual ${c}`),
        zmin: 0,
        colorscale: HEATMAP_COLORSCALE,
        showscale: false,
        text: matrix.map((r) => r.map(String)),
        texttemplate: "%{text}",
      },
    ],
    layout: {
      title: { text: title },
      yaxis: { autorange: "reversed" },
      margin: { t: 40, l: 110, r: 20, b: 60 },
      width: 420,
      height: 340,
    },
  };
}

/** Words of an attention figure (the site passes its translations). */
export interface AttentionLabels {
  /** Rows: the attending positions. */
  query: string;
  /** Columns: the attended positions. */
  key: string;
  /** The value of a cell, in the hover text. */
  weight: string;
  /** Panel title of head n (1-based) in a grid; `{n}` is replaced. */
  head: string;
}

const ENGLISH: AttentionLabels = { query: "query", key: "key", weight: "weight", head: "head {n}" };

export interface AttentionFigureOptions {
  /** Tokens of the rows (queries); default 0, 1, 2, … */
  queryTokens?: readonly string[];
  /** Tokens of the columns (keys); default: the query tokens (self-attention). */
  keyTokens?: readonly string[];
  title?: string;
  labels?: Partial<AttentionLabels>;
  /** Top of the colour scale (default 1: attention weights are probabilities). */
  zmax?: number;
}

type Weights = readonly (readonly number[])[];

/** Pixels per token: cells shrink as sequences grow, every token keeps its label. */
function cellSize(n: number): number {
  return n <= 8 ? 36 : n <= 16 ? 26 : n <= 32 ? 16 : 10;
}

function tickFont(n: number): number {
  return n <= 16 ? 11 : n <= 32 ? 9 : 7;
}

interface Panel {
  trace: Record<string, unknown>;
  xaxis: Record<string, unknown>;
  yaxis: Record<string, unknown>;
  rows: number;
  cols: number;
}

/**
 * One head as a heatmap trace with its axes. Axes are positions (0, 1, …) labelled with the
 * tokens, so repeated tokens stay apart; rows run top to bottom.
 */
function attentionPanel(weights: Weights, options: AttentionFigureOptions, head?: number): Panel {
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  if (weights.some((r) => r.length !== cols)) {
    throw new Error(`attention weights must be a [queries, keys] matrix; rows have different lengths`);
  }
  const queries = options.queryTokens ?? Array.from({ length: rows }, (_, i) => String(i));
  const keys = options.keyTokens ?? options.queryTokens ?? Array.from({ length: cols }, (_, j) => String(j));
  if (queries.length !== rows || keys.length !== cols) {
    throw new Error(
      `attention weights are ${rows}×${cols} but got ${queries.length} query and ${keys.length} key tokens`,
    );
  }
  const labels = { ...ENGLISH, ...options.labels };
  const rowText = queries.map(plotlyText);
  const colText = keys.map(plotlyText);
  const rowIndex = rowText.map((_, i) => i);
  const colIndex = colText.map((_, j) => j);
  const headName = head === undefined ? "" : plotlyText(labels.head.replace("{n}", String(head + 1)));
  const axis = { tickmode: "array", showgrid: false, zeroline: false, automargin: true };
  return {
    rows,
    cols,
    trace: {
      type: "heatmap",
      z: weights.map((r) => [...r]),
      x: colIndex,
      y: rowIndex,
      zmin: 0,
      zmax: options.zmax ?? 1,
      colorscale: HEATMAP_COLORSCALE,
      colorbar: { thickness: 10, len: 0.9 },
      xgap: cols <= 16 ? 1 : 0,
      ygap: rows <= 16 ? 1 : 0,
      ...(head === undefined ? {} : { name: headName }),
      // Raw tokens for static previews (src/lib/notebook/fallback.ts); Plotly ignores `meta` here.
      meta: { rows: [...queries], columns: [...keys] },
      customdata: rowIndex.map((q) => colIndex.map((k) => [rowText[q], colText[k]])),
      hovertemplate:
        `${plotlyText(labels.query)} %{customdata[0]} → ${plotlyText(labels.key)} %{customdata[1]}<br>` +
        `${plotlyText(labels.weight)} %{z:.3f}<extra>${headName}</extra>`,
    },
    xaxis: {
      ...axis,
      tickvals: colIndex,
      ticktext: colText,
      tickfont: { size: tickFont(cols) },
      tickangle: cols > 6 ? -60 : 0,
      range: [-0.5, cols - 0.5],
    },
    yaxis: {
      ...axis,
      tickvals: rowIndex,
      ticktext: rowText,
      tickfont: { size: tickFont(rows) },
      range: [rows - 0.5, -0.5], // first query on top
    },
  };
}

/**
 * The figure of one attention matrix: `weights[i][j]` is how much query i attends to key j
 * (rows top to bottom, columns left to right). Every attention heatmap of the project (notebook
 * display helpers, playgrounds) is built here, with one colour scale (HEATMAP_COLORSCALE, 0 to 1).
 */
export function attentionHeatmapFigure(weights: Weights, options: AttentionFigureOptions = {}): FigureSpec {
  const p = attentionPanel(weights, options);
  const labels = { ...ENGLISH, ...options.labels };
  const size = Math.max(cellSize(p.rows), cellSize(p.cols));
  const title = titleLines(options.title ?? "");
  const top = title.length ? 24 + 20 * title.length : 16;
  return {
    data: [p.trace],
    layout: {
      title: { text: title.join("<br>"), font: { size: 14 } },
      // Jupyter uses the width; the site fits the chart to its column.
      width: Math.min(760, 190 + size * p.cols),
      height: Math.min(680, 110 + top + size * p.rows),
      margin: { t: top, r: 10, b: 10, l: 10 },
      xaxis: { ...p.xaxis, title: { text: plotlyText(labels.key) } },
      yaxis: { ...p.yaxis, title: { text: plotlyText(labels.query) } },
    },
    config: { displayModeBar: false },
  };
}

/**
 * Several heads side by side: `heads[h][query][key]`, `columns` panels per row (default 2, so the
 * panels stay readable on a phone), one shared colour bar.
 */
export function attentionHeadsFigure(
  heads: readonly Weights[],
  options?: AttentionFigureOptions & { columns?: number },
): FigureSpec;
/** @deprecated Use `attentionHeadsFigure(heads, { queryTokens: tokens, title })`. */
export function attentionHeadsFigure(
  tokens: readonly string[],
  heads: readonly Weights[],
  title?: string,
): FigureSpec;
export function attentionHeadsFigure(
  a: readonly Weights[] | readonly string[],
  b?: (AttentionFigureOptions & { columns?: number }) | readonly Weights[],
  c?: string,
): FigureSpec {
  if (Array.isArray(b)) {
    return attentionHeadsFigure(b as readonly Weights[], { queryTokens: a as readonly string[], title: c });
  }
  const heads = a as readonly Weights[];
  const options = (b ?? {}) as AttentionFigureOptions & { columns?: number };
  const labels = { ...ENGLISH, ...options.labels };
  const H = heads.length;
  const columns = Math.max(1, Math.min(H, options.columns ?? 2));
  const gridRows = Math.ceil(H / columns);
  const panels = heads.map((w, h) => attentionPanel(w, options, h));
  const T = Math.max(1, ...panels.map((p) => Math.max(p.rows, p.cols)));
  const panelHeight = Math.min(420, 70 + cellSize(T) * (panels[0]?.rows ?? 1));
  const title = titleLines(options.title ?? "");
  const top = 44 + 20 * title.length;
  const layout: Record<string, unknown> = {
    title: { text: title.join("<br>"), font: { size: 14 } },
    grid: { rows: gridRows, columns, pattern: "independent", xgap: 0.12, ygap: 0.22 },
    width: Math.min(1100, 160 + columns * (90 + cellSize(T) * (panels[0]?.cols ?? 1))),
    height: top + gridRows * (panelHeight + 40),
    margin: { t: top, r: 10, b: 10, l: 10 },
    annotations: panels.map((_, h) => ({
      text: plotlyText(labels.head.replace("{n}", String(h + 1))),
      showarrow: false,
      xref: `x${h === 0 ? "" : h + 1} domain`,
      yref: `y${h === 0 ? "" : h + 1} domain`,
      x: 0.5,
      y: 1,
      yanchor: "bottom",
      font: { size: 12 },
    })),
  };
  const data = panels.map((p, h) => {
    const suffix = h === 0 ? "" : String(h + 1);
    const lastRow = Math.floor(h / columns) === gridRows - 1;
    const firstColumn = h % columns === 0;
    layout[`xaxis${suffix}`] = lastRow ? { ...p.xaxis, title: { text: plotlyText(labels.key) } } : p.xaxis;
    // Every head has the same queries: only the first column labels them (room on a phone).
    layout[`yaxis${suffix}`] = firstColumn
      ? { ...p.yaxis, title: { text: plotlyText(labels.query) } }
      : { ...p.yaxis, showticklabels: false };
    return { ...p.trace, xaxis: `x${suffix}`, yaxis: `y${suffix}`, showscale: h === H - 1 };
  });
  return { data, layout, config: { displayModeBar: false } };
}

/** Grouped bar chart, e.g. accuracy of each method. */
export function barChartFigure(
  categories: readonly string[],
  values: readonly number[],
  options: { title?: string; yTitle?: string; logY?: boolean; text?: readonly string[] } = {},
): FigureSpec {
  return {
    data: [
      {
        type: "bar",
        x: [...categories],
        y: [...values],
        text: options.text ? [...options.text] : undefined,
        textposition: "auto",
      },
    ],
    layout: {
      title: { text: options.title ?? "" },
      yaxis: { title: { text: options.yTitle ?? "" }, type: options.logY ? "log" : "linear" },
      margin: { t: 40, l: 70, r: 20, b: 60 },
    },
  };
}
