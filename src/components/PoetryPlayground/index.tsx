// "Write a poem": the character GPT trained on the Complete Tang Poems (static/models/poetry/)
// continues a prompt in the reader's browser. The model loads on the reader's first interaction
// with the panel (not when the page opens) and runs in a Web Worker (./generation.worker.ts): the
// page receives each character as it is chosen, so it streams and never freezes, and Stop ends the
// poem between two characters. Shown: the poem, the median time per character and the backend
// that ran, the download size, and the attention of the newest character over the text so far
// (every head of the last block). Typed text is rendered as React text only.
import React, { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { backendFromQuery, formatBytes } from "@site/src/components/Playground/format";
import { BackendName } from "@site/src/components/Playground/parts";
import { attentionHeatmapFigure } from "@site/src/lib/eval/figures";
import { formatDuration } from "@site/src/lib/format/units";
import type { ModelInfo, NewestAttention, PoemRequest, PoetryClient, StreamedPoem } from "./client";
import shared from "@site/src/css/playground.module.css";
import own from "./styles.module.css";

const styles = { ...shared, ...own };

export type Props = {
  /** Prompt shown at first. */
  initialPrompt?: string;
  /** Folder with model.json, weights.bin and vocab.json, relative to the site root. */
  modelPath?: string;
};

type Load =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "ready"; client: PoetryClient; info: ModelInfo }
  | { state: "error"; message: string };

interface Settings {
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  maxChars: number;
  greedy: boolean;
  useCache: boolean;
  /** Ignore [EOS] and write exactly maxChars characters (timing runs compare equal lengths). */
  fullLength: boolean;
}

/** The CLI's defaults (`npm run generate`: DEFAULT_SAMPLING, and seed 1 for its first poem). */
const DEFAULTS: Settings = {
  temperature: 0.8,
  topK: 40,
  topP: 0.95,
  seed: 1,
  maxChars: 64,
  greedy: false,
  useCache: true,
  fullLength: false,
};

/** Characters arriving from the worker are shown together at most this often, ms (one render each time). */
const TEXT_EVERY_MS = 100;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function toRequest(prompt: string, s: Settings): PoemRequest {
  return {
    prompt,
    maxChars: s.maxChars,
    seed: s.seed,
    useCache: s.useCache,
    stopAtEos: !s.fullLength,
    ...(s.greedy ? { temperature: 0 } : { temperature: s.temperature, topK: s.topK, topP: s.topP }),
  };
}

/**
 * A poem split after each 。, ！ or ？ that closes at least four characters (one couplet per line,
 * while a run of marks from an untrained model stays on one line); the prompt's characters are marked.
 */
function PoemText({ text, promptLength }: { text: string; promptLength: number }): ReactNode {
  const chars = Array.from(text);
  const lines: { char: string; index: number }[][] = [[]];
  chars.forEach((char, index) => {
    const line = lines[lines.length - 1]!;
    line.push({ char, index });
    if (/[。！？]/u.test(char) && line.length >= 4 && index < chars.length - 1) lines.push([]);
  });
  return (
    <>
      {lines.map((line, l) => (
        <span key={l} className={styles.line}>
          {line.map(({ char, index }) => (
            <span key={index} className={index < promptLength ? styles.prompt : undefined}>
              {char}
            </span>
          ))}
        </span>
      ))}
    </>
  );
}

function NumberField(props: {
  label: ReactNode;
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
  testId: string;
}): ReactNode {
  return (
    <label className={styles.field}>
      <span>{props.label}</span>
      <input
        type="number"
        inputMode="decimal"
        value={Number.isFinite(props.value) ? props.value : ""}
        min={props.min}
        max={props.max}
        step={props.step}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </label>
  );
}

function Panel({ initialPrompt, modelPath }: Required<Props>): ReactNode {
  const modelUrl = useBaseUrl(modelPath);
  const wasmPath = useBaseUrl("/wasm/");
  const [load, setLoad] = useState<Load>({ state: "idle" });
  const loading = useRef<Promise<{ client: PoetryClient; info: ModelInfo }> | null>(null);
  const [prompt, setPrompt] = useState(initialPrompt);
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const set =
    <K extends keyof Settings>(key: K) =>
    (value: Settings[K]) =>
      setSettings((s) => ({ ...s, [key]: value }));

  const [running, setRunning] = useState<{ id: number; client: PoetryClient } | null>(null);
  const [text, setText] = useState<string>();
  const [promptLength, setPromptLength] = useState(0);
  const [poem, setPoem] = useState<StreamedPoem & { useCache: boolean }>();
  const [attention, setAttention] = useState<NewestAttention>();
  const [error, setError] = useState<string>();
  const [poems, setPoems] = useState(0); // completed poems (for tests: data-poems)
  const pendingText = useRef({ text: "", timer: 0 }); // characters received but not shown yet

  /** Starts the worker and the model download once, on the first interaction. */
  const ensureLoaded = useCallback(() => {
    loading.current ??= (async () => {
      setLoad({ state: "loading" });
      // Plotly is parsed now, while the model downloads, not after a poem.
      const plotly = import(/* webpackChunkName: "plotly" */ "plotly.js-cartesian-dist-min").catch(() => {});
      const { poetryClient, installTestHook } = await import(
        /* webpackChunkName: "poetry-playground" */ "./client"
      );
      const client = poetryClient();
      const info = await client.load({ modelUrl, wasmPath, backend: backendFromQuery() });
      await plotly;
      installTestHook(client, info);
      return { client, info };
    })().then(
      (r) => {
        setLoad({ state: "ready", ...r });
        return r;
      },
      (e: unknown) => {
        loading.current = null; // the next interaction tries again
        setLoad({ state: "error", message: message(e) });
        throw e;
      },
    );
    return loading.current;
  }, [modelUrl, wasmPath]);

  const write = useCallback(async () => {
    if (running) return;
    setError(undefined);
    let ready;
    try {
      ready = await ensureLoaded();
    } catch {
      return; // shown by the load state
    }
    const { client } = ready;
    const request = toRequest(prompt, settings);
    const length = Array.from(prompt).length;
    setText(prompt);
    setPromptLength(length);
    setPoem(undefined);
    setAttention(undefined);
    const pending = pendingText.current;
    const flush = () => {
      window.clearTimeout(pending.timer);
      pending.timer = 0;
      const more = pending.text;
      pending.text = "";
      if (more) setText((t) => (t ?? "") + more);
    };
    // The heatmap is drawn once the poem is complete (or stopped): a Plotly draw is a main-thread
    // task of 100–350 ms on a busy 2-core machine, too long to repeat while characters stream.
    let newest: NewestAttention | undefined;
    const job = client.generate(
      request,
      {
        onCharacter: (step) => {
          pending.text += step.character;
          pending.timer ||= window.setTimeout(flush, TEXT_EVERY_MS);
        },
        onAttention: (a) => (newest = a),
      },
      { attentionEveryMs: Infinity },
    );
    setRunning({ id: job.id, client });
    try {
      const { poem: done } = await job.done;
      flush();
      setText(done.text);
      setPoem({ ...done, useCache: settings.useCache });
      setAttention(newest);
      setPoems((n) => n + 1);
    } catch (e) {
      flush();
      setError(message(e));
    } finally {
      setRunning(null);
    }
  }, [running, ensureLoaded, prompt, settings]);

  const labels = useMemo(
    () => ({
      query: translate({ id: "playground.poetry.headAxis", message: "head" }),
      key: translate({ id: "playground.translation.targetChar", message: "character" }),
      weight: translate({ id: "playground.sentiment.weight", message: "weight" }),
      head: translate({ id: "playground.sentiment.head", message: "head {n}" }),
    }),
    [],
  );
  const figure = useMemo(() => {
    if (!attention) return undefined;
    const newest = attention.tokens[attention.tokens.length - 1] ?? "";
    const figure = attentionHeatmapFigure(attention.weights, {
      queryTokens: attention.weights.map((_, h) => String(h + 1)),
      keyTokens: attention.tokens,
      title: translate(
        {
          id: "playground.poetry.attentionTitle",
          message: "Block {layer} (the last): where 「{char}」 looks",
        },
        { layer: attention.layer + 1, char: newest },
      ),
      labels,
    });
    // A Plotly draw is one main-thread task, so it must be short. Plotly's default tick-label overflow
    // check measures every label once per label drawn (quadratic in the columns: seconds for 65
    // characters on a busy CPU), and automatic margins draw again to measure them; single characters
    // need neither, nor rotated labels. The title starts at the left, in view when the chart scrolls.
    const layout = figure.layout as Record<string, Record<string, unknown>>;
    const fixed = { automargin: false, ticklabeloverflow: "allow" };
    layout.xaxis = { ...layout.xaxis, ...fixed, tickangle: 0, tickfont: { size: 9 } };
    layout.yaxis = { ...layout.yaxis, ...fixed };
    layout.margin = { ...layout.margin, l: 56, b: 52, r: 10 };
    layout.title = { ...layout.title, x: 0, xref: "paper", xanchor: "left" };
    return figure;
  }, [attention, labels]);

  const info = load.state === "ready" ? load.info : undefined;
  const disabled = running !== null || load.state === "loading";
  const sampling = disabled || settings.greedy;
  return (
    <div
      className={`${styles.playground} ${styles.panel}`}
      data-testid="poetry-panel"
      data-state={load.state}
      data-running={running ? "true" : "false"}
      data-poems={poems}
      onPointerDownCapture={() => void ensureLoaded().catch(() => {})}
      onFocusCapture={() => void ensureLoaded().catch(() => {})}
    >
      <div className={styles.promptRow}>
        <label className={styles.field}>
          <span>
            <Translate id="playground.poetry.prompt">First characters of the poem</Translate>
          </span>
          <input
            type="text"
            lang="zh-Hans"
            className={styles.promptInput}
            value={prompt}
            maxLength={32}
            data-testid="poetry-prompt"
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") void write();
            }}
          />
        </label>
        <div className={styles.actions}>
          <button
            type="button"
            className="button button--primary"
            data-testid="poetry-write"
            disabled={disabled}
            onClick={() => void write()}
          >
            {running ? (
              <Translate id="playground.poetry.writing">Writing…</Translate>
            ) : (
              <Translate id="playground.poetry.write">Write a poem</Translate>
            )}
          </button>
          <button
            type="button"
            className="button button--secondary"
            data-testid="poetry-stop"
            disabled={!running}
            onClick={() => running && running.client.stop(running.id)}
          >
            <Translate id="playground.poetry.stop">Stop</Translate>
          </button>
        </div>
      </div>

      <fieldset className={styles.controls} disabled={running !== null}>
        <legend className={styles.small}>
          <Translate id="playground.poetry.sampling">Sampling</Translate>
        </legend>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={settings.greedy}
            data-testid="poetry-greedy"
            onChange={(e) => set("greedy")(e.target.checked)}
          />{" "}
          <Translate id="playground.poetry.greedy">Greedy (always the most probable character)</Translate>
        </label>
        <NumberField
          label={<Translate id="playground.poetry.temperature">Temperature</Translate>}
          value={settings.temperature}
          onChange={set("temperature")}
          min={0.05}
          max={2}
          step={0.05}
          disabled={sampling}
          testId="poetry-temperature"
        />
        <NumberField
          label={<Translate id="playground.poetry.topK">Top-k</Translate>}
          value={settings.topK}
          onChange={set("topK")}
          min={1}
          max={info?.vocabSize ?? 10000}
          step={1}
          disabled={sampling}
          testId="poetry-topk"
        />
        <NumberField
          label={<Translate id="playground.poetry.topP">Top-p</Translate>}
          value={settings.topP}
          onChange={set("topP")}
          min={0.05}
          max={1}
          step={0.05}
          disabled={sampling}
          testId="poetry-topp"
        />
        <NumberField
          label={<Translate id="playground.poetry.seed">Seed</Translate>}
          value={settings.seed}
          onChange={set("seed")}
          min={0}
          max={2 ** 31 - 1}
          step={1}
          disabled={sampling}
          testId="poetry-seed"
        />
        <NumberField
          label={<Translate id="playground.poetry.maxChars">Most characters</Translate>}
          value={settings.maxChars}
          onChange={set("maxChars")}
          min={1}
          max={256}
          step={1}
          disabled={disabled}
          testId="poetry-max"
        />
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={settings.useCache}
            data-testid="poetry-cache"
            onChange={(e) => set("useCache")(e.target.checked)}
          />{" "}
          <Translate id="playground.poetry.cache">
            KV cache (off: recompute the whole text at every step)
          </Translate>
        </label>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={settings.fullLength}
            data-testid="poetry-full-length"
            onChange={(e) => set("fullLength")(e.target.checked)}
          />{" "}
          <Translate id="playground.poetry.fullLength">
            Write all the characters, past the end of the poem (equal lengths, for timing)
          </Translate>
        </label>
      </fieldset>

      <p className={styles.status} role="status">
        {load.state === "idle" && (
          <Translate id="playground.poetry.idle">
            The model downloads when you first use this panel, and runs in a background thread.
          </Translate>
        )}
        {load.state === "loading" && (
          <Translate id="playground.poetry.loading">
            Loading TensorFlow.js and the model in a Web Worker…
          </Translate>
        )}
        {load.state === "error" && (
          <span className={styles.error}>
            <Translate id="playground.sentiment.loadError">The model could not be loaded:</Translate>{" "}
            {load.message}
          </span>
        )}
      </p>
      {error && <p className={styles.error}>{error}</p>}

      {text !== undefined && (
        <p
          className={styles.poem}
          lang="zh-Hans"
          data-testid="poetry-poem"
          data-poem={poem ? poem.text : undefined}
          data-stop-reason={poem?.stopReason}
          aria-live="polite"
        >
          <PoemText text={text} promptLength={promptLength} />
          {running && <span className={styles.cursor} aria-hidden="true" />}
        </p>
      )}
      {poem && poem.stopReason === "stopped" && (
        <p className={styles.hint}>
          <Translate id="playground.poetry.stopped">Stopped.</Translate>
        </p>
      )}
      {poem && poem.unknownInPrompt > 0 && (
        <p className={styles.notice}>
          {translate(
            {
              id: "playground.poetry.unknown",
              message:
                "{n} character(s) of the prompt are not in the model's vocabulary; it reads them as [UNK].",
            },
            { n: poem.unknownInPrompt },
          )}
        </p>
      )}

      <dl className={styles.stats}>
        <div>
          <dt>
            <Translate id="playground.sentiment.backend">Backend</Translate>
          </dt>
          <dd data-testid="poetry-backend">{info ? <BackendName backend={info.backend} /> : "—"}</dd>
        </div>
        <div>
          <dt>
            {translate(
              { id: "playground.poetry.latency", message: "Time per character (median of {n})" },
              { n: poem ? poem.stepMs.length : "…" },
            )}
          </dt>
          <dd
            data-testid="poetry-latency"
            data-median-ms={poem && poem.stepMs.length ? String(poem.medianMs) : undefined}
          >
            {poem && poem.stepMs.length ? formatDuration(poem.medianMs / 1000) : "—"}
            {poem && poem.stepMs.length > 0 && (
              <small className={styles.small}>
                {" "}
                {poem.useCache ? (
                  <Translate id="playground.poetry.withCache">(KV cache on)</Translate>
                ) : (
                  <Translate id="playground.poetry.withoutCache">(KV cache off)</Translate>
                )}
              </small>
            )}
          </dd>
        </div>
        <div>
          <dt>
            <Translate id="playground.sentiment.download">Model download (model.json + weights)</Translate>
          </dt>
          <dd data-testid="poetry-size" data-bytes={info ? String(info.size.model) : undefined}>
            {info ? formatBytes(info.size.model) : "—"}
            {info && (
              <small className={styles.small}>
                {" "}
                {translate(
                  { id: "playground.sentiment.vocabSize", message: "+ vocabulary {size}" },
                  { size: formatBytes(info.size.vocabulary) },
                )}
              </small>
            )}
          </dd>
        </div>
      </dl>
      {info && (
        <p className={styles.small} data-testid="poetry-model">
          {translate(
            {
              id: "playground.poetry.modelLine",
              message:
                "Model: {params} parameters, {layers} blocks × {heads} heads, {vocab} characters in its vocabulary.",
            },
            {
              params: info.parameters.toLocaleString(),
              layers: info.layers,
              heads: info.heads,
              vocab: info.vocabSize.toLocaleString(),
            },
          )}
        </p>
      )}

      {figure && (
        <div className={styles.attention} data-testid="poetry-attention">
          <p className={styles.hint}>
            <Translate id="playground.poetry.heatmapHint">
              Drawn when the poem ends. Each row is a head of the last block, each column a character the
              model read; a row shows where the newest character looked (its weights sum to 1).
            </Translate>
          </p>
          <div
            className={styles.scroll}
            tabIndex={0}
            role="group"
            aria-label={translate({
              id: "playground.poetry.heatmapScroll",
              message: "Attention heatmap (scrolls sideways)",
            })}
          >
            {/* Wide enough for a readable column per character; scrolls on a phone. */}
            <div style={{ minWidth: 130 + 13 * attention!.tokens.length }}>
              <PlotlyChart figure={figure} />
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

export default function PoetryPlayground({
  initialPrompt = "春",
  modelPath = "/models/poetry/",
}: Props): ReactNode {
  return (
    <BrowserOnly
      fallback={
        <div className={styles.playground} data-testid="poetry-panel" data-state="idle">
          <Translate id="playground.poetry.idle">
            The model downloads when you first use this panel, and runs in a background thread.
          </Translate>
        </div>
      }
    >
      {() => <Panel initialPrompt={initialPrompt} modelPath={modelPath} />}
    </BrowserOnly>
  );
}
