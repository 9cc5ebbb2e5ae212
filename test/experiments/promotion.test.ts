/**
 * Training runs never touch the shipped models or the project ledger; promotion is the only way
 * there, and it refuses runs below the demo's quality floor unless forced (sentiment, translation).
 */
import { createHash } from "node:crypto";
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
import { runSentimentCli } from "../../src/lib/cli/sentiment";
import { main as translateCli } from "../../src/lib/cli/translate";
import { findLedgerRecord, readLedger } from "../../src/lib/energy/ledger";
import { recordWork } from "../../src/lib/energy/schema";
import type { PromotionRecord } from "../../src/lib/experiments/runPromotion";
import {
  promoteSentiment,
  sentimentFloorFailures,
  type SentimentRunReport,
} from "../../src/lib/experiments/sentimentTrain";
import {
  evaluateReference,
  promoteTranslation,
  trainReference,
  translationFloorFailures,
  type EvaluationReport,
  type TrainingReport,
} from "../../src/lib/experiments/translationReference";

const ROOT = path.join(__dirname, "../..");
const SHIPPED_TRANSLATION = path.join(ROOT, "static/models/translation");
const SHIPPED_SENTIMENT = path.join(ROOT, "static/models/sentiment");
const PROJECT_LEDGER = path.join(ROOT, "data/energy/ledger.jsonl");

/** SHA-256 of every file in a folder (or of one file), to prove nothing changed. */
function fingerprint(p: string): Record<string, string> {
  const files = existsSync(p) && !p.endsWith(".jsonl") ? readdirSync(p).map((f) => path.join(p, f)) : [p];
  return Object.fromEntries(
    files.map((f) => [
      path.basename(f),
      existsSync(f) ? createHash("sha256").update(readFileSync(f)).digest("hex") : "absent",
    ]),
  );
}

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "promotion-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const io = () => {
  const o = { out: "", err: "" };
  return {
    o,
    io: {
      readStdin: async () => "",
      stdout: (t: string) => (o.out += t),
      stderr: (t: string) => (o.err += t),
    },
  };
};

const readJson = <T>(f: string) => JSON.parse(readFileSync(f, "utf8")) as T;
const writeJson = (f: string, v: unknown) => writeFileSync(f, JSON.stringify(v, null, 1) + "\n");

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("translate --train (the issue's reproduction: 3 pairs, --minutes 0.05)", () => {
  it("writes a run folder with a scratch ledger; static/models/translation and the project ledger stay byte-identical; promote without --force exits non-zero naming the floor", async () => {
    const data = writeTree({
      "tatoeba-cmn-eng/cmn.txt": "Hi.\t嗨。\nRun.\t跑。\nWait!\t等等！\n",
    });
    const shippedBefore = fingerprint(SHIPPED_TRANSLATION);
    const ledgerBefore = fingerprint(PROJECT_LEDGER);
    const run = path.join(data, "run");
    const { o, io: cliIo } = io();
    await translateCli(["--train", "--minutes", "0.05", "--data-dir", data, "--out", run], cliIo);
    expect(o.out).toBe(`${run}\n`);
    expect(readdirSync(run).sort()).toEqual(
      ["ledger.jsonl", "model.json", "training.json", "vocab.en.json", "vocab.zh.json", "weights.bin"].sort(),
    );
    expect(readLedger(path.join(run, "ledger.jsonl"))).toHaveLength(1);
    expect(readJson<TrainingReport>(path.join(run, "training.json")).ledger?.file).toBe(
      path.relative(ROOT, path.join(run, "ledger.jsonl")).startsWith("..")
        ? path.join(run, "ledger.jsonl")
        : path.relative(ROOT, path.join(run, "ledger.jsonl")),
    );
    expect(fingerprint(SHIPPED_TRANSLATION)).toEqual(shippedBefore);
    expect(fingerprint(PROJECT_LEDGER)).toEqual(ledgerBefore);

    // Promotion of that run: refused, nothing changed (the target here is a copy of the shipped folder).
    const target = path.join(data, "shipped");
    cpSync(SHIPPED_TRANSLATION, target, { recursive: true });
    const targetBefore = fingerprint(target);
    const promote = translateCli(["--promote", run, "--model", target], cliIo);
    await expect(promote).rejects.toThrow(
      /fails the quality floor \(greedy test BLEU ≥ 20 on the whole test split/,
    );
    await expect(translateCli(["--promote", run, "--model", target], cliIo)).rejects.toThrow(
      /the run has no evaluation\.json[\s\S]*trained without a validation split[\s\S]*--force promotes it anyway/,
    );
    expect(fingerprint(target)).toEqual(targetBefore);
    expect(fingerprint(PROJECT_LEDGER)).toEqual(ledgerBefore);

    // A second --train into the same (now non-empty) folder is refused before any work.
    await expect(translateCli(["--train", "--data-dir", data, "--out", run], cliIo)).rejects.toThrow(
      /is not empty \(it holds a model\); training never replaces a folder/,
    );
  }, 120_000);

  it("training, evaluation and the library refuse to write into a promoted model folder", async () => {
    await expect(
      trainReference({ outDir: SHIPPED_TRANSLATION, ledger: false, log: () => undefined }),
    ).rejects.toThrow(/is a promoted model folder; runs never write into it/);
    await expect(evaluateReference({ modelDir: SHIPPED_TRANSLATION, log: () => undefined })).rejects.toThrow(
      /is a promoted model folder/,
    );
  });
});

describe("translation promotion", () => {
  let run = "";
  let root = "";
  beforeAll(async () => {
    const nouns = [
      ["cats", "猫"],
      ["dogs", "狗"],
      ["tea", "茶"],
      ["rice", "米饭"],
      ["books", "书"],
      ["music", "音乐"],
      ["fish", "鱼"],
      ["milk", "牛奶"],
      ["apples", "苹果"],
      ["rain", "雨"],
    ];
    const who = [
      ["I like", "我喜欢"],
      ["You like", "你喜欢"],
      ["He likes", "他喜欢"],
      ["We like", "我们喜欢"],
      ["They like", "他们喜欢"],
      ["She likes", "她喜欢"],
    ];
    const lines = who.flatMap(([en, zh]) => nouns.map(([n, c]) => `${en} ${n}.\t${zh}${c}。\n`));
    root = writeTree({ "tatoeba-cmn-eng/cmn.txt": lines.join("") });
    run = path.join(root, "run");
    await trainReference({
      outDir: run,
      quick: true,
      budgetSeconds: 3,
      data: { dataDir: root },
      log: () => undefined,
    });
    await evaluateReference({
      modelDir: run,
      data: { dataDir: root },
      beam: 2,
      subsetSentences: 2,
      log: () => undefined,
    });
  }, 180_000);

  it("the run's scratch ledger holds the training and the three evaluation records", () => {
    expect(readLedger(path.join(run, "ledger.jsonl"))).toHaveLength(4);
    const e = readJson<EvaluationReport>(path.join(run, "evaluation.json"));
    expect(e.testComplete).toBe(true);
    expect(e.weightsChecksum).toBe(
      readJson<{ weightsChecksum: { value: string } }>(path.join(run, "model.json")).weightsChecksum.value,
    );
  });

  it("a quick, low-BLEU run fails the floor; --force promotes it, records what it replaced and appends the run's records once", async () => {
    const failures = translationFloorFailures(run);
    expect(failures.join("\n")).toMatch(/quick mode/);
    const low = path.join(root, "low-bleu-run");
    cpSync(run, low, { recursive: true });
    const e = readJson<EvaluationReport>(path.join(low, "evaluation.json"));
    writeJson(path.join(low, "evaluation.json"), { ...e, greedy: { ...e.greedy, bleu: 12.3 } });
    expect(translationFloorFailures(low)).toContain("greedy test BLEU 12.30 is below the floor of 20");
    const target = path.join(root, "target");
    cpSync(SHIPPED_TRANSLATION, target, { recursive: true });
    const oldChecksum = readJson<{ weightsChecksum: { value: string } }>(path.join(target, "model.json"))
      .weightsChecksum.value;
    const ledger = path.join(root, "project-ledger.jsonl");
    const before = fingerprint(target);
    await expect(promoteTranslation(run, { modelDir: target, ledger, log: () => undefined })).rejects.toThrow(
      /fails the quality floor/,
    );
    expect(fingerprint(target)).toEqual(before);
    expect(existsSync(ledger)).toBe(false);

    const record = await promoteTranslation(run, {
      modelDir: target,
      ledger,
      force: true,
      log: () => undefined,
    });
    expect(record.forced).toBe(true);
    expect(record.replaced?.weightsChecksum).toBe(oldChecksum);
    expect(record.replaced?.metrics.greedyTestBleu).toBeGreaterThan(20);
    expect(record.ledger.appended).toHaveLength(4);
    expect(readJson<PromotionRecord>(path.join(target, "promotion.json"))).toEqual(record);
    for (const f of [
      "model.json",
      "weights.bin",
      "vocab.en.json",
      "vocab.zh.json",
      "training.json",
      "evaluation.json",
    ])
      expect(readFileSync(path.join(target, f)).equals(readFileSync(path.join(run, f))), f).toBe(true);
    expect(readLedger(ledger)).toHaveLength(4);
    expect(readdirSync(root).filter((f) => f.startsWith(".target"))).toEqual([]);
    // The promoted model names its training record, which is now in the project ledger with the report's figures.
    const id = readJson<{ userDefinedMetadata: { training: { ledgerId: string } } }>(
      path.join(target, "model.json"),
    ).userDefinedMetadata.training.ledgerId;
    const t = readJson<TrainingReport>(path.join(target, "training.json"));
    const trainingRecord = findLedgerRecord(readLedger(ledger), id);
    expect(trainingRecord).toMatchObject({ seconds: t.energy.seconds, date: t.energy.date });
    expect(recordWork(trainingRecord!)).toMatchObject({ unit: "steps", count: t.steps });

    const again = await promoteTranslation(run, {
      modelDir: target,
      ledger,
      force: true,
      log: () => undefined,
    });
    expect(again.ledger).toMatchObject({ appended: [], alreadyPresent: record.ledger.appended });
    expect(readLedger(ledger)).toHaveLength(4);
    expect(again.replaced?.run).toBe(record.run);
  }, 60_000);

  it("a run above the floor is promoted without --force", async () => {
    const good = path.join(root, "good-run");
    cpSync(run, good, { recursive: true });
    const t = readJson<TrainingReport>(path.join(good, "training.json"));
    writeJson(path.join(good, "training.json"), { ...t, quick: false });
    const e = readJson<EvaluationReport>(path.join(good, "evaluation.json"));
    writeJson(path.join(good, "evaluation.json"), { ...e, greedy: { ...e.greedy, bleu: 25 } });
    expect(translationFloorFailures(good)).toEqual([]);
    const record = await promoteTranslation(good, {
      modelDir: path.join(root, "target-good"),
      ledger: path.join(root, "ledger-good.jsonl"),
      log: () => undefined,
    });
    expect(record).toMatchObject({ forced: false, floorFailures: [], replaced: null });
    expect(record.metrics.greedyTestBleu).toBe(25);
  });
});

describe("sentiment --train and --promote", () => {
  let data = "";
  beforeAll(() => {
    const pos = [
      "a good film",
      "a witty and moving film",
      "good acting",
      "a gorgeous film",
      "moving and good",
    ];
    const neg = ["a bad film", "a dull mess", "bad acting", "a lifeless film", "dull and bad"];
    const rows = Array.from({ length: 8 }, (_, i) => [
      ...pos.map((t) => `${t} ${i} .\t1`),
      ...neg.map((t) => `${t} ${i} .\t0`),
    ]).flat();
    data = writeTree({
      "sst2/train.tsv": ["sentence\tlabel", ...rows].join("\n") + "\n",
      "sst2/dev.tsv":
        ["sentence\tlabel", "a good film .\t1", "a bad film .\t0", "dull .\t0"].join("\n") + "\n",
    });
  });

  it("--train writes a run folder and leaves static/models/sentiment and the project ledger byte-identical; --promote of a quick run exits 1 naming the floor", async () => {
    const shippedBefore = fingerprint(SHIPPED_SENTIMENT);
    const ledgerBefore = fingerprint(PROJECT_LEDGER);
    const run = path.join(data, "run");
    const { o, io: cliIo } = io();
    const code = await runSentimentCli(
      ["--train", "--quick", "--minutes", "0.05", "--data-dir", data, "--out", run],
      cliIo,
    );
    expect(o.err).not.toMatch(/^sentiment: /m);
    expect(code).toBe(0);
    expect(o.out).toBe(`${run}\n`);
    expect(readdirSync(run).sort()).toEqual([
      "ledger.jsonl",
      "model.json",
      "training.json",
      "vocab.json",
      "weights.bin",
    ]);
    expect(readLedger(path.join(run, "ledger.jsonl"))).toHaveLength(1);
    const report = readJson<SentimentRunReport>(path.join(run, "training.json"));
    expect([1 / 3, 2 / 3]).toContain(report.dev.majorityAccuracy); // dev: 1 positive, 2 negatives
    expect(fingerprint(SHIPPED_SENTIMENT)).toEqual(shippedBefore);
    expect(fingerprint(PROJECT_LEDGER)).toEqual(ledgerBefore);

    const target = path.join(data, "target");
    cpSync(SHIPPED_SENTIMENT, target, { recursive: true });
    const targetBefore = fingerprint(target);
    const p = io();
    expect(await runSentimentCli(["--promote", run, "--model", target], p.io)).toBe(1);
    expect(p.o.err).toMatch(/fails the quality floor \(dev accuracy above both baselines of notebook 04/);
    expect(p.o.err).toMatch(/trained in quick mode/);
    expect(fingerprint(target)).toEqual(targetBefore);
    expect(fingerprint(PROJECT_LEDGER)).toEqual(ledgerBefore);

    const again = io();
    expect(await runSentimentCli(["--train", "--data-dir", data, "--out", run], again.io)).toBe(1);
    expect(again.o.err).toMatch(/is not empty \(it holds a model\)/);
  }, 120_000);

  it("the floor: dev accuracy must beat both baselines; a passing run is promoted and records what it replaced", async () => {
    const run = path.join(data, "run");
    const good = path.join(data, "good");
    cpSync(run, good, { recursive: true });
    const t = readJson<SentimentRunReport>(path.join(good, "training.json"));
    writeJson(path.join(good, "training.json"), {
      ...t,
      quick: false,
      dev: { ...t.dev, accuracy: 0.5, majorityAccuracy: 0.509, lexiconAccuracy: 0.64 },
    });
    expect(sentimentFloorFailures(good)).toEqual([
      "dev accuracy 0.5000 does not beat the majority class's 0.5090",
      "dev accuracy 0.5000 does not beat the AFINN lexicon's 0.6400",
    ]);
    writeJson(path.join(good, "training.json"), {
      ...t,
      quick: false,
      dev: { ...t.dev, accuracy: 0.81, majorityAccuracy: 0.509, lexiconAccuracy: 0.64 },
    });
    expect(sentimentFloorFailures(good)).toEqual([]);
    const target = path.join(data, "target2");
    cpSync(SHIPPED_SENTIMENT, target, { recursive: true });
    const old = readJson<{
      weightsChecksum: { value: string };
      userDefinedMetadata: { devAccuracy: number };
    }>(path.join(target, "model.json"));
    const ledger = path.join(data, "ledger.jsonl");
    const record = await promoteSentiment(good, { modelDir: target, ledger, log: () => undefined });
    expect(record).toMatchObject({ forced: false, floorFailures: [], metrics: { devAccuracy: 0.81 } });
    expect(record.replaced).toMatchObject({
      weightsChecksum: old.weightsChecksum.value,
      metrics: { devAccuracy: old.userDefinedMetadata.devAccuracy },
    });
    expect(readLedger(ledger)).toHaveLength(1);
    const meta = readJson<{
      userDefinedMetadata: {
        training: { ledgerId: string };
        trainingSeconds: number;
        trainingSteps: number;
        date: string;
      };
    }>(path.join(target, "model.json")).userDefinedMetadata;
    const trainingRecord = findLedgerRecord(readLedger(ledger), meta.training.ledgerId);
    expect(trainingRecord).toMatchObject({ seconds: meta.trainingSeconds, date: meta.date });
    expect(recordWork(trainingRecord!)).toMatchObject({ unit: "steps", count: meta.trainingSteps });
    expect(readdirSync(target).sort()).toEqual(
      ["model.json", "promotion.json", "training.json", "vocab.json", "weights.bin"].sort(),
    );

    // Weights swapped by hand after training: the figures are not theirs.
    const swapped = path.join(data, "swapped");
    cpSync(good, swapped, { recursive: true });
    const m = readJson<{ weightsChecksum: { value: string } }>(path.join(swapped, "model.json"));
    writeJson(path.join(swapped, "model.json"), {
      ...m,
      weightsChecksum: { ...m.weightsChecksum, value: "00000000" },
    });
    expect(sentimentFloorFailures(swapped)).toContain("training.json was not written for these weights");
  });
});
