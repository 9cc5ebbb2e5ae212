// The state machine both playgrounds share: load the runtime after mount (a dynamic import, so
// tfjs is fetched only on pages with a playground), then on each run analyse the text, keep the
// layer picker in range, time `runs` repetitions and count completed runs (data-predictions).
import { useCallback, useEffect, useState } from "react";
import type { BackendInfo } from "@site/src/lib/backend/select";
import type { LatencyStats } from "@site/src/lib/models/browser";

/** What a playground runtime offers (SentimentPlayground/runtime.ts, TranslationPlayground/runtime.ts). */
export interface PlaygroundRuntimeBase<Result> {
  backend: BackendInfo;
  loaded: { size: { model: number; vocabulary: number } };
  analyze(text: string): Promise<Result>;
  time(text: string, runs: number): Promise<LatencyStats>;
}

export type Load<Runtime> =
  { state: "loading" } | { state: "ready"; runtime: Runtime } | { state: "error"; message: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function usePlayground<Result, Runtime extends PlaygroundRuntimeBase<Result>>(opts: {
  start: () => Promise<Runtime>;
  initialText: string;
  runs: number;
  layerCount: (result: Result) => number;
  /** Values the start function depends on (it runs again when they change). */
  deps: unknown[];
}) {
  const { start, initialText, runs, layerCount, deps } = opts;
  const [load, setLoad] = useState<Load<Runtime>>({ state: "loading" });
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const [latency, setLatency] = useState<LatencyStats>();
  const [error, setError] = useState<string>();
  const [layer, setLayer] = useState(0);
  const [done, setDone] = useState(0); // completed runs (for tests: data-predictions)

  useEffect(() => {
    let cancelled = false;
    start().then(
      (runtime) => !cancelled && setLoad({ state: "ready", runtime }),
      (e: unknown) => !cancelled && setLoad({ state: "error", message: message(e) }),
    );
    return () => {
      cancelled = true;
    };
    // `start` is a fresh closure on each render: `deps` name what it reads.
  }, deps);

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
      setLayer((l) => Math.min(l, layerCount(analysis) - 1));
      setLatency(await load.runtime.time(text, runs));
      setDone((n) => n + 1);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }, [load, text, empty, runs, layerCount]);

  const runtime = load.state === "ready" ? load.runtime : undefined;
  return { load, runtime, text, setText, empty, busy, result, latency, error, layer, setLayer, done, run };
}
