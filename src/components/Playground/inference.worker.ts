// The Web Worker of the sentiment and translation playgrounds: TensorFlow.js, both models and
// every prediction, translation and timing run here, so the page's main thread only receives
// results and never blocks on a model. Bundled by webpack 5 as its own file from
// `new Worker(new URL("./inference.worker.ts", import.meta.url))` in ./inferenceClient.ts; the
// messages are in ./protocol.ts, the request/answer plumbing is ./workerClient.ts (as the poetry
// worker's).
//
// Backend: webgpu → webgl → wasm → cpu (src/lib/backend/browser.ts), chosen once by the first load;
// WebGL on a software renderer (SwiftShader, llvmpipe) is skipped for wasm. `?backend=` forces one.
import * as tf from "@tensorflow/tfjs-core";
import { initBrowserBackend } from "@site/src/lib/backend/browser";
import type { BackendInfo } from "@site/src/lib/backend/select";
import {
  analyzeSentiment,
  loadSentimentForBrowser,
  timePredictions,
  type LoadedSentiment,
} from "@site/src/lib/models/sentiment/browser";
import {
  analyzeTranslation,
  loadTranslationForBrowser,
  timeTranslations,
  translateOne,
  type LoadedTranslation,
} from "@site/src/lib/models/translation/browser";
import type { FromWorker, LoadedInfo, ModelKind, ToWorker } from "./protocol";
import { errorText, workerScope } from "./workerClient";

const { post, listen } = workerScope<ToWorker, FromWorker>();

let backend: Promise<BackendInfo> | undefined;
const sentiment = new Map<string, Promise<LoadedSentiment>>();
const translation = new Map<string, Promise<LoadedTranslation>>();
/** The model each kind last loaded (one per kind: a page shows one playground of each). */
const current: { sentiment?: Promise<LoadedSentiment>; translation?: Promise<LoadedTranslation> } = {};

/** Caches a promise under `key`, forgetting it if it fails (a later attempt may succeed). */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

async function load(m: Extract<ToWorker, { type: "load" }>): Promise<LoadedInfo> {
  backend ??= initBrowserBackend({
    wasmPath: m.wasmPath,
    backend: m.backend,
    log: false,
    cpuSuffix: ", in a Web Worker",
  });
  backend.catch(() => (backend = undefined));
  const { summary: _summary, ...chosen } = await backend;
  const loaded =
    m.model === "sentiment"
      ? (current.sentiment = once(sentiment, m.modelUrl, () => loadSentimentForBrowser(m.modelUrl)))
      : (current.translation = once(translation, m.modelUrl, () => loadTranslationForBrowser(m.modelUrl)));
  return { backend: chosen, size: (await loaded).size };
}

function loaded<K extends ModelKind>(kind: K): NonNullable<(typeof current)[K]> {
  const p = current[kind];
  if (!p) throw new Error(`${kind} request before its model was loaded: send a load message first`);
  return p as NonNullable<(typeof current)[K]>;
}

async function handle(m: ToWorker): Promise<FromWorker> {
  switch (m.type) {
    case "load":
      return { type: "loaded", id: m.id, info: await load(m) };
    case "analyze":
      if (m.model === "sentiment") {
        const { model, vocab } = await loaded("sentiment");
        return { type: "analysis", id: m.id, analysis: await analyzeSentiment(model, vocab, m.text) };
      } else {
        const { model, vocabs } = await loaded("translation");
        return { type: "analysis", id: m.id, analysis: await analyzeTranslation(model, vocabs, m.text) };
      }
    case "time":
      if (m.model === "sentiment") {
        const { model, vocab } = await loaded("sentiment");
        return { type: "timed", id: m.id, latency: await timePredictions(model, vocab, m.text, m.runs) };
      } else {
        const { model, vocabs } = await loaded("translation");
        return { type: "timed", id: m.id, latency: await timeTranslations(model, vocabs, m.text, m.runs) };
      }
    case "translate": {
      const { model, vocabs } = await loaded("translation");
      return { type: "translated", id: m.id, text: await translateOne(model, vocabs, m.text) };
    }
    case "memory":
      return { type: "memory", id: m.id, numTensors: tf.memory().numTensors };
  }
}

// One request at a time, in the order asked: a timing run never overlaps another model's work.
let queue: Promise<void> = Promise.resolve();
listen((m) => {
  queue = queue.then(() =>
    handle(m).then(post, (e: unknown) => post({ type: "error", id: m.id, message: errorText(e) })),
  );
});
