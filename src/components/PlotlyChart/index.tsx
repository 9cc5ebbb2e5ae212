// An interactive Plotly chart, rendered in the browser only. The plotly.js bundle (cartesian
// traces, ~500 KB gzipped) is a separate chunk, fetched when a page with a chart is idle, so pages
// without charts never download it. Every figure is drawn in the site's one chart style
// (siteStyle.ts): theme colours, one heatmap colour scale, automatic margins, panel grids that
// re-flow on narrow screens, no mode bar on touch screens. The chart resizes with its container.
// Charts are drawn when they come near the screen, one per task (./drawQueue.ts).
import React, { useEffect, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import { translate } from "@docusaurus/Translate";
import { useColorMode } from "@docusaurus/theme-common";
import type PlotlyStatic from "plotly.js-cartesian-dist-min";
import { DEFAULT_HEIGHT, columnsFor, siteStyle, titleText } from "./siteStyle";
import { useElementWidth } from "../useElementWidth";
import { createDrawQueue } from "./drawQueue";
import styles from "./styles.module.css";

export type PlotlyFigure = {
  /** Plotly traces. */
  data: unknown[];
  /** Plotly layout; theme colours are filled in where the figure leaves them unset. */
  layout?: Record<string, unknown>;
  /** Plotly config (displayModeBar, ...). `responsive` is always on. */
  config?: Record<string, unknown>;
};

export type Props = {
  figure: PlotlyFigure;
  /** Accessible description of the chart; defaults to the layout title. */
  ariaLabel?: string;
};

type PlotlyModule = typeof PlotlyStatic;

let plotlyPromise: Promise<PlotlyModule> | undefined;
function loadPlotly(): Promise<PlotlyModule> {
  plotlyPromise ??= import(/* webpackChunkName: "plotly" */ "plotly.js-cartesian-dist-min").then(
    (m) => (m as unknown as { default?: PlotlyModule }).default ?? (m as unknown as PlotlyModule),
  );
  return plotlyPromise;
}

/**
 * Loads plotly.js once the page is idle. Evaluating it takes 0.8–2 s of main thread on a 2-core
 * machine; loaded when the first chart came near, that froze the page while the reader scrolled.
 */
let idleLoadScheduled = false;
function loadPlotlyWhenIdle(): void {
  // Every chart of the page calls this as it mounts; one idle callback is enough.
  if (plotlyPromise || idleLoadScheduled) return;
  idleLoadScheduled = true;
  const load = () => void loadPlotly().catch(() => undefined); // a chart's draw reports the error
  if (typeof requestIdleCallback === "function") requestIdleCallback(load, { timeout: 5_000 });
  else setTimeout(load, 1_000);
}

// One queue for the page: charts are drawn one per task, nearest the screen first.
const drawQueue = createDrawQueue();

/** Panels per row the figure gets at `width` (changes only at the grid's breakpoints). */
function gridColumns(figure: PlotlyFigure, width: number): number {
  const grid = figure.layout?.grid as { columns?: number; rows?: number } | undefined;
  if (!grid) return 0;
  const columns = grid.columns ?? 1;
  return columnsFor(columns * (grid.rows ?? 1), columns, width);
}

function Chart({ figure, ariaLabel }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const { colorMode } = useColorMode();
  const [error, setError] = useState<string>();
  const dark = colorMode === "dark";
  const touch = typeof window !== "undefined" && window.matchMedia("(hover: none)").matches;
  // Re-draw (not just resize) when the width crosses a breakpoint of the figure's panel grid, or
  // changes enough for the title to wrap differently.
  const columns = gridColumns(figure, width);
  const widthStep = Math.floor(width / 80);

  useEffect(loadPlotlyWhenIdle, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || width === 0) return;
    let cancelled = false;
    const styled = siteStyle(figure, { dark, width, touch });
    const withdraw = drawQueue.add(el, () =>
      loadPlotly()
        .then(async (Plotly) => {
          if (cancelled) return;
          await Plotly.react(el, styled.data, styled.layout, styled.config);
          // Which colour mode the chart is drawn in (tests wait for it after a switch); not written
          // by a draw that a newer one has replaced meanwhile.
          if (!cancelled) el.dataset.rendered = dark ? "dark" : "light";
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    );
    return () => {
      cancelled = true;
      withdraw();
    };
    // `width` matters only through `columns`, `widthStep` and once it is known.
  }, [figure, dark, touch, columns, widthStep, width === 0]);

  useEffect(() => {
    const el = ref.current;
    if (!el || width === 0 || !plotlyPromise) return;
    void plotlyPromise.then((Plotly) => {
      if (el.dataset.rendered) void Plotly.Plots.resize(el);
    });
  }, [width]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotlyPromise) void plotlyPromise.then((Plotly) => Plotly.purge(el));
    };
  }, []);

  const label =
    ariaLabel ?? titleText(figure.layout) ?? translate({ id: "chart.defaultLabel", message: "Chart" });
  const height = (figure.layout?.height as number | undefined) ?? DEFAULT_HEIGHT;
  // The <figure> carries the name: a role="img" box may not hold the mode bar's buttons.
  return (
    <figure className={styles.figure} aria-label={label}>
      <div ref={ref} className={styles.chart} style={{ minHeight: height }} data-plotly-chart="" />
      {error ? (
        <div className={styles.error}>
          {translate({ id: "chart.loadError", message: "Chart failed to load: {error}" }, { error })}
        </div>
      ) : null}
    </figure>
  );
}

export default function PlotlyChart(props: Props): ReactNode {
  const height = (props.figure.layout?.height as number | undefined) ?? DEFAULT_HEIGHT;
  return (
    <BrowserOnly
      fallback={
        <figure className={styles.figure}>
          <div className={styles.chart} style={{ minHeight: height }} data-plotly-chart="" />
        </figure>
      }
    >
      {() => <Chart {...props} />}
    </BrowserOnly>
  );
}
