import * as tf from "@tensorflow/tfjs-core";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { Embedding, TransformerEncoder } from "../../src/lib/attention";
import {
  assignWeights,
  crc32,
  decodeModel,
  encodeModel,
  fetchModel,
  parseModelJson,
} from "../../src/lib/models";
import { loadModel, saveModel } from "../../src/lib/experiments/modelStore";

let tmp = "";
beforeAll(async () => {
  await initBackend({ log: false });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "blocks-serialize-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface TinyConfig {
  vocabSize: number;
  dModel: number;
  heads: number;
  dFF: number;
  layers: number;
  seed: number;
}

/** A tiny encoder model: embedding → encoder stack. ids [B, T] → [B, T, dModel]. */
function build(c: TinyConfig) {
  const emb = new Embedding({ vocabSize: c.vocabSize, dim: c.dModel, seed: c.seed });
  const enc = new TransformerEncoder({ ...c, dropout: 0 });
  return {
    apply: (ids: tf.Tensor) => tf.tidy(() => enc.apply(emb.apply(ids))),
    variables: () => ({
      ...Object.fromEntries(Object.entries(emb.variables()).map(([k, v]) => [`emb.${k}`, v])),
      ...Object.fromEntries(Object.entries(enc.variables()).map(([k, v]) => [`enc.${k}`, v])),
    }),
    dispose: () => {
      emb.dispose();
      enc.dispose();
    },
  };
}

const config: TinyConfig = { vocabSize: 11, dModel: 8, heads: 2, dFF: 16, layers: 2, seed: 3 };
const ids = () =>
  tf.tensor2d(
    [
      [1, 2, 3, 4],
      [5, 6, 7, 10],
    ],
    [2, 4],
    "int32",
  );

describe("serialize", () => {
  it("crc32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789")).toString(16)).toBe("cbf43926");
  });

  it("save → load round trip gives identical outputs", async () => {
    const a = build(config);
    const dir = path.join(tmp, "roundtrip");
    const saved = await saveModel(dir, a.variables(), config, { metadata: { note: "test" } });
    expect(saved.files.map((f) => path.basename(f))).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(await fs.readFile(path.join(dir, "model.json"), "utf8"));
    expect(json.weightsManifest[0].paths).toEqual(["weights.bin"]);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain("enc.0.attn.wq");
    expect(json.userDefinedMetadata).toEqual({ note: "test" });

    const loaded = await loadModel<TinyConfig>(dir);
    expect(loaded.config).toEqual(config);
    const b = build({ ...loaded.config, seed: 99 }); // different init, then overwritten
    const x = ids();
    expect(tf.max(tf.abs(tf.sub(a.apply(x), b.apply(x)))).dataSync()[0]).toBeGreaterThan(1e-3);
    assignWeights(b.variables(), loaded.weights, dir);
    tf.dispose(Object.values(loaded.weights));
    expect(Array.from(b.apply(x).dataSync())).toEqual(Array.from(a.apply(x).dataSync()));
    a.dispose();
    b.dispose();
  });

  it("a truncated weights file gives an error naming the file and the sizes", async () => {
    const a = build(config);
    const dir = path.join(tmp, "truncated");
    const { weightBytes: bytes } = await saveModel(dir, a.variables(), config);
    const bin = path.join(dir, "weights.bin");
    await fs.truncate(bin, bytes - 10);
    await expect(loadModel(dir)).rejects.toThrow(
      new RegExp(
        `${bin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is truncated: ${bytes - 10} bytes, .* needing ${bytes} bytes`,
      ),
    );
    a.dispose();
  });

  it("a garbled weights file (same size) is reported as corrupted, naming the file", async () => {
    const a = build(config);
    const dir = path.join(tmp, "garbled");
    await saveModel(dir, a.variables(), config);
    const bin = path.join(dir, "weights.bin");
    const buf = await fs.readFile(bin);
    buf[100] = buf[100]! ^ 0xff;
    await fs.writeFile(bin, buf);
    await expect(loadModel(dir)).rejects.toThrow(
      /weights\.bin is corrupted: CRC-32 is [0-9a-f]{8}, model\.json expects/,
    );
    a.dispose();
  });

  it("a garbled or foreign model.json is reported with the file and the field", async () => {
    const dir = path.join(tmp, "badjson");
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "model.json"), '{"format": "llm-footprint-weights", ');
    await expect(loadModel(dir)).rejects.toThrow(/badjson\/model\.json: not valid JSON/);
    expect(() => parseModelJson('{"format":"layers-model"}', "m.json")).toThrow(
      /m\.json: field "format" is "layers-model", expected "llm-footprint-weights"/,
    );
    const escaping = {
      format: "llm-footprint-weights",
      formatVersion: 1,
      modelConfig: {},
      weightsManifest: [{ paths: ["../secret.bin"], weights: [] }],
    };
    expect(() => parseModelJson(JSON.stringify(escaping), "m.json")).toThrow(
      /m\.json: weightsManifest\[0\]\.paths: "\.\.\/secret\.bin" is not a plain file name/,
    );
    await expect(loadModel(path.join(tmp, "nowhere"))).rejects.toThrow(
      /nowhere\/model\.json: cannot read \(ENOENT\)/,
    );
  });

  it("a failing save keeps the previous model and leaves no temporary files", async () => {
    const a = build(config);
    const dir = path.join(tmp, "atomic");
    await saveModel(dir, a.variables(), config);
    const before = await fs.readFile(path.join(dir, "weights.bin"));
    const other = build({ ...config, seed: 5 });
    let calls = 0;
    await expect(
      saveModel(dir, other.variables(), config, {
        writeFile: async (file, data) => {
          if (++calls === 2) throw new Error("disk full");
          await fs.writeFile(file, data);
        },
      }),
    ).rejects.toThrow(/could not save .*atomic \(previous model kept\): disk full/);
    expect((await fs.readFile(path.join(dir, "weights.bin"))).equals(before)).toBe(true);
    expect(await fs.readdir(tmp)).not.toContainEqual(expect.stringMatching(/^\.atomic\./));
    // A successful save replaces it.
    await saveModel(dir, other.variables(), config);
    expect((await fs.readFile(path.join(dir, "weights.bin"))).equals(before)).toBe(false);
    expect((await fs.readdir(tmp)).filter((f) => f.startsWith(".atomic"))).toEqual([]);
    a.dispose();
    other.dispose();
  });

  it("assignWeights names missing, unexpected and mis-shaped weights", () => {
    const m = build(config);
    const vars = m.variables();
    const weights: Record<string, tf.Tensor> = { ...vars };
    delete weights["enc.ln.gamma"];
    weights["dec.extra"] = tf.zeros([1]);
    expect(() => assignWeights(vars, weights, "w.bin")).toThrow(
      /w\.bin do not match the model: missing enc\.ln\.gamma; unexpected dec\.extra/,
    );
    expect(() => assignWeights(vars, { ...vars, "emb.table": tf.zeros([3, 8]) }, "w.bin")).toThrow(
      /w\.bin: "emb\.table" has shape \[3,8\], the model expects \[11,8\]/,
    );
    m.dispose();
  });

  it("refuses to save NaN weights", async () => {
    await expect(encodeModel({ w: tf.tensor1d([1, NaN]) }, {})).rejects.toThrow(
      /"w" has a non-finite value at flat index 1/,
    );
  });

  it("loads from a URL with fetch, and names the URL on HTTP errors", async () => {
    const a = build(config);
    const { modelJson, weightData } = await encodeModel(a.variables(), config);
    const files: Record<string, Response> = {};
    const fakeFetch = (async (url: string) => {
      if (url === "https://x.test/m/model.json") return new Response(JSON.stringify(modelJson));
      if (url === "https://x.test/m/weights.bin") return new Response(weightData);
      return files[url] ?? new Response("not found", { status: 404, statusText: "Not Found" });
    }) as typeof fetch;
    const loaded = await fetchModel<TinyConfig>("https://x.test/m", { fetch: fakeFetch });
    expect(loaded.config).toEqual(config);
    const direct = decodeModel(modelJson, weightData);
    for (const [k, v] of Object.entries(direct.weights))
      expect(Array.from(loaded.weights[k]!.dataSync())).toEqual(Array.from(v.dataSync()));
    await expect(fetchModel("https://x.test/missing/", { fetch: fakeFetch })).rejects.toThrow(
      "https://x.test/missing/model.json: HTTP 404 Not Found",
    );
    a.dispose();
  });

  it("leaks no tensors when encoding and decoding", async () => {
    const a = build(config);
    const n = tf.memory().numTensors;
    const { modelJson, weightData } = await encodeModel(a.variables(), config);
    const d = decodeModel(modelJson, weightData);
    tf.dispose(Object.values(d.weights));
    expect(tf.memory().numTensors).toBe(n);
    a.dispose();
  });
});
