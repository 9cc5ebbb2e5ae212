import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import {
  decodeTextInput,
  formatScore,
  parseGenerateFlags,
  runGenerateCli,
  splitInputLines,
} from "../../src/lib/cli/generate";
import { loadPoet, savePoet, scoreTexts } from "../../src/lib/experiments/generation";
import { GPT } from "../../src/lib/models/generation";
import { buildCharacterVocabulary } from "../../src/lib/tokenizers/characters";

async function run(argv: string[], stdin: string | Uint8Array = "") {
  let out = "";
  let err = "";
  const code = await runGenerateCli(argv, {
    readStdin: async () => (typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

const POEMS = ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。", "春眠不觉晓，处处闻啼鸟。"];
let tmp: string;
let modelDir: string;

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
  tmp = mkdtempSync(path.join(os.tmpdir(), "generate-cli-"));
  modelDir = path.join(tmp, "model");
  const tokenizer = buildCharacterVocabulary(POEMS, { minCount: 1 });
  const model = new GPT({
    vocabSize: tokenizer.size,
    dModel: 16,
    heads: 2,
    layers: 1,
    contextLength: 16,
    seed: 3,
  });
  await savePoet(modelDir, model, tokenizer);
  model.dispose();
});

describe("generate CLI: writing poems", () => {
  it("prints --n poems, one per line, each starting with the prompt; the same seed gives the same poems", async () => {
    const a = await run([
      "--model",
      modelDir,
      "--prompt",
      "明月",
      "--n",
      "3",
      "--seed",
      "7",
      "--max-chars",
      "10",
    ]);
    expect(a.code).toBe(0);
    const lines = a.out.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.startsWith("明月")).toBe(true);
      expect(Array.from(l).length).toBeLessThanOrEqual(12);
      expect(l).not.toMatch(/[\uFFFD\r]|\[/); // no [UNK], no specials
    }
    const b = await run(["--model", modelDir, "--prompt=明月", "--n=3", "--seed=7", "--max-chars=10"]);
    expect(b.out).toBe(a.out);
  });

  it("--no-cache writes the same poems as the KV cache", async () => {
    const args = ["--model", modelDir, "--n", "2", "--temperature", "1", "--max-chars", "30"];
    const cached = await run(args);
    const recomputed = await run([...args, "--no-cache"]);
    expect(recomputed.code).toBe(0);
    expect(recomputed.out).toBe(cached.out);
  });

  it("--form 5x4 writes regulated quatrains", async () => {
    const { code, out } = await run(["--model", modelDir, "--form", "5x4", "--n", "2", "--temperature", "1"]);
    expect(code).toBe(0);
    for (const l of out.trim().split("\n")) expect(l).toMatch(/^([^，。]{5}，[^，。]{5}。){2}$/u);
  });

  it("a missing model says which command trains one (exit 1)", async () => {
    const { code, err, out } = await run(["--model", path.join(tmp, "nowhere")]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/no poetry model at .*nowhere.*npm run generate -- --train/);
  });
});

describe("generate CLI: --score", () => {
  it("prints bits<TAB>chars for each input line, in order; an empty line gives 0<TAB>0", async () => {
    const file = path.join(tmp, "in.txt");
    const lines = ["床前明月光，疑是地上霜。", "", "月", "举头望明月，低头思故乡。春眠不觉晓，处处闻啼鸟。"];
    writeFileSync(file, lines.join("\n") + "\n");
    const { code, out, err } = await run(["--model", modelDir, "--score", "--file", file]);
    expect(code).toBe(0);
    const got = out.split("\n").slice(0, -1);
    expect(got).toHaveLength(4);
    expect(got[1]).toBe("0\t0");
    expect(got.map((l) => Number(l.split("\t")[1]))).toEqual([12, 0, 1, 24]);
    // the same numbers as the library's scorer
    const { model, tokenizer } = await loadPoet(modelDir);
    const s = scoreTexts(model, tokenizer, lines);
    model.dispose();
    expect(got).toEqual(lines.map((_, i) => formatScore(s.bits[i]!, s.characters[i]!)));
    expect(err).toMatch(
      /corpus: \d+\.\d{3} bits\/char over 37 characters in 4 lines; 0 characters outside the vocabulary/,
    );
  });

  it("reads stdin with --file -, counts characters outside the vocabulary and warns when most are", async () => {
    const { code, out, err } = await run(["--model", modelDir, "--score", "--file", "-"], "月\nabc\n\n");
    expect(code).toBe(0);
    expect(
      out
        .split("\n")
        .slice(0, -1)
        .map((l) => l.split("\t")[1]),
    ).toEqual(["1", "3", "0"]);
    expect(err).toMatch(/3 characters outside the vocabulary scored as \[UNK\] \(3 distinct\)/);
    expect(err).toMatch(/warning: most characters are outside/);
  });

  it("decodes UTF-16 LE and BE with a BOM and UTF-8 with a BOM to the same lines as UTF-8", async () => {
    const text = "床前明月光，\r\n\r\n疑是地上霜。\r\n";
    const utf8 = await run(["--model", modelDir, "--score", "--file", "-"], text);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    for (const bytes of [le, be, bom8]) {
      const file = path.join(tmp, `enc-${bytes[0]}.txt`);
      writeFileSync(file, bytes);
      const r = await run(["--model", modelDir, "--score", "--file", file]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(utf8.out);
    }
    expect(utf8.out.split("\n")).toHaveLength(4); // 3 lines + final newline
  });

  it.each([
    [
      "UTF-16 without a BOM",
      Buffer.from("月\n", "utf16le"),
      /NUL: this looks like UTF-16 without a byte-order mark/,
    ],
    ["invalid UTF-8", Buffer.from([0xe6, 0x9c, 0x0a]), /not valid UTF-8/],
  ])("refuses %s with the fix", (_, bytes, message) => {
    expect(() => decodeTextInput(bytes, "x.txt")).toThrow(message);
  });

  it("names the path when --file is a directory or missing (exit 1)", async () => {
    const dir = path.join(tmp, "a-folder");
    mkdirSync(dir, { recursive: true });
    const r = await run(["--model", modelDir, "--score", "--file", dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`--file ${dir} is a directory`);
    const m = await run(["--model", modelDir, "--score", "--file", path.join(tmp, "missing.txt")]);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/missing\.txt: cannot read \(ENOENT\)/);
  });

  it("splits lines on \\n, \\r\\n and \\r; a final line break adds no line", () => {
    expect(splitInputLines("a\r\nb\rc\n\nd\n")).toEqual(["a", "b", "c", "", "d"]);
    expect(splitInputLines("")).toEqual([]);
  });
});

describe("generate CLI: flags", () => {
  it.each([
    ["negative temperature", ["--temperature", "-1"], /--temperature must be a number ≥ 0/],
    ["top-p of 0", ["--top-p", "0"], /--top-p must be a number in \(0, 1\]/],
    ["top-p above 1", ["--top-p=1.5"], /--top-p must be a number in \(0, 1\]/],
    ["top-k of 0", ["--top-k", "0"], /--top-k must be an integer ≥ 1/],
    ["fractional top-k", ["--top-k", "2.5"], /--top-k must be an integer ≥ 1/],
    ["non-numeric n", ["--n", "four"], /--n must be an integer/],
    ["unknown flag", ["--bogus"], /Unknown option '--bogus'/],
    ["score without a file", ["--score"], /--score needs --file/],
    ["two modes", ["--score", "--file", "x", "--train"], /cannot be combined/],
    ["a bad form", ["--form", "fivexfour"], /form must look like 5x4/],
    ["a flag of another mode", ["--force"], /--force applies only to --promote/],
    ["seed runs without --promote", ["--seed-runs", "a,b"], /--seed-runs applies only to --promote/],
    ["zero threads", ["--train", "--threads", "0"], /--threads must be an integer/],
    ["threads while writing", ["--threads", "2"], /--threads does not apply to writing poems/],
    [
      "an empty seed run",
      ["--promote", "r", "--seed-runs", "a,,b"],
      /--seed-runs takes run folders separated by commas/,
    ],
    [
      "a sampling flag while scoring",
      ["--score", "--file", "x", "--temperature", "0"],
      /--temperature does not apply with --score/,
    ],
    [
      "a model folder while evaluating",
      ["--evaluate", "run", "--model", "m"],
      /--model does not apply with --evaluate/,
    ],
  ])("%s exits 2 with the message and the usage", async (_, argv, message) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).toContain("Usage: npm run --silent generate");
  });

  it("has the issue's defaults", () => {
    expect(parseGenerateFlags([])).toEqual(
      expect.objectContaining({
        mode: "write",
        n: 4,
        temperature: 0.8,
        topK: 40,
        topP: 0.95,
        seed: 1,
        maxChars: 64,
        useCache: true,
      }),
    );
    expect(parseGenerateFlags(["--evaluate", "r"])).toEqual(
      expect.objectContaining({ mode: "evaluate", run: "r" }),
    );
    expect(parseGenerateFlags(["--train"])).toEqual(expect.objectContaining({ mode: "train", seed: 0 }));
    expect(parseGenerateFlags(["--train", "--seed", "2"])).toEqual(expect.objectContaining({ seed: 2 }));
    expect(parseGenerateFlags(["--train"])).toEqual(expect.objectContaining({ threads: 1 }));
    expect(parseGenerateFlags(["--train", "--threads=2"])).toEqual(expect.objectContaining({ threads: 2 }));
    expect(parseGenerateFlags(["--help"])).toBe("help");
    expect(parseGenerateFlags(["--promote", "r", "--seed-runs", "s1, s2"])).toEqual(
      expect.objectContaining({ mode: "promote", run: "r", seedRuns: ["s1", "s2"] }),
    );
  });
});
