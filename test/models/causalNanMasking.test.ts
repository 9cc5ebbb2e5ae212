import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { GPT, decodeForward } from "../../src/lib/models/generation";
import { mulberry32 } from "../../src/lib/util/random";

beforeAll(async () => {
  await initBackend({ log: false });
});

// A causal model whose token table holds a NaN (or ∞) row: the positions BEFORE that token must not
// see it (it is masked for them), in the teacher-forced forward pass (GPT.hidden: a [T, T] bool mask)
// and in the KV cache's prompt path (decodeForward: the causal flag).
const config = { vocabSize: 31, dModel: 32, heads: 4, layers: 2, contextLength: 48, dropout: 0, seed: 11 };
const BAD_ID = 30;

/** A prompt of T ids in [2, 29] with BAD_ID at position p. */
function prompt(T: number, p: number): number[] {
  const random = mulberry32(T);
  return Array.from({ length: T }, (_, t) => (t === p ? BAD_ID : 2 + Math.floor(random() * 28)));
}

/** Runs fn with row BAD_ID of the token table set to `fill`, then restores the table. */
function withRow<R>(m: GPT, fill: number, fn: () => R): R {
  const table = m.tokenEmbedding.table;
  const saved = tf.clone(table);
  const filled = tf.tidy(() => {
    const row = tf.reshape(tf.equal(tf.range(0, config.vocabSize, 1, "int32"), BAD_ID), [-1, 1]);
    return tf.where(row, tf.fill(table.shape, fill), table);
  });
  table.assign(filled);
  filled.dispose();
  try {
    return fn();
  } finally {
    table.assign(saved);
    saved.dispose();
  }
}

/** Rows [0, p) of x [B, T, d] (or [B·h, T, d_k]), flat. */
function earlyRows(x: tf.Tensor, p: number): number[] {
  const [N, T, w] = x.shape as [number, number, number];
  const data = x.dataSync();
  return Array.from({ length: N }, (_, n) => Array.from(data.subarray(n * T * w, (n * T + p) * w))).flat();
}

function expectFiniteAndEqual(got: number[], want: number[], what: string): void {
  expect(got.every(Number.isFinite), `${what}: not finite before the bad position`).toBe(true);
  expect(got.length).toBe(want.length);
  const worst = got.reduce((m, g, i) => Math.max(m, Math.abs(g - want[i]!)), 0);
  expect(worst, `${what}: largest difference from a zero embedding row`).toBeLessThanOrEqual(1e-6);
}

describe("a NaN or ∞ token embedding does not reach the positions before it", () => {
  it.each([
    ["NaN, T = 40 (sliced attention on wasm)", NaN, 40, 25],
    ["∞, T = 40", Infinity, 40, 33],
    ["NaN, T = 12 (batched attention)", NaN, 12, 7],
  ])("%s: GPT.hidden and decodeForward give the earlier positions their zero-row values", (_, fill, T, p) => {
    const m = new GPT(config);
    const ids = tf.tensor2d([prompt(T, p)], [1, T], "int32");
    const before = tf.memory().numTensors;
    const run = () => {
      const hidden = m.hidden(ids); // [1, T, d]
      const r = decodeForward(m, ids);
      const out = {
        hidden: earlyRows(hidden, p),
        // The last block's keys and values: computed from the earlier positions' attention outputs.
        keys: earlyRows(r.present.keys[1]!, p),
        values: earlyRows(r.present.values[1]!, p),
        laterHidden: Array.from(hidden.dataSync().subarray(p * config.dModel)),
      };
      tf.dispose([hidden, r.logits, ...r.present.keys, ...r.present.values]);
      return out;
    };
    const got = withRow(m, fill, run);
    const want = withRow(m, 0, run);
    expectFiniteAndEqual(got.hidden, want.hidden, "GPT.hidden");
    expectFiniteAndEqual(got.keys, want.keys, "decodeForward keys of block 2");
    expectFiniteAndEqual(got.values, want.values, "decodeForward values of block 2");
    // The bad position itself and the ones after it do see it: not silently repaired.
    expect(got.laterHidden.some((x) => !Number.isFinite(x))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    ids.dispose();
    m.dispose();
  });
});
