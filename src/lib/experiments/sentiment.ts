/**
 * The Node side of the sentiment demo (notebook 04, `npm run sentiment`): the model on disk,
 * energy of a batch of predictions, attention maps of chosen sentences, the promoted model with the
 * ledger record of its training, and the results table and accuracy-versus-energy chart of the
 * comparison with the baselines. It re-exports the browser-safe models/sentiment, so that this module is the
 * whole demo (the library's `sentiment` namespace).
 *
 * On disk (one atomic save, experiments/modelStore.ts):
 *
 *   <dir>/model.json    tfjs weights manifest + modelConfig { kind, model, vocabulary } + metadata
 *   <dir>/weights.bin   float32 weights
 *   <dir>/vocab.json    the Vocabulary (llm-footprint/vocabulary JSON)
 *
 * The browser reads the same folder with models/sentiment's loadModelFromUrl.
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { findLedgerRecord, measure, readLedger, type MeterOptions } from "../energy";
import type { EnergyRecord } from "../energy";
import { HEATMAP_COLORSCALE, plotlyText, titleLines, type FigureSpec } from "../eval/figures";
import { Vocabulary } from "../tokenizers/vocabulary";
import { normalizeSst2Style, splitTokens } from "../tokenizers/sst2Style";
import {
  SENTIMENT_VOCAB_FILE,
  encodeForSentiment,
  sentimentFromDecoded,
  type SentimentClassifier,
  type SentimentModelConfig,
} from "../models/sentiment/classifier";
import { padIds } from "../models/train";
import * as store from "./modelStore";

export * from "../models/sentiment";
export { maskedMeanPoolExercise, maskedMeanPoolSolution } from "./sentimentExercise";

/** Saves model and vocabulary into dir in one atomic step; metadata goes into model.json. */
export async function saveModel(
  dir: string,
  model: SentimentClassifier,
  vocab: Vocabulary,
  metadata: Record<string, unknown> = {},
): Promise<store.SavedModel> {
  const config: SentimentModelConfig = {
    kind: "sentiment-classifier",
    model: model.config,
    vocabulary: SENTIMENT_VOCAB_FILE,
  };
  return store.saveModel(dir, model.variables(), config, {
    metadata,
    files: { [SENTIMENT_VOCAB_FILE]: JSON.stringify(vocab.toJSON()) + "\n" },
  });
}

/** Loads what saveModel wrote (also models saved before the single store). */
export async function loadModel(
  dir: string,
): Promise<{ model: SentimentClassifier; vocab: Vocabulary; metadata: Record<string, unknown> }> {
  const decoded = await store.loadModel<SentimentModelConfig>(dir);
  let vocab: Vocabulary;
  try {
    const vocabName = store.checkModelFileName(
      decoded.config.vocabulary ?? SENTIMENT_VOCAB_FILE,
      "modelConfig.vocabulary",
      path.join(path.resolve(dir), "model.json"),
    );
    vocab = Vocabulary.fromJSON(await store.readModelFile(dir, vocabName));
  } catch (e) {
    tf.dispose(Object.values(decoded.weights));
    throw e;
  }
  const model = sentimentFromDecoded(decoded, vocab, path.join(path.resolve(dir), "model.json"));
  return { model, vocab, metadata: decoded.metadata };
}

/** Sentences for the attention heatmaps: one per phenomenon the model should handle. */
export const ATTENTION_SENTENCES: readonly { name: string; text: string }[] = [
  { name: "clear positive", text: "a gorgeous , witty and deeply moving film ." },
  { name: "clear negative", text: "a dull , lifeless and badly acted mess ." },
  { name: "negation", text: "the acting is not good ." },
  { name: "contrast", text: "the cast is strong , but the script is a tired bore ." },
];

export interface AttentionMap {
  text: string;
  /** Tokens as the model reads them (after normalization, [UNK] for unknown words). */
  tokens: string[];
  /** p(positive). */
  p: number;
  /** weights[layer][head][query][key] */
  weights: number[][][][];
}

/** Runs one sentence at a time (no padding) and returns its per-layer, per-head attention. */
export function attentionMaps(
  model: SentimentClassifier,
  vocab: Vocabulary,
  texts: readonly string[],
): AttentionMap[] {
  return texts.map((text) => {
    const ids = encodeForSentiment(text, vocab, model.config);
    const input = padIds([ids], model.config.padId);
    const { proba, weights } = model.forwardWithAttention(input);
    const out: AttentionMap = {
      text,
      tokens: vocab.decode(ids),
      p: proba.dataSync()[0]!,
      weights: weights.map((w) => (w.arraySync() as number[][][][])[0]!),
    };
    tf.dispose([input, proba, ...weights]);
    return out;
  });
}

/** Words of the text the vocabulary does not know (they become [UNK]). */
export function unknownWords(text: string, vocab: Vocabulary): string[] {
  return splitTokens(normalizeSst2Style(text)).filter((t) => !vocab.has(t));
}

export interface PredictionEnergy {
  record: EnergyRecord;
  predictions: number;
  joulesPer1000: number;
  secondsPer1000: number;
}

/**
 * Measures the energy of `predict(texts)` repeated until at least `minSeconds` have passed
 * (a very cheap method is run many times, so that the meter sees more than timer noise),
 * and reports joules and seconds per 1,000 predictions.
 */
export async function measurePredictions(
  label: string,
  predict: (texts: readonly string[]) => unknown,
  texts: readonly string[],
  options: { minSeconds?: number; meter?: MeterOptions } = {},
): Promise<PredictionEnergy> {
  const minSeconds = options.minSeconds ?? 2;
  const { result: predictions, record } = await measure(
    label,
    async () => {
      const start = performance.now();
      let n = 0;
      do {
        predict(texts);
        n += texts.length;
      } while ((performance.now() - start) / 1000 < minSeconds);
      return n;
    },
    { ...options.meter, work: (n) => ({ unit: "predictions", count: n }) },
  );
  return {
    record,
    predictions,
    joulesPer1000: (record.joules.total / predictions) * 1000,
    secondsPer1000: (record.seconds / predictions) * 1000,
  };
}

export interface MethodResult {
  method: string;
  accuracy: number;
  macroF1: number;
  /** Joules of training (0 for a method with nothing to train). */
  trainingJoules: number;
  joulesPer1000: number;
}

/**
 * Rows for the results table: accuracy, macro-F1, and the energy of training, of 1,000 predictions, and of
 * both (the cost of having the method answer 1,000 queries from scratch). No ratio of accuracy to energy:
 * it rewards a near-zero denominator, so the two are plotted against each other instead
 * (accuracyEnergyFigure).
 */
export function resultsTable(methods: readonly MethodResult[]): Record<string, string | number>[] {
  return methods.map((m) => ({
    method: m.method,
    "dev accuracy": round(m.accuracy, 4),
    "macro-F1": round(m.macroF1, 4),
    "training (J)": Number(m.trainingJoules.toPrecision(4)),
    "J per 1,000 predictions": Number(m.joulesPer1000.toPrecision(3)),
    "training + 1,000 predictions (J)": Number((m.trainingJoules + m.joulesPer1000).toPrecision(4)),
  }));
}

/**
 * Dev accuracy against the energy of training plus 1,000 predictions (log scale: the methods differ by
 * orders of magnitude), one labelled point per method. A method to the upper left of another is both
 * more accurate and cheaper.
 */
export function accuracyEnergyFigure(
  methods: readonly MethodResult[],
  options: { title?: string; xTitle?: string; yTitle?: string } = {},
): FigureSpec {
  const x = methods.map((m) => m.trainingJoules + m.joulesPer1000);
  for (const [i, v] of x.entries())
    if (!(v > 0))
      throw new Error(
        `accuracyEnergyFigure: ${methods[i]!.method} has ${v} J for training + 1,000 predictions; a log axis needs > 0 ` +
          `(measure the method's predictions, e.g. with measurePredictions)`,
      );
  return {
    data: [
      {
        type: "scatter",
        mode: "markers+text",
        x,
        y: methods.map((m) => m.accuracy),
        text: methods.map((m) => plotlyText(m.method)),
        textposition: "top center",
        marker: { size: 10 },
        hovertemplate: "%{text}<br>%{x:.3g} J<br>accuracy %{y:.3f}<extra></extra>",
      },
    ],
    layout: {
      title: {
        text: plotlyText(options.title ?? "Dev accuracy against energy (training + 1,000 predictions)"),
      },
      xaxis: { type: "log", title: { text: plotlyText(options.xTitle ?? "joules (log scale)") } },
      yaxis: { title: { text: plotlyText(options.yTitle ?? "dev accuracy") } },
      margin: { t: 50, l: 70, r: 30, b: 60 },
      showlegend: false,
    },
  };
}

/**
 * How much each token is read, per layer and head: the column means of each attention matrix,
 * received[layer·head][key] = (1/T) Σ_q weights[q][key]. In the last layer this is exactly the weight
 * of each token's value vector in the mean-pooled output of that head (pooling averages the queries).
 * A compact heatmap (rows: layer · head, columns: tokens), without per-cell hover data, so a notebook
 * stores a few numbers per token instead of a T × T matrix per head.
 */
export function attentionReceivedFigure(map: AttentionMap, title = map.text): FigureSpec {
  const rows: string[] = [];
  const z: number[][] = [];
  map.weights.forEach((layer, l) =>
    layer.forEach((head, h) => {
      rows.push(`layer ${l + 1} · head ${h + 1}`);
      const T = head.length;
      z.push(head[0]!.map((_, k) => Number((head.reduce((s, row) => s + row[k]!, 0) / T).toFixed(3))));
    }),
  );
  const cols = map.tokens.map((_, j) => j);
  return {
    data: [
      {
        type: "heatmap",
        z,
        x: cols,
        y: rows.map((_, i) => i),
        zmin: 0,
        zmax: 1,
        colorscale: HEATMAP_COLORSCALE,
        colorbar: { thickness: 10, len: 0.9 },
        xgap: 1,
        ygap: 1,
        meta: { rows, columns: [...map.tokens] },
        hovertemplate: "mean weight %{z:.3f}<extra></extra>",
      },
    ],
    layout: {
      title: { text: titleLines(title).join("<br>"), font: { size: 14 } },
      width: Math.min(760, 220 + 34 * cols.length),
      height: 150 + 26 * rows.length,
      margin: { t: 60, r: 10, b: 10, l: 10 },
      xaxis: {
        tickmode: "array",
        tickvals: cols,
        ticktext: map.tokens.map(plotlyText),
        tickangle: cols.length > 6 ? -60 : 0,
        title: { text: "token read (key)" },
        automargin: true,
      },
      yaxis: {
        tickmode: "array",
        tickvals: rows.map((_, i) => i),
        ticktext: rows,
        range: [rows.length - 0.5, -0.5],
        automargin: true,
      },
    },
    config: { displayModeBar: false },
  };
}

/**
 * The promoted (shipped) model and the ledger record of the run that trained it: model.json names it in
 * userDefinedMetadata.training.ledgerId, and the record is looked up in the project ledger
 * (findLedgerRecord also matches the old id of a migrated record). Reads only.
 */
export async function loadPromotedModel(
  dir: string,
  ledgerFile: string,
): Promise<{
  model: SentimentClassifier;
  vocab: Vocabulary;
  metadata: Record<string, unknown>;
  ledgerId: string;
  training: EnergyRecord;
}> {
  const loaded = await loadModel(dir);
  const modelJson = path.join(path.resolve(dir), "model.json");
  const training = loaded.metadata.training as { ledgerId?: unknown } | undefined;
  const ledgerId = training?.ledgerId;
  const fail = (why: string): never => {
    loaded.model.dispose();
    throw new Error(
      `${modelJson}: ${why}. A promoted model names its training run in userDefinedMetadata.training.ledgerId ` +
        `(npm run sentiment -- --train, then --promote <run>, writes both the model and the record).`,
    );
  };
  if (typeof ledgerId !== "string" || ledgerId === "")
    return fail(`userDefinedMetadata.training.ledgerId is ${JSON.stringify(ledgerId)}, not a ledger id`);
  const record = findLedgerRecord(readLedger(ledgerFile), ledgerId);
  if (!record) return fail(`its training record ${ledgerId} is not in ${ledgerFile}`);
  return { ...loaded, ledgerId, training: record };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
