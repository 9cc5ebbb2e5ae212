// Translation playground: the reader types English, the trained translator
// (static/models/translation/) runs in the page with greedy decoding, and the component shows the
// Chinese output, the cross-attention of each decoder head (which English words each character
// looked at), the backend, the median latency of repeated translations and the download size.
// The model loads on the reader's first interaction and runs in a Web Worker
// (../Playground/inference.worker.ts). Typed text is rendered as React text only.
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
import type { TranslationAnalysis, TranslationRuntime } from "./runtime";
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

function Playground({ initialText, modelPath, runs }: Required<Props>): ReactNode {
  const modelUrl = useBaseUrl(modelPath);
  const wasmPath = useBaseUrl("/wasm/");
  const p = usePlayground<TranslationAnalysis, TranslationRuntime>({
    start: () =>
      import(/* webpackChunkName: "translation-playground" */ "./runtime").then((m) =>
        m.startRuntime({ modelUrl, wasmPath, backend: backendFromQuery() }),
      ),
    initialText,
    runs,
    layerCount: (analysis) => analysis.crossAttention.length,
  });
  const { result, layer } = p;

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
      attentionHeatmapFigure(w, {
        queryTokens: result.target,
        keyTokens: result.source,
        title: `${labels.layer.replace("{n}", String(layer + 1))} · ${labels.head.replace("{n}", String(h + 1))}`,
        labels,
      }),
    );
  }, [result, layer, labels]);

  return (
    <div
      className={styles.playground}
      data-testid="translation-playground"
      data-state={p.load.state}
      data-predictions={p.done}
      {...p.triggers}
    >
      <PlaygroundInput
        {...p}
        rows={2}
        buttonTestId="translation-run"
        runLabel={<Translate id="playground.translation.translate">Translate</Translate>}
        busyLabel={<Translate id="playground.translation.translating">Translating…</Translate>}
        emptyHint={<Translate id="playground.translation.empty">Type a sentence to translate.</Translate>}
      />
      {p.error && <p className={styles.error}>{p.error}</p>}

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

      <ModelStats
        runtime={p.runtime}
        latency={p.latency}
        latencyTitle={translate(
          { id: "playground.translation.latency", message: "Latency per translation (median of {runs})" },
          { runs },
        )}
        testIdPrefix="translation"
      />

      {result && (
        <AttentionLayers
          layers={result.crossAttention.length}
          layer={layer}
          setLayer={p.setLayer}
          layerLabel={labels.layer}
          name="translation-layer"
          hint={
            <Translate id="playground.translation.heatmapHint">
              Cross-attention: each row is a generated character, each column an English word; a row shows
              where that character looked in the source.
            </Translate>
          }
          figures={figures}
        />
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
        <div className={styles.playground} data-testid="translation-playground" data-state="idle">
          <IdleMessage />
        </div>
      }
    >
      {() => <Playground initialText={initialText} modelPath={modelPath} runs={runs} />}
    </BrowserOnly>
  );
}
