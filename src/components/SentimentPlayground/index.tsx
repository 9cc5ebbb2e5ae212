// Sentiment playground: the reader types a sentence, the trained classifier (static/models/sentiment/)
// runs in the page, and the component shows the prediction, one attention heatmap per layer and head,
// the backend that ran, the median latency of repeated predictions and the model's download size.
// The model loads on the reader's first interaction and runs in a Web Worker shared with the
// translation playground (../Playground/inference.worker.ts), so the page never freezes on it.
// Everything typed is rendered as React text or escaped for Plotly, never as HTML.
import React, { useMemo, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { backendFromQuery } from "@site/src/components/Playground/format";
import {
  AttentionLayers,
  IdleMessage,
  ModelStats,
  PlaygroundInput,
} from "@site/src/components/Playground/parts";
import { usePlayground } from "@site/src/components/Playground/usePlayground";
import { attentionHeatmapFigure } from "@site/src/lib/eval/figures";
import type { PlaygroundRuntime, SentimentAnalysis } from "./runtime";
import styles from "@site/src/css/playground.module.css";

export type Props = {
  /** Sentence shown at first. */
  initialText?: string;
  /** Folder with model.json, weights.bin and vocab.json, relative to the site root. */
  modelPath?: string;
  /** Predictions timed per click; the median is shown (default 20). */
  runs?: number;
};

function Playground({ initialText, modelPath, runs }: Required<Props>): ReactNode {
  const modelUrl = useBaseUrl(modelPath);
  const wasmPath = useBaseUrl("/wasm/");
  const p = usePlayground<SentimentAnalysis, PlaygroundRuntime>({
    start: () =>
      import(/* webpackChunkName: "sentiment-playground" */ "./runtime").then((m) =>
        m.startRuntime({ modelUrl, wasmPath, backend: backendFromQuery() }),
      ),
    initialText,
    runs,
    layerCount: (analysis) => analysis.attention.length,
  });
  const { result, layer } = p;

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
      attentionHeatmapFigure(w, {
        queryTokens: result.tokens,
        title: `${labels.layer.replace("{n}", String(layer + 1))} · ${labels.head.replace("{n}", String(h + 1))}`,
        labels,
      }),
    );
  }, [result, layer, labels]);

  const positive = result?.label === "positive";
  return (
    <div
      className={styles.playground}
      data-testid="sentiment-playground"
      data-state={p.load.state}
      data-predictions={p.done}
      {...p.triggers}
    >
      <PlaygroundInput
        {...p}
        rows={3}
        buttonTestId="sentiment-predict"
        runLabel={<Translate id="playground.sentiment.predict">Predict</Translate>}
        busyLabel={<Translate id="playground.sentiment.predicting">Predicting…</Translate>}
        emptyHint={<Translate id="playground.sentiment.empty">Type a sentence to predict.</Translate>}
      />
      {p.error && <p className={styles.error}>{p.error}</p>}

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
            <span className={styles.probability}>
              {translate(
                { id: "playground.sentiment.probability", message: "p(positive) = {p}" },
                { p: result.probability.toFixed(4) },
              )}
            </span>
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

      <ModelStats
        runtime={p.runtime}
        latency={p.latency}
        latencyTitle={translate(
          { id: "playground.sentiment.latency", message: "Latency per prediction (median of {runs})" },
          { runs },
        )}
        showFirstRun
        testIdPrefix="sentiment"
      />

      {result && (
        <AttentionLayers
          layers={result.attention.length}
          layer={layer}
          setLayer={p.setLayer}
          layerLabel={labels.layer}
          name="layer"
          hint={
            <Translate id="playground.sentiment.heatmapHint">
              Each row is a query token, each column a key token; a row's weights sum to 1.
            </Translate>
          }
          figures={figures}
        />
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
        <div className={styles.playground} data-testid="sentiment-playground" data-state="idle">
          <IdleMessage />
        </div>
      }
    >
      {() => <Playground initialText={initialText} modelPath={modelPath} runs={runs} />}
    </BrowserOnly>
  );
}
