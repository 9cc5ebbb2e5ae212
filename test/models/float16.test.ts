import * as tf from "@tensorflow/tfjs-core";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import {
  compareFloat16,
  convertModelFolder,
  ensureCheckpoint,
  isFloat16Folder,
  type HeldOutMetric,
} from "../../src/lib/experiments/float16";
import { poetryToleranceReason, twoDigits } from "../../src/lib/experiments/float16Metrics";
import { loadModel, saveModel } from "../../src/lib/experiments/modelStore";
import { FLOAT16_MAX, float32ToFloat16, fromFloat16Bits, toFloat16Bits } from "../../src/lib/models/float16";
import { decodeModel, encodeModel, parseModelJson } from "../../src/lib/models/serialize";

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
});

describe("float16 encoder", () => {
  it("encodes exactly representable values exactly, and the special ones", () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [FLOAT16_MAX, 0x7bff],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [Infinity, 0x7c00],
      [1e6, 0x7c00], // too large: ∞
      [2 ** -26, 0x0000], // below half the smallest subnormal
    ];
    for (const [v, bits] of cases) expect(toFloat16Bits(v), String(v)).toBe(bits);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it("rounds to the nearest half-precision value, ties to even", () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1+2⁻¹⁰: even (1)
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 1+2⁻¹⁰ and 1+2⁻⁹: even
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above halfway: up
    expect(toFloat16Bits(2047.5)).toBe(0x6800); // rounds up into the next exponent (2048)
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // subnormal tie: 1.5 → 2 (even)
  });

  it("agrees with tfjs's float16 decoder within half a unit in the last place", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const values = Float32Array.from({ length: 4000 }, (_, i) => (rnd() - 0.5) * 10 ** ((i % 9) - 6));
    const halves = float32ToFloat16(values);
    const decoded = tf.io
      .decodeWeights(halves.buffer as ArrayBuffer, [
        { name: "w", shape: [values.length], dtype: "float32", quantization: { dtype: "float16" } },
      ])
      .w!.dataSync();
    values.forEach((v, i) => {
      const got = decoded[i]!;
      expect(got).toBe(fromFloat16Bits(halves[i]!));
      const ulp = Math.abs(v) >= 2 ** -14 ? 2 ** (Math.floor(Math.log2(Math.abs(v))) - 10) : 2 ** -24;
      expect(Math.abs(got - v)).toBeLessThanOrEqual(ulp / 2 + 1e-30);
    });
  });
});

describe("float16 model files", () => {
  const weights = () => ({
    "emb.table": tf.tensor2d([
      [0.1, -0.25],
      [3.5, 1e-3],
    ]),
    ids: tf.tensor1d([1, 2, 3], "int32"),
  });

  it("stores float32 tensors in half the bytes and loads them back within float16 rounding", async () => {
    const w = weights();
    const full = await encodeModel(w, { kind: "t" });
    const half = await encodeModel(w, { kind: "t" }, { weightDtype: "float16" });
    expect(half.weightData.byteLength).toBe(4 * 2 + 3 * 4); // 4 halves + 3 int32
    expect(full.weightData.byteLength).toBe(4 * 4 + 3 * 4);
    const json = parseModelJson(JSON.stringify(half.modelJson));
    const back = decodeModel(json, half.weightData).weights;
    expect(back["emb.table"]!.dtype).toBe("float32");
    const want = w["emb.table"].dataSync();
    back["emb.table"]!.dataSync().forEach((v, i) =>
      expect(Math.abs(v - want[i]!)).toBeLessThan(Math.abs(want[i]!) * 2 ** -11 + 1e-9),
    );
    expect(Array.from(back.ids!.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([...Object.values(w), ...Object.values(back)]);
  });

  it("refuses a weight beyond float16's range, and quantizations it does not read", async () => {
    const big = { w: tf.tensor1d([1, 7e4]) };
    await expect(encodeModel(big, {}, { weightDtype: "float16" })).rejects.toThrow(
      /"w" holds 70000 at flat index 1, beyond float16/,
    );
    const { modelJson } = await encodeModel({ w: tf.tensor1d([1, 2]) }, {});
    modelJson.weightsManifest[0]!.weights[0]!.quantization = { dtype: "uint8", scale: 1, min: 0 };
    expect(() => parseModelJson(JSON.stringify(modelJson), "m/model.json")).toThrow(
      /m\/model.json: weightsManifest\[0\]\.weights\[0\] \("w"\): quantization .* is not supported; accepted: \{ "dtype": "float16" \}/,
    );
    tf.dispose(Object.values(big));
  });
});

describe("compareFloat16", () => {
  async function float32Folder(): Promise<string> {
    const root = mkdtempSync(path.join(os.tmpdir(), "footprint-f16-"));
    const dir = path.join(root, "shipped");
    const w = weights();
    await saveModel(
      dir,
      w,
      { kind: "t" },
      { metadata: { training: { ledgerId: "sha256:x" } }, files: { "vocab.json": "[1]\n" } },
    );
    tf.dispose(Object.values(w));
    return dir;
  }
  const weights = () => ({ a: tf.tensor2d([[0.1, 0.2, 0.3, 0.4]]), b: tf.tensor1d([1e-3, -2]) });
  const metric = (change: number) => ({
    name: "fake",
    better: "lower" as const,
    tolerance: 0.01,
    toleranceReason: "test",
    score: async (dir: string) => (isFloat16Folder(dir) ? 5 + change : 5),
  });

  it("converts, records both figures and ships within tolerance; the checkpoint stays float32", async () => {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoints", "demo");
    ensureCheckpoint(shipped, checkpoint);
    const results = path.join(root, "float16.json");
    const r = await compareFloat16({
      demo: "demo",
      checkpointDir: checkpoint,
      candidateDir: path.join(root, "candidate"),
      shippedDir: shipped,
      metric: metric(0.004),
      ship: true,
      resultsFile: results,
      log: () => {},
    });
    expect(r).toMatchObject({ withinTolerance: true, shipped: true });
    expect(r.change).toBeCloseTo(0.004, 9);
    expect(r.float16.weightBytes * 2).toBe(r.float32.weightBytes);
    expect(isFloat16Folder(shipped)).toBe(true);
    expect(isFloat16Folder(checkpoint)).toBe(false);
    expect(readFileSync(path.join(shipped, "vocab.json"), "utf8")).toBe("[1]\n");
    const loaded = await loadModel(shipped);
    expect(loaded.metadata).toMatchObject({
      training: { ledgerId: "sha256:x" },
      weights: { dtype: "float16" },
    });
    tf.dispose(Object.values(loaded.weights));
    expect(JSON.parse(readFileSync(results, "utf8")).demo.float16.value).toBe(5.004);
    // A float16 folder is never converted again, nor taken as a checkpoint.
    await expect(convertModelFolder(shipped, path.join(root, "again"), "x")).rejects.toThrow(
      /already stored as float16/,
    );
    expect(() => ensureCheckpoint(shipped, path.join(root, "checkpoints", "other"))).toThrow(
      /restore the checkpoint from git history/,
    );
  });

  /** Ships a float16 copy whose metric changes by `change`; expects the refusal and the shipped weights kept. */
  async function expectRefusal(change: number, message: RegExp): Promise<void> {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoint");
    ensureCheckpoint(shipped, checkpoint);
    const before = readFileSync(path.join(shipped, "weights.bin"));
    await expect(
      compareFloat16({
        demo: "demo",
        checkpointDir: checkpoint,
        candidateDir: path.join(root, "candidate"),
        shippedDir: shipped,
        metric: metric(change),
        ship: true,
        log: () => {},
      }),
    ).rejects.toThrow(message);
    expect(readFileSync(path.join(shipped, "weights.bin")).equals(before)).toBe(true);
  }

  it("refuses to ship beyond tolerance and leaves the shipped folder as it was", () =>
    expectRefusal(
      0.02,
      /changes fake by 0.0200 \(tolerance 0.01 in the worse direction\); .* was not replaced/,
    ));

  it("refuses to ship when the float16 model scores NaN", () =>
    expectRefusal(NaN, /changes fake by NaN .* was not replaced/));

  it("ships the folder it converted and scored (one conversion), with the metric's own metadata", async () => {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoint");
    ensureCheckpoint(shipped, checkpoint);
    const candidate = path.join(root, "candidate");
    const scored: string[] = [];
    let calls = 0;
    const r = await compareFloat16({
      demo: "demo",
      checkpointDir: checkpoint,
      candidateDir: candidate,
      shippedDir: shipped,
      metric: {
        ...metric(0),
        score: async (dir) => (scored.push(dir), 5),
        // Differs from call to call: a second conversion could not reproduce this folder.
        float16Metadata: async () => ({ recorded: ++calls }),
      },
      ship: true,
      log: () => {},
    });
    expect(r.shipped).toBe(true);
    expect(scored).toEqual([checkpoint, candidate]);
    expect(calls).toBe(1);
    expect(readdirSync(shipped).sort()).toEqual(readdirSync(candidate).sort());
    for (const f of readdirSync(candidate))
      expect(readFileSync(path.join(shipped, f)).equals(readFileSync(path.join(candidate, f))), f).toBe(true);
    const shippedJson = JSON.parse(readFileSync(path.join(shipped, "model.json"), "utf8"));
    expect(r.float16.weightsChecksum).toBe(shippedJson.weightsChecksum.value);
    expect(r.float32.weightsChecksum).toBe(
      JSON.parse(readFileSync(path.join(checkpoint, "model.json"), "utf8")).weightsChecksum.value,
    );
    expect(shippedJson.userDefinedMetadata).toMatchObject({
      recorded: 1,
      weights: { dtype: "float16", float32Checksum: expect.stringMatching(/^[0-9a-f]{8}$/) },
    });
  });

  it("renders the tolerance reason from the float32 score, and counts changed outputs", async () => {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoint");
    ensureCheckpoint(shipped, checkpoint);
    const m: HeldOutMetric = {
      ...metric(0),
      better: "higher",
      toleranceReason: (f32) => `one item is ${100 / f32.outputs!.length} points`,
      outputsName: "labels",
      score: async (dir) =>
        isFloat16Folder(dir) ? { value: 75, outputs: [1, 0, 0, 1] } : { value: 75, outputs: [1, 1, 0, 0] },
    };
    const r = await compareFloat16({
      demo: "demo",
      checkpointDir: checkpoint,
      candidateDir: path.join(root, "candidate"),
      shippedDir: shipped,
      metric: m,
      log: () => {},
    });
    expect(r.toleranceReason).toBe("one item is 25 points");
    expect(r.changedOutputs).toEqual({ what: "labels", count: 2, of: 4 });
    expect(r.shipped).toBe(false);
  });

  it("holds guarded extra figures to the tolerance too, and records a refused run", async () => {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoint");
    ensureCheckpoint(shipped, checkpoint);
    const results = path.join(root, "float16.json");
    const m: HeldOutMetric = {
      ...metric(0),
      better: "higher",
      tolerance: 0.3,
      extraNames: { beamBleu: "beam BLEU" },
      guarded: ["beamBleu"],
      score: async (dir) => ({ value: 20, extra: { beamBleu: isFloat16Folder(dir) ? 20.5 : 21 } }),
    };
    await expect(
      compareFloat16({
        demo: "demo",
        checkpointDir: checkpoint,
        candidateDir: path.join(root, "candidate"),
        shippedDir: shipped,
        metric: m,
        ship: true,
        resultsFile: results,
        log: () => {},
      }),
    ).rejects.toThrow(/changes beam BLEU by -0.5000 \(tolerance 0.3/);
    const recorded = JSON.parse(readFileSync(results, "utf8")).demo;
    expect(recorded).toMatchObject({
      withinTolerance: false,
      shipped: false,
      extraChange: { beamBleu: -0.5 },
    });
    expect(isFloat16Folder(shipped)).toBe(false);
  });

  it("takes a newly promoted float32 model as the checkpoint, and refuses a checkpoint of other weights", async () => {
    const shipped = await float32Folder();
    const root = path.dirname(shipped);
    const checkpoint = path.join(root, "checkpoint");
    writeFileSync(path.join(shipped, "vocab.json"), "[2]\n");
    ensureCheckpoint(shipped, checkpoint);
    // A new model is promoted into the shipped folder: it, not the old checkpoint, is what gets converted.
    const w = { a: tf.tensor2d([[9, 8, 7, 6]]), b: tf.tensor1d([5, 4]) };
    await saveModel(shipped, w, { kind: "t" }, { files: { "vocab.json": "[3]\n" } });
    tf.dispose(Object.values(w));
    expect(ensureCheckpoint(shipped, checkpoint)).toBe("copied");
    expect(readFileSync(path.join(checkpoint, "vocab.json"), "utf8")).toBe("[3]\n");
    await compareFloat16({
      demo: "demo",
      checkpointDir: checkpoint,
      candidateDir: path.join(root, "candidate"),
      shippedDir: shipped,
      metric: metric(0),
      ship: true,
      log: () => {},
    });
    expect(ensureCheckpoint(shipped, checkpoint)).toBe("kept");
    // Another float32 model in the checkpoint folder is not the one the shipped weights were rounded from.
    const other = { a: tf.tensor2d([[1, 1, 1, 1]]), b: tf.tensor1d([1, 1]) };
    await saveModel(checkpoint, other, { kind: "t" });
    tf.dispose(Object.values(other));
    expect(() => ensureCheckpoint(shipped, checkpoint)).toThrow(
      /is not the float32 model of .*float32Checksum/,
    );
  });
});

describe("tolerance reasons", () => {
  it("are rendered from the figures: the poetry model's share and the seed spread", () => {
    expect(twoDigits(0.0012674)).toBe("0.0013");
    expect(twoDigits(11.65)).toBe("12");
    expect(
      poetryToleranceReason(0.01, 7.890246683538127, {
        runs: 2,
        spread: 7.9760688829654836 - 7.890246683538127,
      }),
    ).toBe(
      "0.01 bits/char is 0.13 % of the model's 7.9 bits/char and 12 % of the spread between its 2 seed runs " +
        "(0.086 bits/char, promotion.json)",
    );
    expect(poetryToleranceReason(0.01, 5, null)).toBe(
      "0.01 bits/char is 0.2 % of the model's 5 bits/char; promotion.json records no seed runs to compare with",
    );
  });
});
