import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { formatPrediction, runSentimentCli, splitLines } from "../../src/lib/cli/sentiment";
import { SentimentClassifier, predictTexts } from "../../src/lib/models/sentiment/classifier";
import { loadModel, saveModel } from "../../src/lib/experiments/sentiment";
import { Vocabulary } from "../../src/lib/tokenizers/vocabulary";

const SHIPPED = path.join(__dirname, "../../static/models/sentiment");

async function run(argv: string[], stdin = "") {
  let out = "";
  let err = "";
  const code = await runSentimentCli(argv, {
    readStdin: async () => stdin,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

let tinyDir: string;
beforeAll(async () => {
  await initBackend({ log: false });
  const vocab = Vocabulary.build([["a", "good", "bad", "film", "not", "it", "'s", "."]]);
  const model = new SentimentClassifier({ vocabSize: vocab.size, dModel: 8, heads: 2, layers: 1, seed: 1 });
  tinyDir = path.join(mkdtempSync(path.join(os.tmpdir(), "sentiment-cli-")), "model");
  await saveModel(tinyDir, model, vocab);
  model.dispose();
});

describe("sentiment CLI", () => {
  it("formats p(positive) with 4 decimals and the label at 0.5", () => {
    expect(formatPrediction(0.97314)).toBe("positive\t0.9731");
    expect(formatPrediction(0.5)).toBe("positive\t0.5000");
    expect(formatPrediction(0.10341)).toBe("negative\t0.1034");
  });

  it("keeps one line per input line, a final newline adding none", () => {
    expect(splitLines("a\n\nb\n")).toEqual(["a", "", "b"]);
    expect(splitLines("a\r\nb")).toEqual(["a", "b"]);
  });

  it("prints one `label<TAB>p` line per input line of a file, raw English included", async () => {
    const file = path.join(path.dirname(tinyDir), "in.txt");
    writeFileSync(file, "It's a GOOD film!\nNot good.\n\n“Bad”, isn't it?\n");
    const { code, out } = await run(["--file", file, "--model", tinyDir]);
    expect(code).toBe(0);
    const lines = out.split("\n").slice(0, -1);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^(positive\t(0\.[5-9]\d{3}|1\.0000)|negative\t0\.[0-4]\d{3})$/);
  });

  it("reads stdin with --file -", async () => {
    const { code, out } = await run(["--file", "-", "--model", tinyDir], "good\nbad\n");
    expect(code).toBe(0);
    expect(out.split("\n")).toHaveLength(3);
  });

  it("without --file exits 2 with the usage text", async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toMatch(/--file is required[\s\S]*Usage/);
  });

  it("the shipped model (static/models/sentiment) reloads and reproduces the predictions recorded at export", async () => {
    expect(existsSync(path.join(SHIPPED, "model.json")), `${SHIPPED}/model.json is missing`).toBe(true);
    const { model, vocab, metadata } = await loadModel(SHIPPED);
    const checks = metadata.checkPredictions as { text: string; p: number }[];
    expect(checks.length).toBeGreaterThan(0);
    const got = predictTexts(
      model,
      vocab,
      checks.map((c) => c.text),
    );
    got.forEach((p, i) => expect(p).toBeCloseTo(checks[i]!.p, 4));
    model.dispose();
  });
});

describe("sentiment CLI inputs", () => {
  it("decodes a UTF-16 LE file with a BOM: 2 lines in, 2 lines out", async () => {
    const file = path.join(path.dirname(tinyDir), "utf16.txt");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("good film\r\nbad film\r\n", "utf16le")]),
    );
    const { code, out } = await run(["--file", file, "--model", tinyDir]);
    expect(code).toBe(0);
    expect(out.split("\n").slice(0, -1)).toHaveLength(2);
  });

  it("names the path when --file is a directory (exit 1)", async () => {
    const dir = path.dirname(tinyDir);
    const { code, err } = await run(["--file", dir, "--model", tinyDir]);
    expect(code).toBe(1);
    expect(err).toContain(`--file ${dir} is a directory`);
  });

  it("warns on stderr when most words of a line are unknown", async () => {
    const { code, out, err } = await run(
      ["--file", "-", "--model", tinyDir],
      "a good film\nle film est très mauvais\n",
    );
    expect(code).toBe(0);
    expect(out.split("\n")).toHaveLength(3);
    expect(err).toMatch(/warning: most words are unknown to the sentiment model .* line 2 \(4 of 5\)/);
    expect((await run(["--file", "-", "--model", tinyDir], "a good film\n")).err).toBe("");
  });

  it.each([
    [["--train", "--promote", "r"], /--train and --promote cannot be combined/],
    [["--train", "--file", "x"], /--file does not apply with --train/],
    [["--file", "x", "--quick"], /--quick applies only to --train/],
    [["--promote", "r", "--minutes", "1"], /--minutes applies only to --train/],
    [["--train", "--force"], /--force applies only to --promote/],
    [["--train", "--model", "m"], /--model does not apply with --train/],
    [["--train", "--minutes=-1"], /--minutes must be a number in \(0, 1440\]/],
    [["--train", "--seed", "1.5"], /--seed must be an integer/],
  ])("rejects %j with exit code 2 naming the flag", async (argv, message) => {
    const { code, err } = await run(argv as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
