import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import { TANG_POEMS_FILES } from "../../src/lib/data/tangPoems";
import { readLedger } from "../../src/lib/energy/ledger";
import { regularLineLength } from "../../src/lib/models/generation";
import {
  POET_PROMOTION_FILE,
  evaluatePoet,
  formShares,
  ledgerRecordId,
  loadPoet,
  promotePoet,
  qualityFloorFailures,
  scoreTexts,
  seedSpread,
  trainPoet,
  writePoem,
  type PoetEvaluationReport,
  type PoetTrainingReport,
  type PromotionRecord,
} from "../../src/lib/experiments/generation";

// ---- a tiny synthetic corpus in the chinese-poetry layout, written at test time ---------------------------

/** Lines of 5 characters from a 20-character alphabet; poems are 4 of them, so a trigram learns them well. */
const LINES = ["春眠不觉晓", "处处闻啼鸟", "夜来风雨声", "花落知多少", "白日依山尽", "黄河入海流"];
function syntheticPoems(n: number): { author: string; title: string; paragraphs: string[] }[] {
  return Array.from({ length: n }, (_, i) => {
    const pick = (k: number) => LINES[(i * (k + 1) + Math.floor(i / 6) + k) % LINES.length]!;
    // distinct bodies: the poem number in a fifth line of digits-as-characters keeps them apart
    const tag = [...String(i).padStart(3, "0")].map((d) => "零一二三四五六七八九"[Number(d)]).join("");
    return {
      author: "甲",
      title: `题${i}`,
      paragraphs: [`${pick(0)}，${pick(1)}。`, `${pick(2)}，${pick(3)}。`, `${tag}。`],
    };
  });
}

function writeCorpus(): { dataDir: string; cacheDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "footprint-poet-"));
  const dir = path.join(root, "tang-poems");
  mkdirSync(dir);
  for (const f of TANG_POEMS_FILES) writeFileSync(path.join(dir, f), "[]");
  writeFileSync(path.join(dir, "poet.tang.0.json"), JSON.stringify(syntheticPoems(300)));
  const cacheDir = path.join(root, "cache");
  return { dataDir: root, cacheDir };
}

const TINY = {
  model: { dModel: 16, heads: 2, layers: 1, contextLength: 32, dropout: 0 },
  budgetSeconds: 20,
  batchSize: 16,
  learningRate: 1e-2,
  warmupSteps: 2,
  evaluateEvery: 10,
  validationPoems: 20,
  minCount: 2,
};
const QUICK_EVAL = { lengths: [4, 40], curveCharacters: 8, per1000Characters: 20, formSamples: 4 };

let corpus: { dataDir: string; cacheDir: string };
let data: {
  dataDir: string;
  cacheDir: string;
  env: Record<string, string>;
  validation: number;
  test: number;
};
let root: string;
let good: { dir: string; report: PoetTrainingReport };
let goodEval: PoetEvaluationReport;

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
  corpus = writeCorpus();
  data = { ...corpus, env: {}, validation: 0.1, test: 0.1 };
  root = mkdtempSync(path.join(os.tmpdir(), "footprint-poet-runs-"));
  good = await trainPoet({
    ...TINY,
    epochs: 30,
    out: path.join(root, "good"),
    data,
    progress: "none",
    log: () => {},
  });
  goodEval = await evaluatePoet(good.dir, { ...QUICK_EVAL, data, quick: false, log: () => {} });
}, 240_000);

describe("trainPoet", () => {
  it("writes model, vocabulary, training.json and the energy record into the run folder, nothing else", () => {
    expect(readdirSync(good.dir).sort()).toEqual(
      ["evaluation.json", "ledger.jsonl", "model.json", "training.json", "vocab.json", "weights.bin"].sort(),
    );
    const r = good.report;
    expect(r.corpus.used.validation).toBeGreaterThan(0);
    expect(r.charactersTrainedOn).toBeGreaterThan(0);
    expect(r.steps).toBeGreaterThan(r.calibration.steps);
    expect(r.history.length).toBeGreaterThan(0);
    for (const p of r.history) expect(Number.isFinite(p.validationBits)).toBe(true);
    // the ledger's first record is the training record, and model.json points at it
    const [first] = readLedger(path.join(good.dir, "ledger.jsonl"));
    expect(first!.label).toMatch(/train character GPT/);
    expect(first!.notes?.join(" ")).toContain(`unit of work: ${r.charactersTrainedOn} characters trained on`);
    expect(ledgerRecordId(first!)).toBe(r.ledger!.id);
    const modelJson = JSON.parse(readFileSync(path.join(good.dir, "model.json"), "utf8"));
    expect(modelJson.userDefinedMetadata.training.ledgerId).toBe(r.ledger!.id);
  });

  it("learns: the trained model is far below the uniform log2(V) bits on the synthetic test poems", async () => {
    const { model, tokenizer } = await loadPoet(good.dir);
    expect(goodEval.test.bitsPerCharacter).toBeLessThan(0.6 * Math.log2(tokenizer.size));
    const poem = writePoem(model, tokenizer, "春", { temperature: 0, maxChars: 24 });
    expect(poem.text.startsWith("春")).toBe(true);
    expect(poem.generated).toBeGreaterThan(0);
    for (const seed of [1, 2, 3]) {
      const quatrain = writePoem(model, tokenizer, "", {
        form: { lineLength: 7, lines: 4 },
        temperature: 1,
        seed,
      });
      expect(regularLineLength(quatrain.text), quatrain.text).toBe(7);
      expect(Array.from(quatrain.text)).toHaveLength(32);
    }
    model.dispose();
  });

  it("refuses a run folder that already holds a model", async () => {
    await expect(
      trainPoet({ ...TINY, out: good.dir, data, progress: "none", log: () => {} }),
    ).rejects.toThrow(/is not empty \(it holds a model\); training never replaces a folder/);
  });

  it("refuses a corpus whose validation split is empty", async () => {
    await expect(
      trainPoet({
        ...TINY,
        out: path.join(root, "noval"),
        data: { ...data, validation: 0 },
        progress: "none",
        log: () => {},
      }),
    ).rejects.toThrow(/validation split .* is empty/);
    expect(existsSync(path.join(root, "noval", "model.json"))).toBe(false);
  });
});

describe("evaluatePoet", () => {
  it("scores the test split, the three n-gram baselines and both KV-cache curves", () => {
    const e = goodEval;
    expect(e.test.subset).toBe(false);
    expect(e.test.characters).toBeGreaterThan(0);
    expect(e.baselines.unigram.characters).toBe(e.test.characters);
    expect(e.baselines.trigram.bitsPerCharacter).toBeLessThan(e.baselines.unigram.bitsPerCharacter);
    expect(e.kvCache.points.map((p) => p.length)).toEqual([4, 40]);
    for (const p of e.kvCache.points) {
      expect(p.cache.characters).toBeGreaterThanOrEqual(8);
      expect(p.recompute.msPerCharacter).toBeGreaterThan(0);
      expect(p.cache.joulesPerCharacter).toBeGreaterThan(0);
    }
    expect(e.per1000.cache.characters).toBeGreaterThanOrEqual(20);
    expect(e.per1000.samePoems).toBe(true); // the cache changes the cost, not the poems
    expect(e.samples.length).toBe(15);
    const records = readLedger(path.join(good.dir, "ledger.jsonl"));
    expect(records.map((r) => ledgerRecordId(r))).toEqual([
      good.report.ledger!.id,
      e.per1000.cache.ledgerId,
      e.per1000.recompute.ledgerId,
    ]);
    expect(records[1]!.notes?.join(" ")).toMatch(/unit of work: \d+ characters generated/);
  });

  it("scoreTexts gives each text its bits and characters; an empty text scores 0 over 0", async () => {
    const { model, tokenizer } = await loadPoet(good.dir);
    const s = scoreTexts(model, tokenizer, ["春眠不觉晓，", "", "春", "春眠不觉晓，X"]);
    expect(s.characters).toEqual([6, 0, 1, 7]);
    expect(s.bits[1]).toBe(0);
    expect(s.bits[3]!).toBeGreaterThan(s.bits[0]!);
    expect(s.unknown).toBe(1);
    model.dispose();
  });
});

describe("formShares", () => {
  it("formShares counts each form", () => {
    expect(formShares(["床前明月光，疑是地上霜。", "两个黄鹂鸣翠柳，一行白鹭上青天。", "x", "y"])).toEqual({
      five: 0.25,
      seven: 0.25,
      regular: 0.5,
    });
  });
});

describe("promotePoet", () => {
  /** A promoted folder and a project ledger in a temp dir, with one prior model and one record. */
  function fakeSite(): { modelDir: string; ledger: string; snapshot: () => Record<string, string> } {
    const site = mkdtempSync(path.join(os.tmpdir(), "footprint-poet-site-"));
    const modelDir = path.join(site, "static", "models", "poetry");
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(path.join(modelDir, "model.json"), '{"previous": true}\n');
    const ledger = path.join(site, "data", "energy", "ledger.jsonl");
    mkdirSync(path.dirname(ledger), { recursive: true });
    writeFileSync(ledger, readFileSync(path.join(good.dir, "ledger.jsonl"), "utf8").split("\n")[0] + "\n");
    const snapshot = () => {
      const files: Record<string, string> = {};
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true }))
          if (e.isDirectory()) walk(path.join(d, e.name));
          else
            files[path.relative(site, path.join(d, e.name))] = readFileSync(path.join(d, e.name), "latin1");
      };
      walk(site);
      return files;
    };
    return { modelDir, ledger, snapshot };
  }

  /** A run that is certainly worse than the trigram: a handful of steps at a tiny learning rate. */
  let bad: string;
  beforeAll(async () => {
    bad = (
      await trainPoet({
        ...TINY,
        learningRate: 1e-5,
        epochs: 1,
        budgetSeconds: 1,
        out: path.join(root, "bad"),
        data,
        progress: "none",
        log: () => {},
      })
    ).dir;
    await evaluatePoet(bad, { ...QUICK_EVAL, data, quick: false, log: () => {} });
  }, 240_000);

  it("refuses a run worse than the trigram floor and leaves the model folder and the ledger untouched", async () => {
    const evaluation = JSON.parse(
      readFileSync(path.join(bad, "evaluation.json"), "utf8"),
    ) as PoetEvaluationReport;
    expect(evaluation.test.bitsPerCharacter).toBeGreaterThan(evaluation.baselines.trigram.bitsPerCharacter);
    const site = fakeSite();
    const before = site.snapshot();
    await expect(
      promotePoet(bad, { modelDir: site.modelDir, ledger: site.ledger, log: () => {} }),
    ).rejects.toThrow(
      /fails the quality floor, nothing was changed:[\s\S]*not below the trigram Kneser–Ney baseline/,
    );
    expect(site.snapshot()).toEqual(before);
  });

  it("refuses an evaluation of other weights and a quick-subset evaluation", () => {
    const dir = path.join(root, "good");
    const file = path.join(dir, "evaluation.json");
    const original = readFileSync(file, "utf8");
    try {
      writeFileSync(
        file,
        JSON.stringify({
          ...goodEval,
          weightsChecksum: "00000000",
          test: { ...goodEval.test, subset: true },
        }),
      );
      const failures = qualityFloorFailures(dir).join("\n");
      expect(failures).toMatch(/written for other weights/);
      expect(failures).toMatch(/quick subset/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it("records the seed spread of sibling runs, and refuses a sibling trained otherwise or with the same seed", async () => {
    // A sibling with another seed: a copy of the good run whose training.json says seed 7.
    const sibling = path.join(root, "good-seed7");
    cpSync(good.dir, sibling, { recursive: true });
    const report = JSON.parse(
      readFileSync(path.join(sibling, "training.json"), "utf8"),
    ) as PoetTrainingReport;
    writeFileSync(
      path.join(sibling, "training.json"),
      JSON.stringify({
        ...report,
        model: { ...report.model, seed: 7 },
        config: { ...report.config, seed: 7 },
      }),
    );
    const spread = seedSpread(good.dir, [sibling]);
    expect(spread.runs.map((r) => r.seed)).toEqual([good.report.config.seed, 7]);
    expect(spread.runs[0]!.testBitsPerCharacter).toBe(goodEval.test.bitsPerCharacter);
    expect(spread.mean).toBeCloseTo(goodEval.test.bitsPerCharacter, 12);
    expect(spread.max - spread.min).toBe(0);
    expect(() => seedSpread(good.dir, [good.dir])).toThrow(/two runs have seed/);
    expect(() => seedSpread(good.dir, [bad])).toThrow(/another model or schedule/);

    const site = fakeSite();
    await promotePoet(good.dir, {
      force: true,
      seedRuns: [sibling],
      modelDir: site.modelDir,
      ledger: site.ledger,
      log: () => {},
    });
    const promotion = JSON.parse(
      readFileSync(path.join(site.modelDir, POET_PROMOTION_FILE), "utf8"),
    ) as PromotionRecord;
    expect(promotion.seedSpread?.runs).toHaveLength(2);
  });

  it("with force, promotes atomically, records the failures and what it replaced, and appends each record once", async () => {
    const site = fakeSite();
    const first = await promotePoet(bad, {
      force: true,
      modelDir: site.modelDir,
      ledger: site.ledger,
      log: () => {},
    });
    expect(first.forced).toBe(true);
    expect(first.floorFailures.join(" ")).toMatch(/trigram/);
    expect(first.replaced).toEqual(expect.objectContaining({ weightsChecksum: null, trainedAt: null }));
    for (const f of [
      "model.json",
      "weights.bin",
      "vocab.json",
      "training.json",
      "evaluation.json",
      POET_PROMOTION_FILE,
    ])
      expect(existsSync(path.join(site.modelDir, f)), f).toBe(true);
    expect(readdirSync(path.dirname(site.modelDir))).toEqual(["poetry"]); // no temporary folders left
    const ids = readLedger(site.ledger).map(ledgerRecordId);
    expect(ids).toHaveLength(1 + 3); // the prior record + the bad run's training and two generation records
    expect(new Set(ids).size).toBe(ids.length);
    const { model } = await loadPoet(site.modelDir);
    model.dispose();

    // Promoting the good run (forced only if this tiny model does not beat the trigram) records the bad one as replaced.
    const second = await promotePoet(good.dir, {
      force: true,
      modelDir: site.modelDir,
      ledger: site.ledger,
      log: () => {},
    });
    const badTraining = JSON.parse(
      readFileSync(path.join(bad, "training.json"), "utf8"),
    ) as PoetTrainingReport;
    expect(second.replaced?.ledgerId).toBe(badTraining.ledger!.id);
    expect(second.replaced?.run).toBe(bad);
    const promotion = JSON.parse(
      readFileSync(path.join(site.modelDir, POET_PROMOTION_FILE), "utf8"),
    ) as PromotionRecord;
    expect(promotion.run).toBe(good.dir);
    // the good run's training record was already in the ledger (the fake site's first line)
    expect(second.ledger.alreadyPresent).toEqual([good.report.ledger!.id]);
    expect(readLedger(site.ledger)).toHaveLength(4 + 2);
  });
});
