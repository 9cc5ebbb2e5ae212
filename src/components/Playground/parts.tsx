// The UI pieces both playgrounds share: the text box with its run button and status line, the
// backend / latency / download figures, and the layer picker above the attention heatmaps.
// Labels come in as nodes so that each playground keeps its own <Translate> ids.
import React, { useEffect, useState, type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import type { PlotlyFigure } from "@site/src/components/PlotlyChart";
import HeatmapCanvas from "@site/src/components/HeatmapCanvas";
import type { LatencyStats } from "@site/src/lib/models/browser";
import styles from "@site/src/css/playground.module.css";
import { formatDuration } from "@site/src/lib/format/units";
import { formatBytes } from "./format";
import type { WorkerBackend } from "./protocol";
import type { Load, PlaygroundRuntimeBase } from "./usePlayground";

export function PlaygroundInput(props: {
  text: string;
  setText: (text: string) => void;
  rows: number;
  run: () => Promise<void>;
  load: Load<unknown>;
  busy: boolean;
  empty: boolean;
  buttonTestId: string;
  runLabel: ReactNode;
  busyLabel: ReactNode;
  emptyHint: ReactNode;
}): ReactNode {
  const { text, setText, rows, run, load, busy, empty } = props;
  return (
    <>
      <label className={styles.inputLabel}>
        <Translate id="playground.sentiment.inputLabel">A sentence in English</Translate>
        <textarea
          className={styles.textarea}
          value={text}
          rows={rows}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void run();
          }}
        />
      </label>
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--primary"
          data-testid={props.buttonTestId}
          disabled={empty || busy || load.state === "loading"}
          onClick={() => void run()}
        >
          {busy ? props.busyLabel : props.runLabel}
        </button>
        <span className={styles.status} role="status">
          {load.state === "idle" && <IdleMessage />}
          {load.state === "loading" && <LoadingMessage />}
          {load.state === "error" && (
            <span className={styles.error}>
              <Translate id="playground.sentiment.loadError">The model could not be loaded:</Translate>{" "}
              {load.message}
            </span>
          )}
          {empty && load.state === "ready" && props.emptyHint}
        </span>
      </div>
    </>
  );
}

export function LoadingMessage(): ReactNode {
  return (
    <Translate id="playground.worker.loading">Loading TensorFlow.js and the model in a Web Worker…</Translate>
  );
}

/** Before the first interaction: nothing is downloaded yet. */
export function IdleMessage(): ReactNode {
  return (
    <Translate id="playground.worker.idle">
      The model downloads when you first use this playground, and runs in a background thread.
    </Translate>
  );
}

/**
 * The backend that ran and its device, in the page's language: `wasm (CPU (2 threads), in a Web
 * Worker)`; a GPU's renderer name is shown as reported. The title lists the backends skipped, and why.
 */
export function BackendName({ backend }: { backend: WorkerBackend }): ReactNode {
  const threads = typeof navigator === "undefined" ? "?" : (navigator.hardwareConcurrency ?? "?");
  let device: ReactNode;
  if (backend.id === "wasm" || backend.id === "cpu") {
    device = translate(
      { id: "playground.worker.cpuDevice", message: "(CPU ({threads} threads), in a Web Worker)" },
      { threads },
    );
  } else if (backend.id === "webgpu") {
    device = translate({
      id: "playground.worker.webgpuDevice",
      message: "(GPU via WebGPU, in a Web Worker)",
    });
  } else {
    device = (
      <Translate id="playground.worker.gpuDevice" values={{ renderer: <code>{backend.device}</code> }}>
        {"(GPU {renderer}, in a Web Worker)"}
      </Translate>
    );
  }
  return (
    <>
      <strong>{backend.id}</strong>{" "}
      <small
        className={styles.small}
        title={backend.skipped.map((s) => `${s.id}: ${s.reason}`).join("\n") || undefined}
      >
        {device}
      </small>
    </>
  );
}

/** Backend, median latency and download size. testIdPrefix names the data-testid attributes, if any. */
export function ModelStats(props: {
  runtime?: PlaygroundRuntimeBase<unknown>;
  latency?: LatencyStats;
  latencyTitle: string;
  /** Show the first (warm-up) run's time beside the median. */
  showFirstRun?: boolean;
  testIdPrefix?: string;
}): ReactNode {
  const { runtime, latency } = props;
  const testId = (name: string) => (props.testIdPrefix ? `${props.testIdPrefix}-${name}` : undefined);
  return (
    <dl className={styles.stats}>
      <div>
        <dt>
          <Translate id="playground.sentiment.backend">Backend</Translate>
        </dt>
        <dd data-testid={testId("backend")}>{runtime ? <BackendName backend={runtime.backend} /> : "—"}</dd>
      </div>
      <div>
        <dt>{props.latencyTitle}</dt>
        <dd data-testid={testId("latency")} data-median-ms={latency ? String(latency.medianMs) : undefined}>
          {latency ? formatDuration(latency.medianMs / 1000) : "—"}
          {latency && props.showFirstRun && (
            <small className={styles.small}>
              {" "}
              {translate(
                { id: "playground.sentiment.firstRun", message: "(first run {time})" },
                { time: formatDuration(latency.warmupMs / 1000) },
              )}
            </small>
          )}
        </dd>
      </div>
      <div>
        <dt>
          <Translate id="playground.sentiment.download">Model download (model.json + weights)</Translate>
        </dt>
        <dd data-testid={testId("size")} data-bytes={runtime ? String(runtime.loaded.size.model) : undefined}>
          {runtime ? formatBytes(runtime.loaded.size.model) : "—"}
          {runtime && (
            <small className={styles.small}>
              {" "}
              {translate(
                { id: "playground.sentiment.vocabSize", message: "+ vocabulary {size}" },
                { size: formatBytes(runtime.loaded.size.vocabulary) },
              )}
            </small>
          )}
        </dd>
      </div>
    </dl>
  );
}

/**
 * The figures to draw, handed over one per task: a Plotly draw is one main-thread task, and a
 * layer's four heatmaps drawn in one go made a single task long enough to freeze the page.
 * Pass a memoised array: each new array is handed over again, from its first figure.
 */
export function useOnePerTask(figures: PlotlyFigure[]): (PlotlyFigure | undefined)[] {
  const [drawn, setDrawn] = useState<(PlotlyFigure | undefined)[]>([]);
  useEffect(() => {
    let next = 0;
    let timer = 0;
    const step = () => {
      const i = next++;
      setDrawn((d) => {
        const out = d.slice(0, figures.length);
        out[i] = figures[i];
        return out;
      });
      if (next < figures.length) timer = window.setTimeout(step, 0);
    };
    if (figures.length) timer = window.setTimeout(step, 0);
    else setDrawn([]);
    return () => window.clearTimeout(timer);
  }, [figures]);
  return drawn;
}

/** Radio buttons for the layer (label "… {n}") and the selected layer's heatmaps, one per head. */
export function AttentionLayers(props: {
  layers: number;
  layer: number;
  setLayer: (layer: number) => void;
  layerLabel: string;
  /** Radio group name (unique per playground on a page). */
  name: string;
  hint: ReactNode;
  figures: PlotlyFigure[];
}): ReactNode {
  const { layer, layerLabel } = props;
  const drawn = useOnePerTask(props.figures);
  return (
    <div className={styles.attention}>
      <div className={styles.layerPicker} role="radiogroup" aria-label={layerLabel.replace("{n}", "")}>
        {Array.from({ length: props.layers }, (_, l) => (
          <label key={l}>
            <input type="radio" name={props.name} checked={l === layer} onChange={() => props.setLayer(l)} />{" "}
            {layerLabel.replace("{n}", String(l + 1))}
          </label>
        ))}
      </div>
      <p className={styles.hint}>{props.hint}</p>
      <div className={styles.charts} data-heads={props.figures.length}>
        {props.figures.map((f, h) => {
          const figure = drawn[h];
          return figure ? (
            <HeatmapCanvas key={h} figure={figure} />
          ) : (
            <div key={h} style={{ minHeight: (f.layout?.height as number | undefined) ?? 420 }} />
          );
        })}
      </div>
    </div>
  );
}
