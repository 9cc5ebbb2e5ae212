import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { UsageError } from "../../src/lib/cli/flags";
import { main, parseTranslateFlags, splitInputLines } from "../../src/lib/cli/translate";
import { prepareData } from "../../src/lib/models/translation/training";
import { saveModel } from "../../src/lib/experiments/translationStore";
import { Translator } from "../../src/lib/models/translation/model";

describe("parseTranslateFlags", () => {
  it("reads --file and --beam with defaults for the rest", () => {
    const f = parseTranslateFlags(["--file", "x.txt", "--beam", "4"]);
    expect(f).toMatchObject({ file: "x.txt", beam: 4, lengthPenalty: 0.6, batchSize: 64, train: false });
  });

  it("reads the run steps: --train (the budget defaults to the configuration's), --evaluate <run>, --promote <run> --force", () => {
    const train = parseTranslateFlags(["--train", "--quick", "--out", "r"]);
    expect(train).toMatchObject({ mode: "train", train: true, quick: true, out: "r" });
    expect(train).not.toHaveProperty("minutes");
    expect(parseTranslateFlags(["--train", "--minutes=0.5"])).toMatchObject({ minutes: 0.5 });
    expect(parseTranslateFlags(["--evaluate", "r"])).toMatchObject({ mode: "evaluate", run: "r", beam: 4 });
    expect(parseTranslateFlags(["--promote=r", "--force"])).toMatchObject({
      mode: "promote",
      run: "r",
      force: true,
    });
  });

  it("reads --name=value like --name value", () => {
    expect(parseTranslateFlags(["--file=x.txt", "--beam=4", "--length-penalty=1"])).toMatchObject({
      file: "x.txt",
      beam: 4,
      lengthPenalty: 1,
    });
  });

  it.each([
    [[], /--file is required/],
    [["--file"], /translate: Option '--file <value>' argument missing/],
    [["--file", "x", "--beam", "0"], /translate: --beam must be an integer in \[1, 32\], got "0"/],
    [["--file", "x", "--beam", "1000"], /translate: --beam must be an integer in \[1, 32\], got "1000"/],
    [["--file", "x", "--batch-size", "1e9"], /--batch-size must be an integer in \[1, 4096\]/],
    [["--file", "x", "--beam", "2.5"], /--beam must be an integer in \[1, 32\], got "2.5"/],
    [["--file", "x", "--length-penalty=-1"], /--length-penalty must be a number in \[0, 10\], got "-1"/],
    [["--file", "x", "--length-penalty", "NaN"], /--length-penalty must be a number in \[0, 10\]/],
    [["--file", "x", "--max-length", "0"], /--max-length must be an integer in \[1, 512\]/],
    [["--file", "x", "--batch-size", "abc"], /--batch-size must be an integer in \[1, 4096\], got "abc"/],
    [["--train", "--seed=-1"], /--seed must be an integer in \[0, 2147483647\]/],
    [["--train", "--seed", "1.5"], /--seed must be an integer/],
    [["--train", "--minutes", "Infinity"], /--minutes must be a number/],
    [["--evaluate", "run", "--beam", "33"], /--beam must be an integer in \[1, 32\]/],
    [["--file", "x", "--train"], /--file does not apply with --train/],
    [["--train", "--evaluate", "run"], /--train and --evaluate cannot be combined/],
    [["--train", "--force"], /--force applies only to --promote/],
    [["--train", "--model", "m"], /--model does not apply with --train/],
    [["--file", "x", "--minutes", "2"], /--minutes applies only to --train/],
    [["--train", "--minutes", "0"], /--minutes must be a number in \(0, 1440\]/],
    [["--evaluate"], /Option '--evaluate <value>' argument missing/],
    [["--file", "x", "--colour", "red"], /translate: Unknown option '--colour'[\s\S]*Usage: npm run/],
  ])("rejects %j with a usage error (exit code 2) naming the flag", (argv, message) => {
    expect(() => parseTranslateFlags(argv as string[])).toThrow(message);
    expect(() => parseTranslateFlags(argv as string[])).toThrow(UsageError);
  });
});

describe("splitInputLines", () => {
  it.each([
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a"]],
    ["a\n\nb\r\n", ["a", "", "b"]],
    ["\n", [""]],
  ])("%j → %j", (text, lines) => {
    expect(splitInputLines(text)).toEqual(lines);
  });
});

describe("npm run translate", () => {
  let modelDir = "";
  beforeAll(async () => {
    await initBackend({ log: false });
    const pairs = [
      { en: "I like cats.", zh: "我喜欢猫。", line: 1 },
      { en: "You like dogs.", zh: "你喜欢狗。", line: 2 },
    ];
    const data = prepareData({ train: pairs, validation: [] }, { minWordFrequency: 1, minCharFrequency: 1 });
    const model = new Translator({
      srcVocabSize: data.vocabs.src.size,
      tgtVocabSize: data.vocabs.tgt.size,
      dModel: 16,
      heads: 2,
      dFF: 16,
      encoderLayers: 1,
      decoderLayers: 1,
      maxLength: 16,
    });
    modelDir = path.join(mkdtempSync(path.join(os.tmpdir(), "translate-cli-")), "model");
    await saveModel(modelDir, model, data.vocabs);
    model.dispose();
  });

  const run = async (argv: string[], stdin = "") => {
    let out = "";
    await main(argv, { readStdin: async () => stdin, stdout: (t) => (out += t), stderr: () => undefined });
    return out;
  };

  it("prints exactly one line per input line, empty lines included (file)", async () => {
    const file = path.join(path.dirname(modelDir), "in.txt");
    writeFileSync(file, "I like cats.\n\nYou like dogs.\n   \nUnknown words here.\n");
    const out = await run(["--file", file, "--model", modelDir, "--max-length", "6", "--backend", "wasm"]);
    const lines = out.split("\n");
    expect(lines.pop()).toBe(""); // output ends with a newline
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe("");
    expect(lines[3]).toBe("");
    for (const l of [lines[0], lines[2], lines[4]]) expect(Array.from(l!).length).toBeLessThanOrEqual(6);
  });

  it("reads stdin with --file - and supports beam search", async () => {
    const out = await run(
      ["--file", "-", "--model", modelDir, "--beam", "3", "--max-length", "4"],
      "I like cats.\r\nYou like dogs.",
    );
    expect(out.split("\n")).toHaveLength(3);
  });

  it("prints nothing for empty input", async () => {
    expect(await run(["--file", "-", "--model", modelDir], "")).toBe("");
  });

  it("names the missing model folder", async () => {
    await expect(run(["--file", "-", "--model", path.join(modelDir, "nope")], "Hi.")).rejects.toThrow(
      /model\.json: cannot read/,
    );
  });
});

describe("npm run translate: inputs", () => {
  let modelDir = "";
  let tmp = "";
  beforeAll(async () => {
    await initBackend({ log: false });
    const pairs = [
      { en: "I like cats.", zh: "我喜欢猫。", line: 1 },
      { en: "You like dogs.", zh: "你喜欢狗。", line: 2 },
    ];
    const data = prepareData({ train: pairs, validation: [] }, { minWordFrequency: 1, minCharFrequency: 1 });
    const model = new Translator({
      srcVocabSize: data.vocabs.src.size,
      tgtVocabSize: data.vocabs.tgt.size,
      dModel: 16,
      heads: 2,
      dFF: 16,
      encoderLayers: 1,
      decoderLayers: 1,
      maxLength: 16,
    });
    tmp = mkdtempSync(path.join(os.tmpdir(), "translate-inputs-"));
    modelDir = path.join(tmp, "model");
    await saveModel(modelDir, model, data.vocabs);
    model.dispose();
  });

  const run = async (argv: string[], stdin: string | Uint8Array = "") => {
    let out = "";
    let err = "";
    await main(argv, { readStdin: async () => stdin, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { out, err };
  };

  it("decodes a UTF-16 LE file with a BOM (what PowerShell's > writes): 2 lines in, 2 lines out", async () => {
    const file = path.join(tmp, "utf16.txt");
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from("I like cats.\r\nYou like dogs.\r\n", "utf16le"),
      ]),
    );
    const { out } = await run(["--file", file, "--model", modelDir, "--max-length", "4"]);
    expect(out.split("\n")).toHaveLength(3);
  });

  it("refuses UTF-16 without a BOM, naming the file", async () => {
    const file = path.join(tmp, "utf16-nobom.txt");
    writeFileSync(file, Buffer.from("I like cats.\n", "utf16le"));
    await expect(run(["--file", file, "--model", modelDir])).rejects.toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: byte 1 is NUL: this looks like UTF-16 without a byte-order mark`,
      ),
    );
  });

  it("names the path when --file is a directory", async () => {
    await expect(run(["--file", tmp, "--model", modelDir])).rejects.toThrow(`--file ${tmp} is a directory`);
  });

  it("refuses a beam wider than the Chinese vocabulary with a usage error", async () => {
    const p = run(["--file", "-", "--model", modelDir, "--beam", "30"], "I like cats.\n");
    await expect(p).rejects.toThrow(/--beam 30 is larger than the Chinese vocabulary \(\d+ entries\)/);
    await expect(run(["--file", "-", "--model", modelDir, "--beam", "30"], "x\n")).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it("warns on stderr when most words of a line are unknown, and only then", async () => {
    const { out, err } = await run(
      ["--file", "-", "--model", modelDir, "--max-length", "3"],
      "I like cats.\nBonjour tout le monde\n",
    );
    expect(out.split("\n")).toHaveLength(3);
    expect(err).toMatch(
      /warning: most words are unknown to the English→Chinese model .* on 1 input line: line 2 \(4 of 4\)/,
    );
    const quiet = await run(["--file", "-", "--model", modelDir, "--max-length", "3"], "I like cats.\n");
    expect(quiet.err).not.toMatch(/warning/);
  });
});
