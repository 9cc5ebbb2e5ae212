// An attention heatmap drawn on a <canvas>: the playgrounds' heatmaps, drawn after every
// prediction. Plotly drew each as SVG and measured every tick label through the page's layout (the
// first heatmap after a long translation blocked the main thread for ~1.2 s); here a draw is a few
// fillRect/fillText calls, with labels measured by the canvas. Same figure (attentionHeatmapFigure),
// same colour scale (HEATMAP_COLORSCALE via heatmapColor), theme text colour, a colour bar, and the
// cell under the pointer named in a tooltip. Plotly is not loaded for it.
import React, { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import { useColorMode } from "@docusaurus/theme-common";
import { heatmapColor } from "@site/src/lib/eval/figures";
import { cellAt, heatmapFromFigure, heatmapLayout, type HeatmapData, type HeatmapLayout } from "./layout";
import styles from "./styles.module.css";

export type Props = {
  /** A figure from attentionHeatmapFigure: one heatmap trace, tokens in `meta`. */
  figure: { data: unknown[]; layout?: Record<string, unknown> };
};

function draw(
  canvas: HTMLCanvasElement,
  data: HeatmapData,
  width: number,
  colors: { fg: string; family: string },
): HeatmapLayout {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("HeatmapCanvas: no 2-D canvas context");
  const fontOf = (px: number) => `${px}px ${colors.family}`;
  const measure = (t: string, px: number) => {
    ctx.font = fontOf(px);
    return ctx.measureText(t).width;
  };
  const L = heatmapLayout(data, width, measure);
  const dpr = window.devicePixelRatio || 1;
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

function Heatmap({ figure }: Props): ReactNode {
  const data = useMemo(() => heatmapFromFigure(figure), [figure]);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<HeatmapLayout | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ x: number; y: number; text: string }>();
  const [error, setError] = useState<string>();
  const { colorMode } = useColorMode();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    try {
      const style = getComputedStyle(el);
      layout.current = draw(el, data, width, { fg: style.color, family: style.fontFamily });
      el.dataset.drawn = "true";
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [data, width, colorMode]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const L = layout.current;
    if (!L) return;
    const r = e.currentTarget.getBoundingClientRect();
    const at = cellAt(L, data, e.clientX - r.left, e.clientY - r.top);
    const v = at && data.z[at.row]?.[at.col];
    if (!at || v === undefined) return setHover(undefined);
    setHover({
      x: e.clientX - r.left,
      y: e.clientY - r.top,
      text: `${data.yTitle} ${data.rows[at.row]} → ${data.xTitle} ${data.cols[at.col]}: ${v.toFixed(3)}`,
    });
  };

  const label = data.title.join(" ");
  return (
    <figure className={styles.figure} aria-label={label}>
      <div ref={box} className={styles.box}>
        <canvas
          ref={canvas}
          className={styles.canvas}
          role="img"
          aria-label={`${label} (${data.rows.length} × ${data.cols.length})`}
          data-heatmap=""
          onPointerMove={onMove}
          onPointerLeave={() => setHover(undefined)}
        />
        {hover && (
          <div className={styles.tooltip} style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">
            {hover.text}
          </div>
        )}
      </div>
      {error && <div className={styles.error}>{error}</div>}
    </figure>
  );
}

export default function HeatmapCanvas(props: Props): ReactNode {
  return (
    <BrowserOnly fallback={<figure className={styles.figure} />}>{() => <Heatmap {...props} />}</BrowserOnly>
  );
}
