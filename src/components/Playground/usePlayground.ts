// The state machine both playgrounds share: load the runtime on the reader's first interaction
// with the playground (pointer down or focus inside it: a dynamic import, so neither the worker nor
// the model is fetched when the page opens), then on each run analyse the text, keep the layer
// picker in range, time `runs` repetitions and count completed runs (data-predictions). The model
// runs in a Web Worker (./inference.worker.ts): nothing here blocks the page.
import { useCallback, useRef, useState } from "react";
import type { LatencyStats } from "@site/src/lib/models/browser";
import type { WorkerBackend } from "./protocol";

/** What a playground runtime offers (SentimentPlayground/runtime.ts, TranslationPlayground/runtime.ts). */
export interface PlaygroundRuntimeBase<Result> {
  backend: WorkerBackend;
  loaded: { size: { model: number; vocabulary: number } };
  analyze(text: string): Promise<Result>;
  time(text: string, runs: number): Promise<LatencyStats>;
}

export type Load<Runtime> =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "ready"; runtime: Runtime }
  | { state: "error"; message: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function usePlayground<Result, Runtime extends PlaygroundRuntimeBase<Result>>(opts: {
  start: () => Promise<Runtime>;
  initialText: string;
  runs: number;
  layerCount: (result: Result) => number;
}) {
  const { start, initialText, runs, layerCount } = opts;
  const [load, setLoad] = useState<Load<Runtime>>({ state: "idle" });
  const loading = useRef<Promise<Runtime> | null>(null);
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const [latency, setLatency] = useState<LatencyStats>();
  const [error, setError] = useState<string>();
  const [layer, setLayer] = useState(0);
  const [done, setDone] = useState(0); // completed runs (for tests: data-predictions)

  /** Starts the runtime once, on the first interaction; after a failure the next one tries again. */
  const ensureLoaded = useCallback((): Promise<Runtime> => {
    loading.current ??= (async () => {
      setLoad({ state: "loading" });
      // The heatmaps are drawn on a canvas (../HeatmapCanvas): no Plotly to fetch for them.
      return start();
    })().then(
      (runtime) => {
        setLoad({ state: "ready", runtime });
        return runtime;
      },
      (e: unknown) => {
        loading.current = null;
        setLoad({ state: "error", message: message(e) });
        throw e;
      },
    );
    return loading.current;
    // `start` is a fresh closure on each render over values fixed for the page (model URL, wasm path).
  }, []);

  const empty = text.trim() === "";
  const run = useCallback(async () => {
    if (empty || busy) return;
    let runtime: Runtime;
    try {
      runtime = await ensureLoaded();
    } catch {
      return; // shown by the load state
    }
    setBusy(true);
    setError(undefined);
    try {
      const analysis = await runtime.analyze(text);
      setResult(analysis);
      setLayer((l) => Math.min(l, layerCount(analysis) - 1));
      setLatency(await runtime.time(text, runs));
      setDone((n) => n + 1);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }, [ensureLoaded, text, empty, busy, runs, layerCount]);

  /** Props for the playground's root element: the first pointer down or focus inside starts the load. */
  const triggers = {
    onPointerDownCapture: () => void ensureLoaded().catch(() => {}),
    onFocusCapture: () => void ensureLoaded().catch(() => {}),
  };
  const runtime = load.state === "ready" ? load.runtime : undefined;
  return {
    load,
    runtime,
    text,
    setText,
    empty,
    busy,
    result,
    latency,
    error,
    layer,
    setLayer,
    done,
    run,
    triggers,
  };
}
