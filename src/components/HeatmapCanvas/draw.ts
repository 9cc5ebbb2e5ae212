// Paints a heatmap (./layout.ts) on a 2-D canvas: cells on the site's colour scale, title, tick
// labels (column labels turned when many), axis titles and a colour bar. Only canvas calls, no DOM
// layout: a 45 × 40 heatmap is a few milliseconds.
import { heatmapColor } from "../../lib/eval/figures";
import { heatmapLayout, type HeatmapData, type HeatmapLayout } from "./layout";

/** The canvas members draw uses (a CanvasRenderingContext2D has them all). */
export type Ctx = Pick<
  CanvasRenderingContext2D,
  | "font"
  | "fillStyle"
  | "textAlign"
  | "textBaseline"
  | "measureText"
  | "setTransform"
  | "clearRect"
  | "fillRect"
  | "fillText"
  | "save"
  | "restore"
  | "translate"
  | "rotate"
>;

/** Label widths by font and text, shared by every heatmap of the page (the same tokens recur). */
const labelWidths = new Map<string, number>();
const MAX_CACHED_WIDTHS = 5000;

/** What draw needs of the <canvas> element: its 2-D context, its pixel size and its CSS size. */
export type CanvasLike = {
  getContext(kind: "2d"): Ctx | null;
  width: number;
  height: number;
  style: { width: string; height: string };
};

/**
 * Sizes `canvas` for `data` in a container `width` CSS px wide (at `dpr` device pixels per px) and
 * paints it; returns the layout (for finding the cell under the pointer).
 */
export function draw(
  canvas: CanvasLike,
  data: HeatmapData,
  width: number,
  colors: { fg: string; family: string },
  dpr = 1,
): HeatmapLayout {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("HeatmapCanvas: no 2-D canvas context");
  const fontOf = (px: number) => `${px}px ${colors.family}`;
  // Setting ctx.font parses the font and resolves its fallbacks (slow for CJK text): the layout
  // measures every label at a few sizes, so widths are cached and the font is set once per size.
  let fontPx = -1;
  const measure = (t: string, px: number) => {
    const key = `${px}px ${colors.family}\u0000${t}`;
    const known = labelWidths.get(key);
    if (known !== undefined) return known;
    if (px !== fontPx) {
      ctx.font = fontOf(px);
      fontPx = px;
    }
    const w = ctx.measureText(t).width;
    if (labelWidths.size >= MAX_CACHED_WIDTHS) labelWidths.clear();
    labelWidths.set(key, w);
    return w;
  };
  const L = heatmapLayout(data, width, measure);
  canvas.width = Math.round(L.width * dpr);
  canvas.height = Math.round(L.height * dpr);
  canvas.style.width = `${L.width}px`;
  canvas.style.height = `${L.height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, L.width, L.height);

  const span = data.zmax - data.zmin || 1;
  const { cell, gap, left, top } = L;
  data.z.forEach((row, i) =>
    row.forEach((v, j) => {
      ctx.fillStyle = heatmapColor((v - data.zmin) / span);
      ctx.fillRect(left + j * cell, top + i * cell, cell - gap, cell - gap);
    }),
  );

  ctx.fillStyle = colors.fg;
  // Title, centred over the whole canvas.
  ctx.font = `600 ${fontOf(L.titleFont)}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  data.title.forEach((line, k) => ctx.fillText(line, L.width / 2, 6 + k * (L.titleFont + 4)));

  // Row labels, right-aligned left of the cells.
  ctx.font = fontOf(L.font);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  data.rows.forEach((label, i) => {
    if (i % L.yStep === 0) ctx.fillText(label, left - 6, top + (i + 0.5) * cell);
  });
  // Column labels under the cells, turned by -60° when there are many.
  const plotBottom = top + data.rows.length * cell;
  data.cols.forEach((label, j) => {
    if (j % L.xStep !== 0) return;
    const x = left + (j + 0.5) * cell;
    if (L.rotateX) {
      ctx.save();
      ctx.translate(x, plotBottom + 6);
      ctx.rotate(-Math.PI / 3);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(label, 0, 0);
      ctx.restore();
    } else {
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(label, x, plotBottom + 6);
    }
  });
  // Axis titles.
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(data.xTitle, left + (data.cols.length * cell) / 2, L.height - 2);
  ctx.save();
  ctx.translate(2, top + (data.rows.length * cell) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "top";
  ctx.fillText(data.yTitle, 0, 0);
  ctx.restore();

  // Colour bar from zmin (bottom) to zmax (top), labelled at both ends and the middle.
  const barHeight = data.rows.length * cell;
  const steps = 32;
  for (let s = 0; s < steps; s++) {
    ctx.fillStyle = heatmapColor(1 - (s + 0.5) / steps);
    ctx.fillRect(L.barX, top + (s * barHeight) / steps, L.barWidth, barHeight / steps + 0.5);
  }
  ctx.fillStyle = colors.fg;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  const mid = (data.zmin + data.zmax) / 2;
  for (const [v, y] of [
    [data.zmax, top],
    [mid, top + barHeight / 2],
    [data.zmin, top + barHeight],
  ] as const)
    ctx.fillText(String(Number(v.toPrecision(2))), L.barX + L.barWidth + 3, y);
  return L;
}
