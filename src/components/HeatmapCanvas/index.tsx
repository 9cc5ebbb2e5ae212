// An attention heatmap drawn on a <canvas>: the playgrounds' heatmaps, drawn after every
// prediction. Plotly drew each as SVG and measured every tick label through the page's layout (the
// first heatmap after a long translation blocked the main thread for ~1.2 s); here a draw is a few
// fillRect/fillText calls, with labels measured by the canvas. Same figure (attentionHeatmapFigure),
// same colour scale (HEATMAP_COLORSCALE via heatmapColor), theme text colour, a colour bar, and the
// cell under the pointer named in a tooltip. Plotly is not loaded for it.
import React, { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import { useColorMode } from "@docusaurus/theme-common";
import { draw } from "./draw";
import { cellAt, heatmapFromFigure, type HeatmapLayout } from "./layout";
import { useElementWidth } from "../useElementWidth";
import styles from "./styles.module.css";

export type Props = {
  /** A figure from attentionHeatmapFigure: one heatmap trace, tokens in `meta`. */
  figure: { data: unknown[]; layout?: Record<string, unknown> };
};

function Heatmap({ figure }: Props): ReactNode {
  const data = useMemo(() => heatmapFromFigure(figure), [figure]);
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<HeatmapLayout | undefined>(undefined);
  const [hover, setHover] = useState<{ x: number; y: number; text: string }>();
  const [error, setError] = useState<string>();
  const { colorMode } = useColorMode();

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    try {
      const style = getComputedStyle(el);
      layout.current = draw(
        el,
        data,
        width,
        { fg: style.color, family: style.fontFamily },
        window.devicePixelRatio || 1,
      );
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
    <figure className={styles.figure}>
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
