// Sentiment playground: the reader types a sentence, the trained classifier (static/models/sentiment/)
// runs in the page, and the component shows the prediction, one attention heatmap per layer and head,
// the backend that ran, the median latency of repeated predictions and the model's download size.
// TensorFlow.js is imported after mount (./runtime), so pages without the playground never load it.
// Everything typed is rendered as React text or escaped for Plotly, never as HTML.
import React, { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { attentionHeatmap } from "./heatmaps";
import type { LatencyStats, PlaygroundRuntime, SentimentAnalysis } from "./runtime";
import styles from "@site/src/css/playground.module.css";

export type Props = {
  /** Sentence shown at first. */
  initialText?: string;
  /** Folder with model.json, weights.bin and vocab.json, relative to the site root. */
  modelPath?: string;
  /** Predictions timed per click; the median is shown (default 20). */
  runs?: number;
};

type Load =
  { state: "loading" } | { state: "ready"; runtime: PlaygroundRuntime } | { state: "error"; message: string };

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** `?backend=wasm` (webgpu | webgl | wasm | cpu) forces a backend, for comparisons and tests. */
function backendFromQuery(): string | undefined {
  return new URLSearchParams(window.location.search).get("backend") ?? undefined;
}

function Playground({ initialText, modelPath, runs }: Required<Props>): ReactNode {
  const modelUrl = useBaseUrl(modelPath);
  const wasmPath = useBaseUrl("/wasm/");
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SentimentAnalysis>();
  const [latency, setLatency] = useState<LatencyStats>();
  const [error, setError] = useState<string>();
  const [layer, setLayer] = useState(0);
  const [done, setDone] = useState(0); // completed predictions (for tests: data-predictions)

  useEffect(() => {
    let cancelled = false;
    import(/* webpackChunkName: "sentiment-playground" */ "./runtime")
      .then((m) => m.startRuntime({ modelUrl, wasmPath, backend: backendFromQuery() }))
      .then(
        (runtime) => !cancelled && setLoad({ state: "ready", runtime }),
        (e: unknown) =>
          !cancelled && setLoad({ state: "error", message: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      cancelled = true;
    };
  }, [modelUrl, wasmPath]);

  const empty = text.trim() === "";
  const predict = useCallback(async () => {
    if (load.state !== "ready" || empty) return;
    setBusy(true);
    setError(undefined);
    // Let the click return and "busy" paint before the model's synchronous work blocks the thread.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      const analysis = await load.runtime.analyze(text);
      setResult(analysis);
      setLayer((l) => Math.min(l, analysis.attention.length - 1));
      setLatency(await load.runtime.time(text, runs));
      setDone((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [load, text, empty, runs]);

  const labels = useMemo(
    () => ({
      layer: translate({ id: "playground.sentiment.layer", message: "Layer {n}" }),
      head: translate({ id: "playground.sentiment.head", message: "head {n}" }),
      query: translate({ id: "playground.sentiment.query", message: "query" }),
      key: translate({ id: "playground.sentiment.key", message: "key" }),
      weight: translate({ id: "playground.sentiment.weight", message: "weight" }),
    }),
    [],
  );
  const figures = useMemo(() => {
    const heads = result?.attention[layer];
    if (!result || !heads) return [];
    return heads.map((w, h) =>
      attentionHeatmap(w, result.tokens, {
        title: `${labels.layer.replace("{n}", String(layer + 1))} · ${labels.head.replace("{n}", String(h + 1))}`,
        query: labels.query,
        key: labels.key,
        weight: labels.weight,
      }),
    );
  }, [result, layer, labels]);

  const runtime = load.state === "ready" ? load.runtime : undefined;
  const positive = result?.label === "positive";
  return (
    <div
      className={styles.playground}
      data-testid="sentiment-playground"
      data-state={load.state}
      data-predictions={done}
    >
      <label className={styles.inputLabel}>
        <Translate id="playground.sentiment.inputLabel">A sentence in English</Translate>
        <textarea
          className={styles.textarea}
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void predict();
          }}
        />
      </label>
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--primary"
          data-testid="sentiment-predict"
          disabled={empty || busy || load.state !== "ready"}
          onClick={() => void predict()}
        >
          {busy ? (
            <Translate id="playground.sentiment.predicting">Predicting…</Translate>
          ) : (
            <Translate id="playground.sentiment.predict">Predict</Translate>
          )}
        </button>
        <span className={styles.status} role="status">
          {load.state === "loading" && (
            <Translate id="playground.sentiment.loading">Loading TensorFlow.js and the model…</Translate>
          )}
          {load.state === "error" && (
            <span className={styles.error}>
              <Translate id="playground.sentiment.loadError">The model could not be loaded:</Translate>{" "}
              {load.message}
            </span>
          )}
          {empty && load.state === "ready" && (
            <Translate id="playground.sentiment.empty">Type a sentence to predict.</Translate>
          )}
        </span>
      </div>
      {error && <p className={styles.error}>{error}</p>}

      {result && (
        <div className={styles.result} data-testid="sentiment-result">
          <p
            className={positive ? styles.positive : styles.negative}
            data-label={result.label}
            data-probability={String(result.probability)}
          >
            {positive ? (
              <Translate id="playground.sentiment.positive">positive</Translate>
            ) : (
              <Translate id="playground.sentiment.negative">negative</Translate>
            )}{" "}
            <span className={styles.probability}>p(positive) = {result.probability.toFixed(4)}</span>
          </p>
          {result.truncated && (
            <p className={styles.notice} data-testid="sentiment-truncated">
              {translate(
                {
                  id: "playground.sentiment.truncated",
                  message:
                    "Your text has {total} tokens; the model reads at most {max}, so only the first {max} were used.",
                },
                { total: result.totalTokens, max: result.maxLength },
              )}
            </p>
          )}
          <p className={styles.tokens}>
            <Translate id="playground.sentiment.tokens">Tokens the model read:</Translate>{" "}
            {result.tokens.map((t, i) => (
              <code key={i} className={result.unknown[i] ? styles.unknown : undefined}>
                {t}
              </code>
            ))}
          </p>
          {result.unknown.some(Boolean) && (
            <p className={styles.hint}>
              <Translate id="playground.sentiment.unknownHint">
                Struck-through tokens are not in the vocabulary: the model sees [UNK] there.
              </Translate>
            </p>
          )}
        </div>
      )}

      <dl className={styles.stats}>
        <div>
          <dt>
            <Translate id="playground.sentiment.backend">Backend</Translate>
          </dt>
          <dd data-testid="sentiment-backend">
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
          <dt>
            {translate(
              { id: "playground.sentiment.latency", message: "Latency per prediction (median of {runs})" },
              { runs },
            )}
          </dt>
          <dd data-testid="sentiment-latency" data-median-ms={latency ? String(latency.medianMs) : undefined}>
            {latency ? `${formatMs(latency.medianMs)} ms` : "—"}
            {latency && (
              <small className={styles.small}>
                {" "}
                {translate(
                  { id: "playground.sentiment.firstRun", message: "(first run {ms} ms)" },
                  { ms: formatMs(latency.warmupMs) },
                )}
              </small>
            )}
          </dd>
        </div>
        <div>
          <dt>
            <Translate id="playground.sentiment.download">Model download (model.json + weights)</Translate>
          </dt>
          <dd
            data-testid="sentiment-size"
            data-bytes={runtime ? String(runtime.loaded.size.model) : undefined}
          >
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

      {result && (
        <div className={styles.attention}>
          <div className={styles.layerPicker} role="radiogroup" aria-label={labels.layer.replace("{n}", "")}>
            {result.attention.map((_, l) => (
              <label key={l}>
                <input type="radio" name="layer" checked={l === layer} onChange={() => setLayer(l)} />{" "}
                {labels.layer.replace("{n}", String(l + 1))}
              </label>
            ))}
          </div>
          <p className={styles.hint}>
            <Translate id="playground.sentiment.heatmapHint">
              Each row is a query token, each column a key token; a row's weights sum to 1.
            </Translate>
          </p>
          <div className={styles.charts}>
            {figures.map((f, h) => (
              <PlotlyChart key={`${layer}-${h}`} figure={f} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

export default function SentimentPlayground({
  initialText = "A gorgeous, witty, seductive movie.",
  modelPath = "/models/sentiment/",
  runs = 20,
}: Props): ReactNode {
  return (
    <BrowserOnly
      fallback={
        <div className={styles.playground} data-testid="sentiment-playground" data-state="loading">
          <Translate id="playground.sentiment.loading">Loading TensorFlow.js and the model…</Translate>
        </div>
      }
    >
      {() => <Playground initialText={initialText} modelPath={modelPath} runs={runs} />}
    </BrowserOnly>
  );
}
