// Data-parallel training (src/lib/experiments/dataParallel.ts) against the one-thread step. The
// workers load the compiled library, so this file uses dist/ for the leader too (one copy of
// tfjs-core, the same code on both sides): `npm test` builds it first (`npm run build:lib`).
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { splitArray } from "../../src/lib/experiments/dataParallel";

const DIST = path.resolve(__dirname, "../../dist");
const load = createRequire(__filename);
/* eslint-disable @typescript-eslint/no-explicit-any -- the compiled library is loaded untyped */
let tf: any;
let lib: { gen: any; dp: any; train: any; backend: any; poet: any; tang: any };

describe("splitArray", () => {
  it("cuts a batch into contiguous shards, the first never empty", () => {
    expect(splitArray([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(splitArray([1], 3)).toEqual([[1], [], []]);
    expect(splitArray([1, 2, 3, 4, 5, 6, 7], 3).flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("data-parallel gradients (compiled library, worker threads)", () => {
  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "experiments", "dataParallelWorker.js")))
      throw new Error(`${DIST} has no compiled data-parallel worker: run \`npm run build:lib\` first`);
    tf = load("@tensorflow/tfjs-core");
    lib = {
      gen: load(path.join(DIST, "models/generation")),
      dp: load(path.join(DIST, "experiments/dataParallel")),
      train: load(path.join(DIST, "models/train")),
      backend: load(path.join(DIST, "backend")),
      poet: load(path.join(DIST, "experiments/generation")),
      tang: load(path.join(DIST, "data/tangPoems")),
    };
    load(path.join(DIST, "backend/gradients"));
    await lib.backend.initBackend({ backend: "wasm", log: false });
  });

  const config = { vocabSize: 24, dModel: 16, heads: 2, layers: 1, contextLength: 12, padId: 0, seed: 3 };
  // Sequences of different lengths, so the shards hold different numbers of targets and an
  // unweighted mean of the shard gradients would be wrong.
  const sequences = [
    [3, 4, 5],
    [6, 7, 8, 9, 10, 11, 12],
    [13, 14],
    [15, 16, 17, 18, 19, 20, 21, 22, 23, 3, 4],
    [5, 6, 7, 8],
  ];
  const options = {
    workers: 2,
    factory: "gptShardTask",
    split: (b: unknown[], k: number) => splitArray(b, k),
  };

  function setup() {
    const model = new lib.gen.GPT(config);
    const task = lib.gen.gptTrainTask(
      model,
      { train: sequences, validation: sequences.slice(0, 2) },
      { bosId: 1, eosId: 2, batchSize: 5 },
    );
    return { model, task, batch: task.batches(0)[0] as unknown[] };
  }

  it("gives the one-thread loss and gradient of the whole batch", async () => {
    const { model, task, batch } = setup();
    expect(batch.length).toBe(5);
    const { value, grads } = tf.variableGrads(
      () => task.loss(batch, true).loss,
      Object.values(model.variables()),
    );
    const parallel = await lib.dp.startDataParallel(model.variables(), {
      ...options,
      taskModule: path.join(DIST, "experiments/generationShards.js"),
      init: { config: model.config },
    });
    try {
      const r = await parallel.gradientsFor(task)(batch);
      expect(parallel.shards).toBe(3);
      expect(r.count).toBe(lib.gen.targetCount(batch, 0));
      expect(r.loss).toBeCloseTo(value.dataSync()[0], 5);
      expect(Object.keys(r.grads).sort()).toEqual(Object.keys(grads).sort());
      for (const [name, g] of Object.entries(grads) as [string, any][]) {
        const want = g.dataSync() as Float32Array;
        const got = r.grads[name].dataSync() as Float32Array;
        const scale = Math.max(1e-3, ...Array.from(want, Math.abs));
        const diff = Math.max(...Array.from(want, (w, j) => Math.abs(w - got[j]!)));
        expect(diff / scale, name).toBeLessThan(1e-4);
      }
      tf.dispose([value, ...Object.values(grads), ...Object.values(r.grads)]);
    } finally {
      await parallel.close();
      task.dispose();
      model.dispose();
    }
  });

  it("trains to the same weights as one thread (train() with config.gradients)", async () => {
    const runs: Float32Array[] = [];
    for (const threads of [1, 3]) {
      const { model, task } = setup();
      const parallel =
        threads > 1
          ? await lib.dp.startDataParallel(model.variables(), {
              ...options,
              taskModule: path.join(DIST, "experiments/generationShards.js"),
              init: { config: model.config },
            })
          : undefined;
      try {
        await lib.train.train(task, {
          epochs: 4,
          learningRate: 1e-2,
          warmupSteps: 1,
          progress: "none",
          patience: Infinity,
          gradients: parallel?.gradientsFor(task),
        });
        const table = model.variables()["tokenEmbedding.table"] ?? Object.values(model.variables())[0];
        runs.push(table.dataSync().slice());
      } finally {
        await parallel?.close();
        task.dispose();
        model.dispose();
      }
    }
    const [one, three] = runs as [Float32Array, Float32Array];
    const diff = Math.max(...Array.from(one, (w, j) => Math.abs(w - three[j]!)));
    expect(diff).toBeLessThan(1e-4);
    // The runs moved the weights (a test that compared untouched weights would pass trivially).
    const init = new lib.gen.GPT(config);
    const start = (init.variables()["tokenEmbedding.table"] ?? Object.values(init.variables())[0]).dataSync();
    expect(Math.max(...Array.from(one, (w, j) => Math.abs(w - start[j])))).toBeGreaterThan(1e-3);
    init.dispose();
  });

  it("names the module and the export when a worker cannot build its replica", async () => {
    const { model, task } = setup();
    const taskModule = path.join(DIST, "experiments/generationShards.js");
    await expect(
      lib.dp.startDataParallel(model.variables(), {
        ...options,
        taskModule,
        factory: "noSuchFactory",
        init: { config: model.config },
      }),
    ).rejects.toThrow(/generationShards\.js does not export a function noSuchFactory/);
    task.dispose();
    model.dispose();
  });

  it("trainPoet --threads 2 counts every shard's characters and trains as one thread does", async () => {
    // A small corpus in the chinese-poetry layout: 5-character lines from a few verses.
    const root = mkdtempSync(path.join(os.tmpdir(), "footprint-dp-"));
    mkdirSync(path.join(root, "tang-poems"));
    for (const f of lib.tang.TANG_POEMS_FILES) writeFileSync(path.join(root, "tang-poems", f), "[]");
    const lines = ["春眠不觉晓", "处处闻啼鸟", "夜来风雨声", "花落知多少", "白日依山尽", "黄河入海流"];
    const poems = Array.from({ length: 120 }, (_, i) => ({
      author: "甲",
      title: `题${i}`,
      paragraphs: [`${lines[i % 6]}，${lines[(i + 1) % 6]}。`, `${lines[(i * 5) % 6]}，${String(i)}。`],
    }));
    writeFileSync(path.join(root, "tang-poems", "poet.tang.0.json"), JSON.stringify(poems));
    const data = { dataDir: root, cacheDir: path.join(root, "cache"), env: {}, validation: 0.1, test: 0.1 };
    const reports: any[] = [];
    for (const threads of [1, 2]) {
      const { report } = await lib.poet.trainPoet({
        model: { dModel: 16, heads: 2, layers: 1, contextLength: 32, dropout: 0 },
        budgetSeconds: 600,
        epochs: 2,
        batchSize: 16,
        learningRate: 1e-2,
        warmupSteps: 2,
        evaluateEvery: 5,
        validationPoems: 10,
        minCount: 1,
        threads,
        out: path.join(root, `run-${threads}`),
        data,
        ledger: false,
        progress: "none",
        log: () => {},
      });
      reports.push(report);
    }
    const [one, two] = reports;
    expect(two.threads).toBe(2);
    expect(two.stopReason).toBe("epochs");
    expect(two.steps).toBe(one.steps);
    expect(two.charactersTrainedOn).toBe(one.charactersTrainedOn);
    expect(two.best.validationBits).toBeCloseTo(one.best.validationBits, 3);
  });
});
