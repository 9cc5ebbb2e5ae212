/**
 * Static HTML stand-ins for Plotly figures, for front ends without a Plotly renderer (the classic
 * Notebook, GitHub's viewer): heatmaps become a shaded table, scatter/line/bar traces a small
 * inline SVG chart. Pure string building; deterministic output (no random ids) so re-runs diff cleanly.
 */
import { heatmapColor, heatmapTextColor } from "../eval/figures";
import type { PlotlyFigure } from "./display";

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export function layoutTitle(layout: Record<string, unknown> | undefined): string {
  const t = layout?.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string")
    return (t as { text: string }).text;
  return "";
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const NOTE = "Static preview; the interactive chart shows in JupyterLab with Plotly support and on the site.";

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function axisTitle(layout: Record<string, unknown> | undefined, axis: string): string {
  const a = layout?.[axis] as Record<string, unknown> | undefined;
  return a ? layoutTitle(a) : "";
}

function isLog(layout: Record<string, unknown> | undefined, axis: string): boolean {
  return (layout?.[axis] as Record<string, unknown> | undefined)?.type === "log";
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-2)) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

/**
 * A shaded HTML table for a heatmap trace, coloured with the site's heatmap scale. Row and column
 * labels come from the trace's `meta.rows`/`meta.columns` (raw tokens, set by the attention
 * builder), else from `y`/`x`.
 */
export function heatmapTable(trace: Record<string, unknown>, title: string): string {
  const z = (trace.z as unknown[][] | undefined) ?? [];
  const meta = (trace.meta ?? {}) as { rows?: unknown[]; columns?: unknown[] };
  const xs = meta.columns ?? (trace.x as unknown[] | undefined) ?? z[0]?.map((_, j) => j) ?? [];
  const ys = meta.rows ?? (trace.y as unknown[] | undefined) ?? z.map((_, i) => i);
  const flat = z
    .flat()
    .map(num)
    .filter((v): v is number => v !== null);
  const lo = num(trace.zmin) ?? Math.min(...flat, 0);
  const hi = num(trace.zmax) ?? Math.max(...flat, 1);
  const shade = (v: number | null) => {
    if (v === null) return "";
    const t = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0;
    return ` style="background:${heatmapColor(t)};color:${heatmapTextColor(t)}"`;
  };
  const head = xs.map((x) => `<th>${escapeHtml(String(x))}</th>`).join("");
  const body = z
    .map((row, i) => {
      const cells = row
        .map((v) => `<td${shade(num(v))}>${num(v) === null ? "" : fmt(num(v)!)}</td>`)
        .join("");
      return `<tr><th>${escapeHtml(String(ys[i] ?? i))}</th>${cells}</tr>`;
    })
    .join("");
  return (
    `<table>${title ? `<caption>${escapeHtml(title)} (rows: query, columns: key)</caption>` : ""}` +
    `<thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>`
  );
}

interface Series {
  name: string;
  xs: number[];
  ys: number[];
  bar: boolean;
}

/** A small SVG chart of the numeric scatter/line/bar traces (log axes honoured). */
export function seriesSvg(series: Series[], layout: Record<string, unknown> | undefined): string {
  const W = 560;
  const H = 320;
  const m = { l: 64, r: 16, t: 16, b: 48 };
  const logX = isLog(layout, "xaxis");
  const logY = isLog(layout, "yaxis");
  const tx = (v: number) => (logX ? Math.log10(v) : v);
  const ty = (v: number) => (logY ? Math.log10(v) : v);
  const pts = series.flatMap((s) => s.xs.map((x, i) => [tx(x), ty(s.ys[i]!)] as const));
  const finite = pts.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (finite.length === 0) return "";
  let [x0, x1] = [Math.min(...finite.map((p) => p[0])), Math.max(...finite.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...finite.map((p) => p[1])), Math.max(...finite.map((p) => p[1]))];
  if (!logY && series.some((s) => s.bar)) y0 = Math.min(0, y0);
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const px = (v: number) => m.l + ((tx(v) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - ((ty(v) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`,
  ];
  for (const [v, anchor] of [
    [x0, "start"],
    [x1, "end"],
  ] as const) {
    const val = logX ? 10 ** v : v;
    out.push(
      `<text x="${px(val).toFixed(1)}" y="${H - m.b + 14}" text-anchor="${anchor}">${fmt(val)}</text>`,
    );
  }
  for (const v of [y0, y1]) {
    const val = logY ? 10 ** v : v;
    out.push(`<text x="${m.l - 4}" y="${(py(val) + 4).toFixed(1)}" text-anchor="end">${fmt(val)}</text>`);
  }
  const xt = axisTitle(layout, "xaxis");
  const yt = axisTitle(layout, "yaxis");
  if (xt) out.push(`<text x="${(W + m.l) / 2}" y="${H - 12}" text-anchor="middle">${escapeHtml(xt)}</text>`);
  if (yt)
    out.push(
      `<text transform="translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yt)}</text>`,
    );
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    const ok = s.xs
      .map((x, i) => [x, s.ys[i]!] as const)
      .filter(([a, b]) => Number.isFinite(tx(a)) && Number.isFinite(ty(b)));
    if (s.bar) {
      const w = Math.max(2, (W - m.l - m.r) / Math.max(1, ok.length) / (series.length + 1));
      for (const [x, y] of ok) {
        const top = py(y);
        const base = py(logY ? 10 ** y0 : Math.max(y0, 0));
        out.push(
          `<rect x="${(px(x) - w / 2 + k * w).toFixed(1)}" y="${Math.min(top, base).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(base - top).toFixed(1)}" fill="${color}"/>`,
        );
      }
    } else {
      const d = ok.map(([x, y], i) => `${i ? "L" : "M"}${px(x).toFixed(1)} ${py(y).toFixed(1)}`).join(" ");
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
      for (const [x, y] of ok)
        out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    }
    out.push(
      `<text x="${m.l + 8}" y="${m.t + 14 + 14 * k}" fill="${color}">${escapeHtml(s.name || `trace ${k}`)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("");
}

function toSeries(trace: Record<string, unknown>): Series | null {
  const type = String(trace.type ?? "scatter");
  if (!["scatter", "scattergl", "bar"].includes(type)) return null;
  const ys = trace.y as unknown[] | undefined;
  if (!Array.isArray(ys) || !ys.every((v) => num(v) !== null || v === null)) return null;
  const rawX = trace.x as unknown[] | undefined;
  const numericX = Array.isArray(rawX) && rawX.every((v) => num(v) !== null);
  const xs = numericX ? (rawX as number[]) : ys.map((_, i) => i);
  return { name: String(trace.name ?? ""), xs, ys: ys.map((v) => num(v) ?? NaN), bar: type === "bar" };
}

/** The HTML fallback of a figure. */
export function figureFallbackHtml(fig: PlotlyFigure): string {
  const title = layoutTitle(fig.layout);
  const heats = fig.data.filter((t) => t.type === "heatmap");
  const caption = `<p><em>${escapeHtml(NOTE)}</em></p>`;
  if (heats.length) {
    const tables = heats.map((t, i) =>
      heatmapTable(t, heats.length > 1 ? String(t.name ?? `${title} ${i + 1}`) : title),
    );
    return `<div>${tables.join("")}${caption}</div>`;
  }
  const series = fig.data.map(toSeries).filter((s): s is Series => s !== null);
  const svg = series.length ? seriesSvg(series, fig.layout) : "";
  const head = title ? `<p><strong>${escapeHtml(title)}</strong></p>` : "";
  if (svg) return `<div>${head}${svg}${caption}</div>`;
  return `<div>${head}<p><em>Plotly figure with ${fig.data.length} trace(s). ${escapeHtml(NOTE)}</em></p></div>`;
}
