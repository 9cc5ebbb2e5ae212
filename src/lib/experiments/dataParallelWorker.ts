/**
 * The worker thread of experiments/dataParallel.ts: builds a replica of the model with the
 * factory it is given, then for each step copies the current weights from the shared buffer,
 * computes the loss and gradients of its shard and writes the gradients into its own buffer.
 */
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend/node";
import { registerCoreGradients } from "../backend/gradients";
import { registerTrainingGradients } from "../models/train";
import type { ShardTask, SlotLayout } from "./dataParallel";

interface Init {
  type: "init";
  taskModule: string;
  factory: string;
  init: unknown;
  backend: string;
  layout: SlotLayout[];
  weights: SharedArrayBuffer;
  grads: SharedArrayBuffer;
}

let replica: ShardTask<unknown> | undefined;
let slots: { layout: SlotLayout; variable: tf.Variable }[] = [];
let weights: Float32Array;
let grads: Float32Array;

async function init(m: Init): Promise<void> {
  await initBackend({ backend: m.backend, log: () => {} });
  registerCoreGradients();
  registerTrainingGradients();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module path is only known at run time
  const mod = require(m.taskModule) as Record<
    string,
    (init: unknown) => ShardTask<unknown> | Promise<ShardTask<unknown>>
  >;
  const factory = mod[m.factory];
  if (typeof factory !== "function")
    throw new Error(`${m.taskModule} does not export a function ${m.factory}`);
  replica = await factory(m.init);
  const byKey = replica.variables;
  if (Object.keys(byKey).length !== m.layout.length)
    throw new Error(`the replica has ${Object.keys(byKey).length} variables, the model ${m.layout.length}`);
  slots = m.layout.map((layout) => {
    const variable = byKey[layout.key];
    if (!variable || variable.size !== layout.size)
      throw new Error(
        `variable ${layout.key} [${layout.shape.join(", ")}] is ${variable ? `[${variable.shape.join(", ")}]` : "missing"} in the replica`,
      );
    return { layout, variable };
  });
  weights = new Float32Array(m.weights);
  grads = new Float32Array(m.grads);
}

function step(shard: unknown): { loss: number; correct?: number; count: number } {
  const task = replica!;
  for (const { layout, variable } of slots) {
    // A copy: a backend may keep the array it is given, and the buffer changes at the next step.
    const value = tf.tensor(weights.slice(layout.offset, layout.offset + layout.size), layout.shape);
    variable.assign(value);
    value.dispose();
  }
  let correct: tf.Scalar | undefined;
  let count = 0;
  const { value, grads: g } = tf.variableGrads(
    () => {
      const out = task.loss(shard, true);
      correct = out.correct ? tf.keep(out.correct) : undefined;
      count = out.count;
      return out.loss;
    },
    slots.map((s) => s.variable),
  );
  for (const { layout, variable } of slots) {
    const t = g[variable.name];
    if (t) grads.set(t.dataSync() as Float32Array, layout.offset);
    else grads.fill(0, layout.offset, layout.offset + layout.size);
  }
  const loss = value.dataSync()[0]!;
  const c = correct as tf.Scalar | undefined;
  const correctValue = c ? c.dataSync()[0]! : undefined;
  tf.dispose([value, ...Object.values(g), ...(c ? [c] : [])]);
  task.release?.();
  return { loss, correct: correctValue, count };
}

parentPort!.on("message", (m: { type: "init" } | { type: "step"; shard: unknown }) => {
  void (async () => {
    try {
      if (m.type === "init") {
        await init(m as Init);
        parentPort!.postMessage({ type: "ready" });
      } else {
        parentPort!.postMessage({ type: "done", ...step(m.shard) });
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ type: "error", message: err.message, stack: err.stack });
    }
  })();
});
