import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import {
  GPT,
  Generation,
  argMax,
  generate,
  scoreSequence,
  scoreSequences,
  scoreWithWindows,
  windowStart,
} from "../../../src/lib/models/generation";
import type { GptConfig } from "../../../src/lib/models/generation";

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
});

const V = 29;
const BOS = 2;
const EOS = 3;
const config: GptConfig = {
  vocabSize: V,
  dModel: 32,
  heads: 4,
  layers: 2,
  contextLength: 10,
  dropout: 0,
  seed: 21,
};

/** log₂-probabilities of the id after the last of `window`, by the teacher-forced forward pass. */
function nextLog2Probs(m: GPT, window: number[]): Float32Array {
  return tf.tidy(() => {
    const logits = m.nextLogits(tf.tensor2d([window], undefined, "int32"));
    return tf.div(tf.logSoftmax(logits), Math.LN2).dataSync() as Float32Array;
  });
}

const ids = (n: number, seed = 1) => Array.from({ length: n }, (_, i) => 4 + ((i * 7 + seed * 3) % (V - 4)));

describe("windowStart", () => {
  it.each([
    // [n, C, shift, start]
    [0, 10, 1, 0],
    [9, 10, 1, 0],
    [10, 10, 1, 1],
    [25, 10, 1, 16],
    [10, 10, 4, 4],
    [13, 10, 4, 4],
    [14, 10, 4, 8],
    [17, 10, 4, 8],
  ])("index %i, context %i, shift %i → window from %i", (n, C, shift, start) => {
    const s = windowStart(n, C, shift);
    expect(s).toBe(start);
    expect(n - s + 1).toBeLessThanOrEqual(C); // the window [s, n] fits the context
  });
});

describe("generate", () => {
  it("greedy decoding follows the arg-max of the recomputed logits", () => {
    const m = new GPT(config);
    const prompt = [5, 6];
    const out = generate(m, prompt, { bosId: BOS, maxTokens: 25, temperature: 0 });
    expect(out.length).toBe(25); // no eosId: runs to maxTokens
    const seq = [BOS, ...prompt];
    for (const id of out) {
      const window = seq.slice(windowStart(seq.length - 1, 10)); // slides past the context of 10
      expect(id).toBe(argMax(nextLog2Probs(m, window)));
      seq.push(id);
    }
    m.dispose();
  });

  it.each([1, 3])(
    "gives the same text with and without the cache, past the context too (window shift %i)",
    (windowShift) => {
      const m = new GPT(config);
      const options = { bosId: BOS, maxTokens: 30, temperature: 1.2, topK: 20, seed: 5, windowShift };
      const cached = generate(m, [7], { ...options, useCache: true });
      const recomputed = generate(m, [7], { ...options, useCache: false });
      expect(cached).toEqual(recomputed);
      m.dispose();
    },
  );

  it("same seed → same text; another seed → another text", () => {
    const m = new GPT(config);
    const run = (seed: number) => generate(m, [5], { bosId: BOS, maxTokens: 20, temperature: 1.5, seed });
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    m.dispose();
  });

  it("streams each id to onToken as it is chosen, in order", () => {
    const m = new GPT(config);
    const seen: Array<[number, number]> = [];
    const out = generate(m, [], {
      bosId: BOS,
      maxTokens: 8,
      seed: 3,
      onToken: (id, i) => seen.push([id, i]),
    });
    expect(seen).toEqual(out.map((id, i) => [id, i]));
    m.dispose();
  });

  it("stops at EOS without returning it, and at maxTokens", () => {
    const m = new GPT(config);
    // Force EOS as the fourth id with a logits processor.
    const forceEos = (logits: Float32Array, text: readonly number[]) => {
      if (text.length === 1 + 3) for (let i = 0; i < logits.length; i++) if (i !== EOS) logits[i] = -Infinity;
    };
    const g = new Generation(m, [5], {
      bosId: BOS,
      eosId: EOS,
      maxTokens: 50,
      seed: 1,
      processLogits: forceEos,
    });
    while (g.next() !== null);
    expect(g.generated.length).toBe(3);
    expect(g.stopReason).toBe("eos");
    expect(g.text()).toEqual([5, ...g.generated]);
    expect(g.next()).toBeNull();
    g.dispose();
    expect(generate(m, [5], { bosId: BOS, maxTokens: 0 })).toEqual([]);
    m.dispose();
  });

  it("lets a logits processor constrain every choice", () => {
    const m = new GPT(config);
    const onlyEven = (logits: Float32Array) => {
      for (let i = 1; i < logits.length; i += 2) logits[i] = -Infinity;
    };
    const out = generate(m, [], {
      bosId: BOS,
      maxTokens: 30,
      temperature: 2,
      seed: 4,
      processLogits: onlyEven,
    });
    expect(out.every((id) => id % 2 === 0)).toBe(true);
    m.dispose();
  });

  it.each([
    ["a negative temperature", { temperature: -1 }, /temperature must be a number ≥ 0/],
    ["top-p of 0", { topP: 0 }, /top-p must be in \(0, 1\]/],
    ["a BOS outside the vocabulary", { bosId: V }, /bosId must be an integer id in \[0, vocabSize=29\)/],
    ["a window shift of 0", { windowShift: 0 }, /windowShift must be an integer in \[1, contextLength=10\)/],
    ["a negative maxTokens", { maxTokens: -1 }, /maxTokens must be an integer ≥ 0/],
  ])("rejects %s", (_, bad, message) => {
    const m = new GPT(config);
    expect(() => generate(m, [5], { bosId: BOS, ...bad })).toThrow(message);
    expect(() => generate(m, [V + 3], { bosId: BOS })).toThrow(/prompt\[0\] must be an integer id/);
    m.dispose();
  });

  it("keeps working when built inside a caller's tf.tidy, with or without the cache", () => {
    const m = new GPT(config);
    for (const useCache of [true, false]) {
      let built: Generation | undefined;
      tf.tidy(() => {
        built = new Generation(m, [5], { bosId: BOS, maxTokens: 5, seed: 1, useCache }); // not returned
      });
      const g = built!;
      while (g.next() !== null);
      expect(g.generated.length).toBe(5);
      g.dispose();
    }
    m.dispose();
  });

  it("leaves no tensor behind, with or without the cache", () => {
    const m = new GPT(config);
    const before = tf.memory().numTensors;
    for (const useCache of [true, false]) generate(m, [5], { bosId: BOS, maxTokens: 15, seed: 1, useCache });
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe("scoreSequence", () => {
  it("scores a sequence shorter than the context like the per-character windows and the direct forward pass", () => {
    const m = new GPT(config);
    const seq = ids(7);
    const fast = scoreSequence(m, seq, { bosId: BOS });
    const slow = scoreWithWindows(m, seq, { bosId: BOS });
    const x = [BOS, ...seq];
    seq.forEach((id, i) => {
      expect(fast[i]).toBeCloseTo(slow[i]!, 4);
      expect(fast[i]).toBeCloseTo(-nextLog2Probs(m, x.slice(0, i + 1))[id]!, 4);
    });
    m.dispose();
  });

  it("slides its window past the context: exact for the first C characters, the C predecessors after", () => {
    const m = new GPT(config);
    const C = 10;
    const seq = ids(27, 2);
    const bits = scoreSequence(m, seq, { bosId: BOS, batchSize: 4 });
    expect(bits.length).toBe(27);
    // The first C characters: as scored alone (every predecessor and BOS fit the context).
    const head = scoreSequence(m, seq.slice(0, C), { bosId: BOS });
    for (let i = 0; i < C; i++) expect(bits[i]).toBeCloseTo(head[i]!, 4);
    // Character i > C (1-based): conditioned on exactly the C ids before it.
    const x = [BOS, ...seq];
    for (let i = C + 1; i <= 27; i++) {
      const expected = -nextLog2Probs(m, x.slice(i - C, i))[x[i]!]!;
      expect(bits[i - 1]).toBeCloseTo(expected, 4);
    }
    const slow = scoreWithWindows(m, seq, { bosId: BOS });
    bits.forEach((b, i) => expect(b).toBeCloseTo(slow[i]!, 4));
    m.dispose();
  });

  it("scores several sequences at once as one by one, the empty one as nothing", () => {
    const m = new GPT(config);
    const seqs = [ids(3), [], ids(14, 3), [EOS]];
    const together = scoreSequences(m, seqs, { bosId: BOS, batchSize: 3 });
    expect(together.map((b) => b.length)).toEqual([3, 0, 14, 1]);
    seqs.forEach((s, j) => {
      const alone = scoreSequence(m, s, { bosId: BOS });
      alone.forEach((b, i) => expect(together[j]![i]).toBeCloseTo(b, 4));
    });
    m.dispose();
  });

  it("gives an untrained model about log₂ V bits per character and leaves no tensor behind", () => {
    const m = new GPT(config);
    const before = tf.memory().numTensors;
    const bits = scoreSequence(m, ids(30), { bosId: BOS });
    expect(tf.memory().numTensors).toBe(before);
    const mean = bits.reduce((a, b) => a + b, 0) / bits.length;
    expect(Math.abs(mean - Math.log2(V))).toBeLessThan(1);
    m.dispose();
  });

  it("rejects ids outside the vocabulary, naming the sequence and position", () => {
    const m = new GPT(config);
    expect(() => scoreSequences(m, [[4], [5, V]], { bosId: BOS })).toThrow(
      /sequence 1, id 1 must be an integer id/,
    );
    m.dispose();
  });
});
