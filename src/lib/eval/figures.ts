/**
 * Plotly figure specs (plain JSON, browser-safe) for the evaluation plots: learning curves,
 * confusion matrices and per-head attention heatmaps. Display them with the notebook helpers
 * or the site's PlotlyChart component.
 */

export interface FigureSpec {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
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

/** Confusion-matrix heatmap; rows = actual, columns = predicted. */
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
        colorscale: "Blues",
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

/**
 * One heatmap per head in a grid: weights[h][query][key] over the tokens.
 * Each row (query) sums to 1; columns of [PAD] keys are 0.
 */
export function attentionHeadsFigure(
  tokens: readonly string[],
  weights: readonly (readonly (readonly number[])[])[],
  title = "",
): FigureSpec {
  const H = weights.length;
  const cols = Math.min(H, 4);
  const rows = Math.ceil(H / cols);
  // Repeated tokens would merge categories on a categorical axis: index them.
  const labels = tokens.map((t, i) => `${t} ·${i}`);
  const data = weights.map((w, h) => ({
    type: "heatmap",
    z: w.map((r) => [...r]),
    x: labels,
    y: labels,
    zmin: 0,
    zmax: 1,
    colorscale: "Viridis",
    showscale: h === H - 1,
    xaxis: `x${h === 0 ? "" : h + 1}`,
    yaxis: `y${h === 0 ? "" : h + 1}`,
    hovertemplate: "query %{y}<br>key %{x}<br>weight %{z:.3f}<extra>head " + (h + 1) + "</extra>",
  }));
  const layout: Record<string, unknown> = {
    title: { text: title },
    grid: { rows, columns: cols, pattern: "independent" },
    height: 260 * rows + 60,
    margin: { t: 50, l: 80, r: 20, b: 80 },
    annotations: weights.map((_, h) => ({
      text: `head ${h + 1}`,
      showarrow: false,
      xref: `x${h === 0 ? "" : h + 1} domain`,
      yref: `y${h === 0 ? "" : h + 1} domain`,
      x: 0.5,
      y: 1.12,
    })),
  };
  for (let h = 0; h < H; h++) {
    const s = h === 0 ? "" : String(h + 1);
    layout[`xaxis${s}`] = { tickangle: -45, tickfont: { size: 9 } };
    layout[`yaxis${s}`] = { autorange: "reversed", tickfont: { size: 9 } };
  }
  return { data, layout };
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
