// Attention explorer: sliders for d_k, temperature and the number of keys over random queries and
// keys, showing live how softmax saturates (and its gradient vanishes) without the 1/√d_k scale.
// Plain arithmetic from src/lib/attention/saturation.ts, run in a Web Worker (./saturation.worker.ts)
// so that a slider step never blocks the page; no TensorFlow.js is loaded. Plotly (~500 kB gzip)
// is fetched only when the charts scroll near the viewport or the reader touches a control; until
// then each chart is a placeholder of the chart's height, so nothing moves when they are drawn.
import React, { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import PlotlyChart, { type PlotlyFigure } from "@site/src/components/PlotlyChart";
import { useOnePerTask } from "@site/src/components/Playground/parts";
import type { SaturationResult, Setting } from "./protocol";
import type { SaturationClient } from "./saturationClient";
import { DK_STEPS } from "./steps";
import styles from "./styles.module.css";

export type Props = {
  /** Initial key dimension. */
  dk?: number;
};

/**
 * The statistics of `setting`, computed in the explorer's worker: the newest result, which may lag
 * the sliders by one computation while they move (undefined before the first one arrives).
 */
function useSaturation(setting: Setting): { result?: SaturationResult; error?: string } {
  const client = useRef<SaturationClient | null>(null);
  const [result, setResult] = useState<SaturationResult>();
  const [error, setError] = useState<string>();
  const { dk, keys, scaled, temperature } = setting;
  useEffect(() => {
    let live = true;
    const start = async () => {
      if (!client.current) {
        const { SaturationClient } = await import(
          /* webpackChunkName: "attention-explorer" */ "./saturationClient"
        );
        if (!live) return;
        client.current ??= new SaturationClient();
      }
      const r = await client.current.compute({ dk, keys, scaled, temperature });
      if (live && r) setResult(r);
    };
    start().catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [dk, keys, scaled, temperature]);
  useEffect(
    () => () => {
      client.current?.terminate();
      client.current = null;
    },
    [],
  );
  return { result, error };
}

const NO_FIGURES: PlotlyFigure[] = [];
/** Height of each chart (px); the placeholders take the same. */
const CHART_HEIGHT = 300;

/**
 * True from the moment `ref`'s element comes within `margin` of the viewport (IntersectionObserver),
 * or `activate()` is called (the reader's first interaction), whichever is first; never false again.
 */
function useActivated(ref: React.RefObject<HTMLElement | null>, margin = "200px 0px"): [boolean, () => void] {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (active || !el) return;
    if (typeof IntersectionObserver === "undefined") return setActive(true);
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setActive(true);
      },
      { rootMargin: margin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin, active]);
  return [active, () => setActive(true)];
}

const fixed = (x: number | undefined, digits: number) => (x === undefined ? "…" : x.toFixed(digits));

export default function AttentionExplorer({ dk: initialDk = 64 }: Props): ReactNode {
  const [dkIndex, setDkIndex] = useState(Math.max(0, DK_STEPS.indexOf(initialDk)));
  const [logTemperature, setLogTemperature] = useState(0); // τ = 10^logTemperature
  const [keys, setKeys] = useState(16);
  const [scaled, setScaled] = useState(true);
  const dk = DK_STEPS[dkIndex] ?? 64;
  const temperature = 10 ** logTemperature;
  const { result, error } = useSaturation({ dk, keys, scaled, temperature });
  const stats = result?.stats;
  const curves = result?.curves;
  const shown = result?.setting;

  const figures = useMemo(() => {
    if (!stats || !curves || !shown) return undefined;
    const scaledLabel = translate({ id: "explorer.scaled", message: "scores / √d<sub>k</sub>" });
    const unscaledLabel = translate({ id: "explorer.unscaled", message: "unscaled q·k" });
    const weights: PlotlyFigure = {
      data: [{ type: "bar", x: stats.example.map((_, i) => `k${i + 1}`), y: stats.example }],
      layout: {
        title: {
          text: translate({ id: "explorer.weightsTitle", message: "Weights of one random query" }),
        },
        yaxis: {
          range: [0, 1],
          title: { text: translate({ id: "explorer.weightAxis", message: "softmax weight" }) },
        },
        height: CHART_HEIGHT,
        margin: { t: 40, r: 10, b: 40, l: 50 },
      },
    };
    const saturation: PlotlyFigure = {
      data: [
        { type: "scatter", mode: "lines+markers", name: scaledLabel, x: DK_STEPS, y: curves[0] },
        { type: "scatter", mode: "lines+markers", name: unscaledLabel, x: DK_STEPS, y: curves[1] },
        {
          type: "scatter",
          mode: "markers",
          name: translate({ id: "explorer.current", message: "current setting" }),
          x: [shown.dk],
          y: [stats.meanMaxWeight],
          marker: { size: 14, symbol: "circle-open" },
        },
      ],
      layout: {
        title: {
          text: translate({ id: "explorer.curveTitle", message: "Saturation against d<sub>k</sub>" }),
        },
        xaxis: { type: "log", title: { text: "d<sub>k</sub>" } },
        yaxis: {
          range: [0, 1.05],
          title: {
            text: translate({ id: "explorer.maxWeightAxis", message: "largest weight (mean)" }),
          },
        },
        height: CHART_HEIGHT,
        margin: { t: 40, r: 10, b: 40, l: 50 },
        legend: { orientation: "h", y: -0.3 },
      },
    };
    return [weights, saturation];
  }, [stats, curves, shown]);

  // Plotly loads with the first chart drawn: once the charts are near the viewport or a control is used.
  const chartsBox = useRef<HTMLDivElement>(null);
  const [active, activate] = useActivated(chartsBox);
  // The two charts are redrawn in two tasks, not one (each Plotly draw is a main-thread task).
  const drawn = useOnePerTask((active && figures) || NO_FIGURES);

  const statRows: { id: string; label: ReactNode; value: string }[] = [
    {
      id: "max-weight",
      label: <Translate id="explorer.maxWeight">largest weight (mean)</Translate>,
      value: fixed(stats?.meanMaxWeight, 3),
    },
    {
      id: "entropy",
      label: <Translate id="explorer.entropy">entropy / log(keys)</Translate>,
      value: fixed(stats?.meanNormalizedEntropy, 3),
    },
    {
      id: "jacobian",
      label: <Translate id="explorer.jacobian">softmax gradient ‖∂p/∂s‖</Translate>,
      value: fixed(stats?.meanJacobianNorm, 4),
    },
    {
      id: "score-std",
      label: <Translate id="explorer.scoreStd">score spread (std)</Translate>,
      value: fixed(stats?.scoreStd, 2),
    },
  ];

  return (
    <div
      className={styles.explorer}
      data-testid="attention-explorer"
      data-charts={active ? "active" : "waiting"}
      onPointerDownCapture={activate}
      onFocusCapture={activate}
    >
      <div className={styles.controls}>
        <label>
          <span className={styles.caption}>
            d<sub>k</sub> = <output>{dk}</output>
          </span>
          <input
            type="range"
            min={0}
            max={DK_STEPS.length - 1}
            value={dkIndex}
            data-testid="explorer-dk"
            onChange={(e) => setDkIndex(Number(e.target.value))}
            aria-label={translate({ id: "explorer.dkAria", message: "key dimension d_k" })}
          />
        </label>
        <label>
          <span className={styles.caption}>
            <Translate id="explorer.temperature">temperature</Translate> τ ={" "}
            <output>{temperature.toPrecision(2)}</output>
          </span>
          <input
            type="range"
            min={-1}
            max={1}
            step={0.05}
            value={logTemperature}
            data-testid="explorer-temperature"
            onChange={(e) => setLogTemperature(Number(e.target.value))}
            aria-label={translate({ id: "explorer.temperatureAria", message: "temperature τ" })}
          />
        </label>
        <label>
          <span className={styles.caption}>
            <Translate id="explorer.keys">keys</Translate> = <output>{keys}</output>
          </span>
          <input
            type="range"
            min={4}
            max={64}
            step={4}
            value={keys}
            data-testid="explorer-keys"
            onChange={(e) => setKeys(Number(e.target.value))}
            aria-label={translate({ id: "explorer.keysAria", message: "number of keys" })}
          />
        </label>
        <label className={styles.checkbox}>
          <input
            type="checkbox"
            checked={scaled}
            data-testid="explorer-scaled"
            onChange={(e) => setScaled(e.target.checked)}
          />
          <span>
            <Translate
              id="explorer.divide"
              values={{
                dk: (
                  <>
                    d<sub>k</sub>
                  </>
                ),
              }}
            >
              {"divide by √{dk}"}
            </Translate>
          </span>
        </label>
      </div>
      {/* One <div> per label and number, so that the grid flows pairs, never a label away from its number. */}
      <dl
        className={styles.stats}
        data-testid="explorer-stats"
        data-setting={shown ? JSON.stringify(shown) : undefined}
        aria-busy={
          !shown ||
          shown.dk !== dk ||
          shown.keys !== keys ||
          shown.scaled !== scaled ||
          shown.temperature !== temperature
        }
      >
        {statRows.map((r) => (
          <div key={r.id} data-stat={r.id}>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
      {error && <p className={styles.error}>{error}</p>}
      <div className={styles.charts} ref={chartsBox} data-explorer-charts="">
        {[0, 1].map((i) => {
          const figure = drawn[i];
          return figure ? (
            <PlotlyChart key={i} figure={figure} />
          ) : (
            <div key={i} className={styles.placeholder} style={{ minHeight: CHART_HEIGHT }} />
          );
        })}
      </div>
    </div>
  );
}
