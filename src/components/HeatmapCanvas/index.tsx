// An attention heatmap drawn on a <canvas>: the playgrounds' heatmaps, drawn after every
// prediction. Plotly drew each as SVG and measured every tick label through the page's layout (the
// first heatmap after a long translation blocked the main thread for ~1.2 s); here a draw is a few
// fillRect/fillText calls, with labels measured by the canvas. Same figure (attentionHeatmapFigure),
// same colour scale (HEATMAP_COLORSCALE via heatmapColor), theme text colour, a colour bar, and the
// cell under the pointer named in a tooltip. Keyboard: the heatmap takes focus, arrow keys (Home/End,
// PageUp/PageDown) move a marked cell, and the same text is shown and announced (a polite live
// region). Plotly is not loaded for it.
import React, { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import { useColorMode } from "@docusaurus/theme-common";
import { draw } from "./draw";
import { cellAt, cellCenter, cellText, heatmapFromFigure, moveCell, type HeatmapLayout } from "./layout";
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
  const [focused, setFocused] = useState<{ row: number; col: number }>();
  const [error, setError] = useState<string>();
  const { colorMode } = useColorMode();
  const id = useId();

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
    const text = at && cellText(data, at);
    if (!text) return setHover(undefined);
    setHover({ x: e.clientX - r.left, y: e.clientY - r.top, text });
  };

  const onKey = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === "Escape") return setFocused(undefined);
    const next = moveCell(focused ?? { row: 0, col: 0 }, e.key, data.rows.length, data.cols.length);
    if (!next) return;
    e.preventDefault(); // the arrows move the cell, not the page
    setFocused(next);
  };

  // The keyboard's cell, when there is one (and the layout is drawn): tooltip at the cell's centre.
  const L = layout.current;
  const keyed = focused && L ? { ...cellCenter(L, focused), text: cellText(data, focused) ?? "" } : undefined;
  const shown = keyed ?? hover;

  const label = data.title.join(" ");
  return (
    <figure className={styles.figure}>
      <div ref={box} className={styles.box}>
        <canvas
          ref={canvas}
          className={styles.canvas}
          role="img"
          aria-label={`${label} (${data.rows.length} × ${data.cols.length})`}
          aria-describedby={`${id}-cell`}
          tabIndex={0}
          data-heatmap=""
          onPointerMove={onMove}
          onPointerLeave={() => setHover(undefined)}
          onKeyDown={onKey}
          onFocus={() => setFocused((f) => f ?? { row: 0, col: 0 })}
          onBlur={() => setFocused(undefined)}
        />
        {keyed && L && (
          <div
            className={styles.cellMark}
            style={{ left: keyed.x - L.cell / 2, top: keyed.y - L.cell / 2, width: L.cell, height: L.cell }}
          />
        )}
        {shown && (
          <div
            className={styles.tooltip}
            // Right of the cell in the left half, left of it in the right half: never cut off by the box.
            style={{
              top: shown.y + 12,
              ...(shown.x > width / 2 ? { right: width - shown.x + 12 } : { left: shown.x + 12 }),
            }}
            role="tooltip"
          >
            {shown.text}
          </div>
        )}
        <span id={`${id}-cell`} className={styles.srOnly} aria-live="polite">
          {keyed?.text ?? ""}
        </span>
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
