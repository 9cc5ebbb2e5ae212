// The poetry panel's Web Worker: TensorFlow.js, the model and every generation step run here, so the
// page's main thread only receives characters and attention rows and never blocks on the model.
// Bundled by webpack 5 as its own file from `new Worker(new URL("./generation.worker.ts",
// import.meta.url))` in ./client.ts.
//
// Backend: WebAssembly first, plain JavaScript as the fallback. Decoding one character is a chain of
// a few hundred tiny kernels, where WebGL's per-kernel cost dominates (and on software WebGL, as in
// headless Chromium, it is several times slower than wasm); wasm is also the CLI's backend, so a
// greedy poem matches `npm run generate` to the character. `?backend=webgl|webgpu|cpu` forces one.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { parseBackendId, selectBackend, type Candidate } from "@site/src/lib/backend/select";
import { loadPoetryForBrowser, streamPoem, type LoadedPoetry } from "@site/src/lib/models/generation/browser";
import { errorText, workerScope } from "../Playground/workerClient";
import type { FromWorker, ModelInfo, ToWorker } from "./protocol";

const { post, listen } = workerScope<ToWorker, FromWorker>();
const message = errorText;

function workerCandidates(wasmPath: string): Candidate[] {
  const cpu = async () => `CPU (${navigator.hardwareConcurrency ?? "?"} threads), in a Web Worker`;
  return [
    {
      id: "wasm",
      tfName: "wasm",
      load: async () => setWasmPaths(wasmPath),
      device: cpu,
    },
    { id: "cpu", tfName: "cpu", load: async () => {}, device: cpu },
    {
      id: "webgl",
      tfName: "webgl",
      load: async () => {
        if (typeof OffscreenCanvas === "undefined") throw new Error("no OffscreenCanvas in this worker");
        await import(/* webpackChunkName: "poetry-webgl" */ "@tensorflow/tfjs-backend-webgl");
      },
      device: async () => {
        const gl = new OffscreenCanvas(1, 1).getContext("webgl") as WebGLRenderingContext | null;
        const info = gl?.getExtension("WEBGL_debug_renderer_info");
        return gl
          ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
          : "GPU (unknown)";
      },
    },
    {
      id: "webgpu",
      tfName: "webgpu",
      load: async () => {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        if (!gpu || !(await gpu.requestAdapter())) throw new Error("no WebGPU adapter");
        await import(/* webpackChunkName: "poetry-webgpu" */ "@tensorflow/tfjs-backend-webgpu");
      },
      device: async () => "GPU via WebGPU",
    },
  ];
}

let loading: Promise<{ loaded: LoadedPoetry; info: ModelInfo }> | undefined;

function load(m: Extract<ToWorker, { type: "load" }>) {
  loading ??= (async () => {
    const all = workerCandidates(m.wasmPath);
    const force = m.backend ? parseBackendId(m.backend, "?backend") : undefined;
    // Unforced: wasm, then cpu (see the file comment); GPU backends only on request.
    const backend = await selectBackend(force ? all : all.slice(0, 2), { force, log: false });
    const loaded = await loadPoetryForBrowser(m.modelUrl);
    const c = loaded.model.config;
    const info: ModelInfo = {
      backend: { id: backend.id, tfName: backend.tfName, device: backend.device, skipped: backend.skipped },
      size: loaded.size,
      layers: c.layers,
      heads: c.heads,
      contextLength: c.contextLength,
      vocabSize: c.vocabSize,
      parameters: loaded.model.parameterCount(),
    };
    return { loaded, info };
  })();
  loading.catch(() => (loading = undefined)); // a later attempt may succeed
  return loading;
}

// A zero-delay yield: a message through a channel is a new task, so a Stop message posted by the
// page meanwhile is handled before the next step (setTimeout(0) would be clamped to 4 ms).
const channel = new MessageChannel();
let resume: (() => void) | undefined;
channel.port1.onmessage = () => resume?.();
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => {
    resume = resolve;
    channel.port2.postMessage(null);
  });

const stopRequested = new Set<number>();
let queue: Promise<void> = Promise.resolve();

async function generate(m: Extract<ToWorker, { type: "generate" }>): Promise<void> {
  if (!loading) throw new Error("generate before load: send a load message first");
  const { model, tokenizer } = (await loading).loaded;
  const poem = await streamPoem(model, tokenizer, m.request, {
    onCharacter: (step) => post({ type: "character", id: m.id, step }),
    ...(m.attentionEveryMs !== null
      ? {
          onAttention: (attention) => post({ type: "attention", id: m.id, attention }),
          attentionIntervalMs: m.attentionEveryMs,
        }
      : {}),
    shouldStop: () => stopRequested.has(m.id),
    pause: yieldToEventLoop,
  });
  stopRequested.delete(m.id);
  post({ type: "done", id: m.id, poem, numTensors: tf.memory().numTensors });
}

listen((m) => {
  switch (m.type) {
    case "load":
      load(m).then(
        ({ info }) => post({ type: "loaded", id: m.id, info }),
        (err: unknown) => post({ type: "error", id: m.id, message: message(err) }),
      );
      break;
    case "generate":
      // One poem at a time, in the order asked.
      queue = queue.then(() =>
        generate(m).catch((err: unknown) => {
          stopRequested.delete(m.id);
          post({ type: "error", id: m.id, message: message(err) });
        }),
      );
      break;
    case "stop":
      stopRequested.add(m.id);
      break;
    case "memory":
      post({ type: "memory", id: m.id, numTensors: tf.memory().numTensors });
      break;
  }
});
