// The one chart style of the site, applied to every figure PlotlyChart draws (notebook outputs,
// the ledger, the calculator, the playgrounds), whatever code built it:
// - theme colours (text, grid) from the light/dark mode, transparent backgrounds;
// - every heatmap on the project's colour scale (HEATMAP_COLORSCALE: 0 palest, largest darkest);
// - automatic margins on every axis and the title, so long tick labels and axis titles are never
//   clipped and never print over the title;
// - on a narrow container, multi-panel grids (one heatmap per attention head) re-flow to one or two
//   panels per row, and the height grows with the rows;
// - no mode bar on touch screens (it covered titles), and none in the way of a screen reader.
import { HEATMAP_COLORSCALE } from "../../lib/eval/figures";

export type Figure = {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
};

export type Context = {
  dark: boolean;
  /** Width of the chart's container in CSS pixels (0 when unknown). */
  width: number;
  /** True on screens without hover (phones, tablets). */
  touch: boolean;
};

export const DEFAULT_HEIGHT = 420;
/** Below this container width (px) a chart is laid out for a phone. */
export const NARROW = 600;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function withTitleText(title: unknown): Obj | undefined {
  if (typeof title === "string") return { text: title };
  return isObj(title) ? { ...title } : undefined;
}

/** Panels per row for a grid of `panels` in a container `width` px wide. */
export function columnsFor(panels: number, columns: number, width: number): number {
  if (width <= 0 || width >= 640) return columns;
  return Math.min(columns, width < 440 ? 1 : 2, panels);
}

/** The figure as the site draws it (see the module comment); the input is not modified. */
export function siteStyle(figure: Figure, ctx: Context): Required<Figure> {
  const fg = ctx.dark ? "#e3e3e3" : "#1c1e21";
  const grid = ctx.dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
  const base: Obj = { ...(figure.layout ?? {}) };
  const layout: Obj = {
    ...base,
    autosize: true,
    paper_bgcolor: base.paper_bgcolor ?? "rgba(0,0,0,0)",
    plot_bgcolor: base.plot_bgcolor ?? "rgba(0,0,0,0)",
    font: { ...(isObj(base.font) ? base.font : {}), color: fg },
  };
  delete layout.width;

  const axisKeys = Object.keys(base).filter((k) => /^[xy]axis\d*$/.test(k));
  for (const k of new Set([...axisKeys, "xaxis", "yaxis"])) {
    const axis: Obj = isObj(base[k]) ? { ...base[k] } : {};
    // Plotly 3+ ignores a title given as a bare string.
    if (typeof axis.title === "string") axis.title = { text: axis.title };
    layout[k] = { gridcolor: grid, zerolinecolor: grid, linecolor: grid, automargin: true, ...axis };
  }
  const title = withTitleText(base.title);
  if (typeof title?.text === "string" && title.text) {
    // The title pushes the top margin instead of running into the plot, and wraps on a narrow screen.
    const size = Number((isObj(title.font) ? title.font.size : undefined) ?? 17);
    layout.title = { automargin: true, ...title, text: wrapTitle(title.text, ctx.width, size) };
  }
  if (isObj(base.legend)) layout.legend = { bgcolor: "rgba(0,0,0,0)", ...base.legend };

  const data = figure.data.map((trace) => {
    if (!isObj(trace) || trace.type !== "heatmap") return trace;
    const t: Obj = { ...trace, colorscale: HEATMAP_COLORSCALE };
    delete t.reversescale;
    return t;
  });

  // A grid of panels (one per head) re-flows to fewer columns on a narrow screen.
  const height = Number(base.height ?? DEFAULT_HEIGHT);
  layout.height = height;
  if (isObj(base.grid)) {
    const rows = Number(base.grid.rows ?? 1);
    const columns = Number(base.grid.columns ?? 1);
    const panels = Object.keys(base).filter((k) => /^xaxis\d*$/.test(k)).length || rows * columns;
    const cols = columnsFor(panels, columns, ctx.width);
    if (cols !== columns) {
      const newRows = Math.ceil(panels / cols);
      const margin = isObj(base.margin) ? base.margin : {};
      const chrome = Number(margin.t ?? 80) + Number(margin.b ?? 80);
      const panel = Math.max((height - chrome) / rows, (ctx.width / cols) * 0.75);
      // Between rows: the upper panel's tick labels and axis title, then the lower panel's label
      // ("head 2"), about 80 px; Plotly's ygap is a fraction of one cell's height.
      const ygap = Math.min(0.5, 80 / panel);
      layout.grid = { ...base.grid, rows: newRows, columns: cols, ygap };
      layout.height = Math.round(chrome + panel * newRows * (1 + ygap));
    }
  }

  const config: Obj = { displaylogo: false, ...(figure.config ?? {}), responsive: true };
  // On touch screens and narrow columns the mode bar covers the title.
  if (ctx.touch || (ctx.width > 0 && ctx.width < NARROW)) config.displayModeBar = false;
  return { data, layout, config };
}

/**
 * `text` with line breaks (<br>) at spaces so that no line is wider than a container `width` px wide
 * at `size` px (a CJK character counts as two Latin ones); existing breaks are kept. Unchanged when
 * the width is unknown.
 */
export function wrapTitle(text: string, width: number, size = 17): string {
  if (width <= 0) return text;
  const max = Math.max(12, Math.floor((width - 24) / (size * 0.55)));
  const units = (s: string) => [...s].reduce((n, c) => n + (/[\u2e80-\uffff]/.test(c) ? 2 : 1), 0);
  return text
    .split(/<br\s*\/?>/i)
    .map((line) => {
      const out: string[] = [];
      let cur = "";
      for (const word of line.split(" ")) {
        const next = cur ? `${cur} ${word}` : word;
        if (cur && units(next) > max) {
          out.push(cur);
          cur = word;
        } else cur = next;
      }
      if (cur) out.push(cur);
      return out.join("<br>");
    })
    .join("<br>");
}

/** The figure's title as plain text (for the chart's accessible name). */
export function titleText(layout: Obj | undefined): string | undefined {
  const t = withTitleText(layout?.title);
  return typeof t?.text === "string"
    ? t.text.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, "")
    : undefined;
}
