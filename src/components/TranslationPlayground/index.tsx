// Translation playground: the reader types English, the trained translator
// (static/models/translation/) runs in the page with greedy decoding, and the component shows the
// Chinese output, the cross-attention of each decoder head (which English words each character
// looked at), the backend, the median latency of repeated translations and the download size.
// TensorFlow.js is imported after mount (./runtime). Typed text is rendered as React text only.
import React, { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { attentionHeatmap } from "@site/src/components/SentimentPlayground/heatmaps";
import type { LatencyStats, TranslationAnalysis, TranslationRuntime } from "./runtime";
import shared from "@site/src/css/playground.module.css";
import own from "./styles.module.css";

const styles = { ...shared, ...own };

export type Props = {
  /** Sentence shown at first. */
  initialText?: string;
  /** Folder with model.json, weights.bin, vocab.en.json and vocab.zh.json, relative to the site root. */
  modelPath?: string;
  /** Translations timed per click; the median is shown (default 5). */
  runs?: number;
};

type Load =
  | { state: "loading" }
  | { state: "ready"; runtime: TranslationRuntime }
  | { state: "error"; message: string };

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function Playground({ initialText, modelPath, runs }: Required<Props>): ReactNode {
  const modelUrl = useBaseUrl(modelPath);
  const wasmPath = useBaseUrl("/wasm/");
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TranslationAnalysis>();
  const [latency, setLatency] = useState<LatencyStats>();
  const [error, setError] = useState<string>();
  const [layer, setLayer] = useState(0);
  const [done, setDone] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const backend = new URLSearchParams(window.location.search).get("backend") ?? undefined;
    import(/* webpackChunkName: "translation-playground" */ "./runtime")
      .then((m) => m.startRuntime({ modelUrl, wasmPath, backend }))
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
  const run = useCallback(async () => {
    if (load.state !== "ready" || empty) return;
    setBusy(true);
    setError(undefined);
    // Let the click return and "busy" paint before the model's synchronous work blocks the thread.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      const analysis = await load.runtime.analyze(text);
      setResult(analysis);
      setLayer((l) => Math.min(l, analysis.crossAttention.length - 1));
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
      layer: translate({ id: "playground.translation.layer", message: "Decoder layer {n}" }),
      head: translate({ id: "playground.sentiment.head", message: "head {n}" }),
      query: translate({ id: "playground.translation.targetChar", message: "character" }),
      key: translate({ id: "playground.translation.sourceWord", message: "word" }),
      weight: translate({ id: "playground.sentiment.weight", message: "weight" }),
    }),
    [],
  );
  const figures = useMemo(() => {
    const heads = result?.crossAttention[layer];
    if (!result || !heads) return [];
    return heads.map((w, h) =>
      attentionHeatmap(
        w,
        result.target,
        {
          title: `${labels.layer.replace("{n}", String(layer + 1))} · ${labels.head.replace("{n}", String(h + 1))}`,
          query: labels.query,
          key: labels.key,
          weight: labels.weight,
        },
        result.source,
      ),
    );
  }, [result, layer, labels]);

  const runtime = load.state === "ready" ? load.runtime : undefined;
  return (
    <div
      className={styles.playground}
      data-testid="translation-playground"
      data-state={load.state}
      data-predictions={done}
    >
      <label className={styles.inputLabel}>
        <Translate id="playground.sentiment.inputLabel">A sentence in English</Translate>
        <textarea
          className={styles.textarea}
          value={text}
          rows={2}
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
          data-testid="translation-run"
          disabled={empty || busy || load.state !== "ready"}
          onClick={() => void run()}
        >
          {busy ? (
            <Translate id="playground.translation.translating">Translating…</Translate>
          ) : (
            <Translate id="playground.translation.translate">Translate</Translate>
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
            <Translate id="playground.translation.empty">Type a sentence to translate.</Translate>
          )}
        </span>
      </div>
      {error && <p className={styles.error}>{error}</p>}

      {result && (
        <div className={styles.result} data-testid="translation-result">
          <p className={styles.translation} lang="zh-Hans" data-translation={result.translation}>
            {result.translation}
          </p>
          {result.truncated && (
            <p className={styles.notice} data-testid="translation-truncated">
              {translate(
                {
                  id: "playground.translation.truncated",
                  message:
                    "Your text has {total} words; the model reads at most {max}, so only the first {max} were translated.",
                },
                { total: result.totalWords, max: result.maxWords },
              )}
            </p>
          )}
          <p className={styles.tokens}>
            <Translate id="playground.translation.source">Words the model read:</Translate>{" "}
            {result.source.map((t, i) => (
              <code key={i} className={t.endsWith("?") && t.length > 1 ? styles.unknown : undefined}>
                {t}
              </code>
            ))}
          </p>
        </div>
      )}

      <dl className={styles.stats}>
        <div>
          <dt>
            <Translate id="playground.sentiment.backend">Backend</Translate>
          </dt>
          <dd data-testid="translation-backend">
            {runtime ? (
              <>
                <strong>{runtime.backend.id}</strong>{" "}
                <small className={styles.small}>({runtime.backend.device})</small>
              </>
            ) : (
              "…"
            )}
          </dd>
        </div>
        <div>
          <dt>
            {translate(
              { id: "playground.translation.latency", message: "Latency per translation (median of {runs})" },
              { runs },
            )}
          </dt>
          <dd data-median-ms={latency ? String(latency.medianMs) : undefined}>
            {latency ? `${formatMs(latency.medianMs)} ms` : "—"}
          </dd>
        </div>
        <div>
          <dt>
            <Translate id="playground.sentiment.download">Model download (model.json + weights)</Translate>
          </dt>
          <dd data-bytes={runtime ? String(runtime.loaded.size.model) : undefined}>
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
        <div>
          <div className={styles.layerPicker} role="radiogroup">
            {result.crossAttention.map((_, l) => (
              <label key={l}>
                <input
                  type="radio"
                  name="translation-layer"
                  checked={l === layer}
                  onChange={() => setLayer(l)}
                />{" "}
                {labels.layer.replace("{n}", String(l + 1))}
              </label>
            ))}
          </div>
          <p className={styles.hint}>
            <Translate id="playground.translation.heatmapHint">
              Cross-attention: each row is a generated character, each column an English word; a row shows
              where that character looked in the source.
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

export default function TranslationPlayground({
  initialText = "Where is the station?",
  modelPath = "/models/translation/",
  runs = 5,
}: Props): ReactNode {
  return (
    <BrowserOnly
      fallback={
        <div className={styles.playground} data-testid="translation-playground" data-state="loading">
          <Translate id="playground.sentiment.loading">Loading TensorFlow.js and the model…</Translate>
        </div>
      }
    >
      {() => <Playground initialText={initialText} modelPath={modelPath} runs={runs} />}
    </BrowserOnly>
  );
}
