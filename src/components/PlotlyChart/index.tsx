// An interactive Plotly chart, rendered in the browser only. The plotly.js bundle (cartesian
// traces, ~500 KB gzipped) is a separate chunk fetched when the first chart mounts, so pages
// without charts never download it. The chart follows the site's light/dark mode and resizes
// with its container.
import React, { useEffect, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import { translate } from "@docusaurus/Translate";
import { useColorMode } from "@docusaurus/theme-common";
import type PlotlyStatic from "plotly.js-cartesian-dist-min";
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

function titleText(layout: Record<string, unknown> | undefined): string | undefined {
  const t = layout?.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") {
    return (t as { text: string }).text;
  }
  return undefined;
}

/** Layout with theme colours merged under the figure's own settings. */
export function themedLayout(
  layout: Record<string, unknown> | undefined,
  dark: boolean,
): Record<string, unknown> {
  const fg = dark ? "#e3e3e3" : "#1c1e21";
  const grid = dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
  const base: Record<string, unknown> = { ...(layout ?? {}) };
  const out: Record<string, unknown> = {
    ...base,
    autosize: true,
    paper_bgcolor: base.paper_bgcolor ?? "rgba(0,0,0,0)",
    plot_bgcolor: base.plot_bgcolor ?? "rgba(0,0,0,0)",
    font: { ...((base.font as object | undefined) ?? {}), color: fg },
  };
  delete out.width;
  const axisKeys = Object.keys(base).filter((k) => /^[xy]axis\d*$/.test(k));
  for (const k of new Set([...axisKeys, "xaxis", "yaxis"])) {
    const axis = (base[k] as Record<string, unknown> | undefined) ?? {};
    out[k] = { gridcolor: grid, zerolinecolor: grid, linecolor: grid, ...axis };
  }
  if (base.legend && typeof base.legend === "object") {
    out.legend = { bgcolor: "rgba(0,0,0,0)", ...(base.legend as object) };
  }
  return out;
}

function Chart({ figure, ariaLabel }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const { colorMode } = useColorMode();
  const [error, setError] = useState<string>();
  const dark = colorMode === "dark";

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    loadPlotly()
      .then(async (Plotly) => {
        if (cancelled) return;
        await Plotly.react(el, figure.data, themedLayout(figure.layout, dark), {
          displaylogo: false,
          ...(figure.config ?? {}),
          responsive: true,
        });
        el.dataset.rendered = "true";
        observer = new ResizeObserver(() => void Plotly.Plots.resize(el));
        observer.observe(el);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
  }, [figure, dark]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotlyPromise) void plotlyPromise.then((Plotly) => Plotly.purge(el));
    };
  }, []);

  const height = (figure.layout?.height as number | undefined) ?? 420;
  return (
    <figure className={styles.figure}>
      <div
        ref={ref}
        className={styles.chart}
        style={{ minHeight: height }}
        data-plotly-chart=""
        role="img"
        aria-label={
          ariaLabel ?? titleText(figure.layout) ?? translate({ id: "chart.defaultLabel", message: "Chart" })
        }
      />
      {error ? (
        <div className={styles.error}>
          {translate({ id: "chart.loadError", message: "Chart failed to load: {error}" }, { error })}
        </div>
      ) : null}
    </figure>
  );
}

export default function PlotlyChart(props: Props): ReactNode {
  const height = (props.figure.layout?.height as number | undefined) ?? 420;
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
