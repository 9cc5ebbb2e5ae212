import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import {
  Dense,
  Embedding,
  TransformerDecoder,
  TransformerEncoder,
  sinusoidalPositionalEncoding,
} from "../../src/lib/attention";
import { mulberry32 } from "../../src/lib/util/random";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("a tiny encoder–decoder transformer", () => {
  it("learns to reverse short sequences on the active backend, with loss falling clearly", () => {
    // Vocabulary: 0 = BOS, 1…V−1 = symbols. Source x (length T), target reverse(x);
    // the decoder reads [BOS, y₀ … y_{T−2}] and predicts y (teacher forcing).
    const V = 10;
    const T = 5;
    const B = 32;
    const dModel = 32;
    const cfg = { dModel, heads: 4, dFF: 64, layers: 1, dropout: 0, seed: 1 };
    const emb = new Embedding({ vocabSize: V, dim: dModel, seed: 2, scaleBySqrtDim: true });
    const enc = new TransformerEncoder({ ...cfg, seed: 3 });
    const dec = new TransformerDecoder({ ...cfg, seed: 4 });
    const head = new Dense({ inputDim: dModel, units: V, seed: 5 });
    const pe = sinusoidalPositionalEncoding(T, dModel);
    const modules = [emb, enc, dec, head];
    const varList = modules.flatMap((m) => Object.values(m.variables()));
    const rand = mulberry32(7);

    const batch = () => {
      const src: number[][] = [];
      const tgtIn: number[][] = [];
      const tgtOut: number[][] = [];
      for (let b = 0; b < B; b++) {
        const x = Array.from({ length: T }, () => 1 + Math.floor(rand() * (V - 1)));
        const y = [...x].reverse();
        src.push(x);
        tgtOut.push(y);
        tgtIn.push([0, ...y.slice(0, T - 1)]);
      }
      return {
        src: tf.tensor2d(src, [B, T], "int32"),
        tgtIn: tf.tensor2d(tgtIn, [B, T], "int32"),
        tgtOut: tf.tensor2d(tgtOut, [B, T], "int32"),
      };
    };
    const logitsOf = (src: tf.Tensor, tgtIn: tf.Tensor) => {
      const memory = enc.apply(tf.add(emb.apply(src), pe));
      return head.apply(dec.apply(tf.add(emb.apply(tgtIn), pe), memory)); // [B, T, V]
    };
    const lossOf = (d: ReturnType<typeof batch>) =>
      tf.losses.softmaxCrossEntropy(tf.oneHot(d.tgtOut, V), logitsOf(d.src, d.tgtIn)) as tf.Scalar;

    const evalData = batch();
    const evalLoss = () => tf.tidy(() => lossOf(evalData).dataSync()[0]!);
    const accuracy = () =>
      tf.tidy(() => {
        const pred = tf.argMax(logitsOf(evalData.src, evalData.tgtIn), -1);
        return tf.mean(tf.cast(tf.equal(pred, evalData.tgtOut), "float32")).dataSync()[0]!;
      });

    const before = evalLoss();
    const opt = tf.train.adam(3e-3);
    const steps = 150;
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const d = batch();
      opt.minimize(() => lossOf(d), false, varList);
      tf.dispose([d.src, d.tgtIn, d.tgtOut]);
    }
    const msPerStep = (performance.now() - t0) / steps;
    const after = evalLoss();
    const acc = accuracy();
    console.log(
      `reverse task (${tf.getBackend()}): eval loss ${before.toFixed(3)} → ${after.toFixed(3)} after ${steps} steps, ` +
        `token accuracy ${(acc * 100).toFixed(1)}%, ${msPerStep.toFixed(1)} ms/step (B=${B}, T=${T}, d=${dModel})`,
    );
    expect(before).toBeGreaterThan(2); // ≈ ln 9 at random init
    expect(after).toBeLessThan(0.25 * before);
    expect(acc).toBeGreaterThan(0.8);
    opt.dispose();
    for (const m of modules) m.dispose();
    pe.dispose();
  });
});
