// Plotly figures of attention weights: one heatmap per (layer, head), rows = queries, columns = keys.
import type { PlotlyFigure } from "@site/src/components/PlotlyChart";

/**
 * Plotly reads a small HTML subset in labels and hover text (<b>, <a href>, entities); typed text
 * must stay text, so & < > and quotes become entities, which Plotly shows literally.
 */
export function plotlyText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface HeatmapLabels {
  title: string;
  query: string;
  key: string;
  weight: string;
}

/**
 * weights: [query][key] of one head; rows: the query tokens; cols: the key tokens (default: rows,
 * for self-attention).
 */
export function attentionHeatmap(
  weights: number[][],
  rows: readonly string[],
  labels: HeatmapLabels,
  cols: readonly string[] = rows,
): PlotlyFigure {
  const T = Math.max(rows.length, cols.length);
  const rowText = rows.map(plotlyText);
  const colText = cols.map(plotlyText);
  const rowIndex = rows.map((_, i) => i);
  const colIndex = cols.map((_, i) => i);
  // Small fonts for long inputs; every token stays labelled (hover gives the exact pair).
  const size = T <= 16 ? 11 : T <= 32 ? 9 : 7;
  const axis = {
    tickmode: "array",
    tickfont: { size },
    showgrid: false,
    zeroline: false,
    automargin: true,
  };
  return {
    data: [
      {
        type: "heatmap",
        z: weights,
        x: colIndex,
        y: rowIndex,
        zmin: 0,
        zmax: 1,
        colorscale: "Blues",
        reversescale: true, // Plotly's "Blues" runs dark → light; 0 = light, 1 = dark
        customdata: rowIndex.map((q) => colIndex.map((k) => [rowText[q], colText[k]])),
        hovertemplate: `${plotlyText(labels.query)} %{customdata[0]} → ${plotlyText(labels.key)} %{customdata[1]}<br>${plotlyText(labels.weight)} %{z:.3f}<extra></extra>`,
        colorbar: { thickness: 10, len: 0.9 },
      },
    ],
    layout: {
      title: { text: plotlyText(labels.title), font: { size: 14 } },
      height: Math.min(520, 220 + 9 * rows.length),
      margin: { t: 36, r: 10, b: 10, l: 10 },
      xaxis: { ...axis, tickvals: colIndex, ticktext: colText, side: "bottom", tickangle: -60 },
      yaxis: { ...axis, tickvals: rowIndex, ticktext: rowText, autorange: "reversed" },
    },
    config: { displayModeBar: false },
  };
}
