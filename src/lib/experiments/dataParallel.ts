/**
 * Data-parallel training on the CPU cores of one machine (Node-only: worker_threads).
 *
 * The wasm backend runs one thread, so a training step uses one core however many the machine
 * has. Here each batch is split into shards: this thread computes the gradient of shard 0, each
 * worker thread the gradient of one more shard on a replica of the model, and the shard gradients
 * are averaged, weighted by the targets each shard holds, into the gradient of the whole batch.
 * The training loop then clips and applies it once (models/train/loop.ts, config.gradients), so
 * the result is the single-thread step up to float rounding.
 *
 *   const parallel = await startDataParallel(model.variables(), {
 *     workers: 1, taskModule: require.resolve("./generationShards"), factory: "gptShardTask",
 *     init: { config: model.config }, split: splitArray,
 *   });
 *   try { await train(task, { ...config, gradients: parallel.gradientsFor(task) }); }
 *   finally { await parallel.close(); }
 *
 * Weights and gradients travel through SharedArrayBuffers: before each step this thread writes the
 * current weights (float32, variables in a fixed order) into one buffer the workers read; each
 * worker writes its gradients into its own buffer. Messages carry only the shard and the losses.
 * The workers build their replica with `factory(init)` from `taskModule`, which must export it
 * compiled (this runs from dist/; `npm run build:lib`).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import type { BatchGradients, GradientSource, StepOutput, TrainTask } from "../models/train";
import type { VariableMap } from "../attention/layers";

/** What a worker's replica offers: the same variables (by name) and the loss of one shard. */
export interface ShardTask<S> {
  variables: VariableMap;
  /** Loss of a shard, called inside tf.variableGrads with training = true. */
  loss: (shard: S, training: boolean) => StepOutput;
  /** Frees what the last loss call kept (e.g. the batch tensors). */
  release?: () => void;
}

export interface DataParallelOptions<B> {
  /** Worker threads beside this one; each batch is split into workers + 1 shards. */
  workers: number;
  /** Absolute path of the compiled module that exports the replica factory. */
  taskModule: string;
  /** Name of the export: (init) => ShardTask | Promise<ShardTask>. */
  factory: string;
  /** Structured-clonable argument of the factory (e.g. the model config). */
  init: unknown;
  /** Splits a batch into `parts` shards (some may be empty when the batch is small). */
  split: (batch: B, parts: number) => B[];
  /** Backend id for the workers (default: this thread's tf.getBackend()). */
  backend?: string;
}

export interface DataParallel<B> {
  /** The gradient source for train(): shard 0 through this task's loss, the others on the workers. */
  gradientsFor: (task: TrainTask<B>) => GradientSource<B>;
  /** Shards per batch (workers + 1). */
  shards: number;
  close: () => Promise<void>;
}

/**
 * One variable's place in the shared float32 buffers. key: its stable name in the model's
 * VariableMap (the same in every replica); name: the engine's name of the leader's variable
 * (unique per engine, e.g. "dense.b_47"), which keys the gradients.
 */
export interface SlotLayout {
  key: string;
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/**
 * Splits an array batch into `parts` contiguous shards of nearly equal length; the first shard
 * (this thread's) is never empty when the batch is not, later ones may be.
 */
export function splitArray<T>(batch: readonly T[], parts: number): T[][] {
  const at = (i: number) => Math.ceil((i * batch.length) / parts);
  return Array.from({ length: parts }, (_, i) => batch.slice(at(i), at(i + 1)));
}

/** Variables in a fixed order with their offsets in the shared buffers. */
export function slotLayout(variables: VariableMap): SlotLayout[] {
  let offset = 0;
  return Object.entries(variables)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, v]) => {
      const slot = { key, name: v.name, shape: v.shape.slice(), offset, size: v.size };
      offset += v.size;
      return slot;
    });
}

interface ShardResult {
  loss: number;
  correct?: number;
  count: number;
}

type Reply =
  { type: "ready" } | ({ type: "done" } & ShardResult) | { type: "error"; message: string; stack?: string };

function workerScript(): string {
  const file = path.join(__dirname, "dataParallelWorker.js");
  if (!existsSync(file))
    throw new Error(
      `data-parallel training runs from the compiled library: ${file} is missing. Run \`npm run build:lib\` ` +
        "and use the library from dist/ (the CLIs do).",
    );
  return file;
}

/**
 * Starts the workers and builds their replicas of the model whose variables are given; returns
 * gradient sources for train() over any task on those variables.
 */
export async function startDataParallel<B>(
  modelVariables: VariableMap,
  options: DataParallelOptions<B>,
): Promise<DataParallel<B>> {
  const { workers: n } = options;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`startDataParallel: workers must be an integer ≥ 1, got ${String(n)}`);
  const variables = Object.fromEntries(Object.values(modelVariables).map((v) => [v.name, v]));
  const layout = slotLayout(modelVariables);
  const total = layout.reduce((s, l) => s + l.size, 0);
  const weightsBuffer = new SharedArrayBuffer(total * 4);
  const weights = new Float32Array(weightsBuffer);
  const gradBuffers = Array.from({ length: n }, () => new SharedArrayBuffer(total * 4));
  const script = workerScript();
  const threads = gradBuffers.map(() => new Worker(script));
  // One pending reply per worker at a time: the step protocol is request → reply.
  const pending: ({ resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined)[] = threads.map(
    () => undefined,
  );
  threads.forEach((w, i) => {
    w.on("message", (r: Reply) => {
      const p = pending[i];
      pending[i] = undefined;
      p?.resolve(r);
    });
    const fail = (e: Error) => {
      const p = pending[i];
      pending[i] = undefined;
      p?.reject(new Error(`data-parallel worker ${i + 1}: ${e.message}`));
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`exited with code ${code}`)));
  });
  const request = (i: number, message: unknown): Promise<ShardResult | undefined> =>
    new Promise<Reply>((resolve, reject) => {
      pending[i] = { resolve, reject };
      threads[i]!.postMessage(message);
    }).then((r) => {
      if (r.type === "error")
        throw new Error(`data-parallel worker ${i + 1}: ${r.message}\n${r.stack ?? ""}`);
      return r.type === "done" ? { loss: r.loss, correct: r.correct, count: r.count } : undefined;
    });
  const close = async () => {
    await Promise.all(threads.map((w) => w.terminate()));
  };

  try {
    await Promise.all(
      threads.map((_, i) =>
        request(i, {
          type: "init",
          taskModule: options.taskModule,
          factory: options.factory,
          init: options.init,
          backend: options.backend ?? tf.getBackend(),
          layout,
          weights: weightsBuffer,
          grads: gradBuffers[i],
        }),
      ),
    );
  } catch (e) {
    await close();
    throw e;
  }

  const gradientsFor =
    (task: TrainTask<B>): GradientSource<B> =>
    async (batch) => {
      for (const slot of layout) weights.set(variables[slot.name]!.dataSync() as Float32Array, slot.offset);
      const shards = options.split(batch, n + 1);
      const remote = shards
        .slice(1)
        .map((shard, i) =>
          Array.isArray(shard) && shard.length === 0 ? undefined : request(i, { type: "step", shard }),
        );
      let local: BatchGradients | undefined;
      let localError: unknown;
      try {
        local = localShard(task, shards[0]!);
      } catch (e) {
        localError = e;
      }
      // Wait for every worker even when the local shard failed, so that none is left mid-step.
      const results = await Promise.allSettled(remote);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (local === undefined || failed) {
        if (local) tf.dispose(local.grads);
        throw local === undefined ? localError : failed!.reason;
      }
      const localGrads = local.grads;
      const parts: { result: ShardResult; grads: (slot: SlotLayout) => Float32Array }[] = [
        {
          result: local,
          grads: (slot) => (localGrads[slot.name]?.dataSync() as Float32Array) ?? new Float32Array(slot.size),
        },
      ];
      results.forEach((r, i) => {
        const value = (r as PromiseFulfilledResult<ShardResult | undefined>).value;
        if (value && value.count > 0)
          parts.push({
            result: value,
            grads: (slot) => new Float32Array(gradBuffers[i]!, slot.offset * 4, slot.size),
          });
      });
      return combine(layout, parts, local);
    };
  return { gradientsFor, shards: n + 1, close };
}

/** Loss and gradients of shard 0 in this thread. */
function localShard<B>(task: TrainTask<B>, shard: B): BatchGradients {
  let correct: tf.Scalar | undefined;
  let count = 0;
  const { value, grads } = tf.variableGrads(() => {
    const out = task.loss(shard, true);
    correct = out.correct ? tf.keep(out.correct) : undefined;
    count = out.count;
    return out.loss;
  }, Object.values(task.variables));
  const loss = value.dataSync()[0]!;
  value.dispose();
  const c = correct as tf.Scalar | undefined;
  const correctValue = c ? c.dataSync()[0]! : undefined;
  c?.dispose();
  return { loss, correct: correctValue, count, grads };
}

/**
 * The batch's mean loss and gradient from the shards': each shard's loss is a mean over its
 * `count` targets, so the batch's is Σ countᵢ·lossᵢ / Σ countᵢ, and the same weights average the
 * gradients.
 */
function combine(
  layout: SlotLayout[],
  parts: { result: ShardResult; grads: (slot: SlotLayout) => Float32Array }[],
  local: BatchGradients,
): BatchGradients {
  const count = parts.reduce((s, p) => s + p.result.count, 0);
  const w = parts.map((p) => p.result.count / count);
  const grads: tf.NamedTensorMap = {};
  for (const slot of layout) {
    const sum = new Float32Array(slot.size);
    parts.forEach((p, k) => {
      const g = p.grads(slot);
      const wk = w[k]!;
      for (let j = 0; j < slot.size; j++) sum[j]! += wk * g[j]!;
    });
    grads[slot.name] = tf.tensor(sum, slot.shape, "float32");
  }
  tf.dispose(local.grads);
  const anyCorrect = parts.some((p) => p.result.correct !== undefined);
  return {
    loss: parts.reduce((s, p, k) => s + w[k]! * p.result.loss, 0),
    correct: anyCorrect ? parts.reduce((s, p) => s + (p.result.correct ?? 0), 0) : undefined,
    count,
    grads,
  };
}
