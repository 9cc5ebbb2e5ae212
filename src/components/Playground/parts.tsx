// The UI pieces both playgrounds share: the text box with its run button and status line, the
// backend / latency / download figures, and the layer picker above the attention heatmaps.
// Labels come in as nodes so that each playground keeps its own <Translate> ids.
import React, { type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import PlotlyChart, { type PlotlyFigure } from "@site/src/components/PlotlyChart";
import type { LatencyStats } from "@site/src/lib/models/browser";
import styles from "@site/src/css/playground.module.css";
import { formatDuration } from "@site/src/lib/format/units";
import { formatBytes } from "./format";
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
          disabled={empty || busy || load.state !== "ready"}
          onClick={() => void run()}
        >
          {busy ? props.busyLabel : props.runLabel}
        </button>
        <span className={styles.status} role="status">
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
  return <Translate id="playground.sentiment.loading">Loading TensorFlow.js and the model…</Translate>;
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
        <dd data-testid={testId("backend")}>
          {runtime ? (
            <>
              <strong>{runtime.backend.id}</strong>{" "}
              <small
                className={styles.small}
                title={runtime.backend.skipped.map((s) => `${s.id}: ${s.reason}`).join("\n") || undefined}
              >
                ({runtime.backend.device})
              </small>
            </>
          ) : (
            "…"
          )}
        </dd>
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
          {runtime ? formatBytes(runtime.loaded.size.model) : "…"}
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
      <div className={styles.charts}>
        {props.figures.map((f, h) => (
          <PlotlyChart key={`${layer}-${h}`} figure={f} />
        ))}
      </div>
    </div>
  );
}
