#!/usr/bin/env node
/**
 * `npm run --silent generate -- [--prompt 春] [--n 4] …`: Tang poems from the poetry GPT, one per line
 * on stdout and nothing else. `--score --file F|-` prints `bits<TAB>chars` per input line; `--train`,
 * `--evaluate RUN` and `--promote RUN` run the steps of experiments/generation*.ts. Diagnostics and
 * progress go to stderr. Exit codes: 0 done, 1 failed (the message says why and how to fix it),
 * 2 bad flags.
 */
import * as path from "node:path";
import { initBackend } from "../backend";
import {
  DEFAULT_SAMPLING,
  defaultPoetryModelDir,
  evaluatePoet,
  loadPoet,
  poetConfig,
  promotePoet,
  scoreTexts,
  trainPoet,
  writePoem,
} from "../experiments/generation";
import { terminalProgress } from "../experiments/progressBar";
import { UsageError, numberFlag, parseFlags, runCli } from "./flags";
import { decodeTextInput, readTextInput, splitInputLines } from "./textInput";

// The input helpers are shared with the other CLIs; re-exported for this CLI's tests.
export { decodeTextInput, splitInputLines };
import { parseForm, type PoemForm } from "../models/generation";

export const GENERATE_HELP = `Usage: npm run --silent generate -- [options]

Write poems (default): one poem per line on stdout.
  --prompt <text>        first characters of every poem (default: none)
  --n <count>            poems to write (default 4)
  --temperature <t>      ≥ 0; 0 = greedy (default ${DEFAULT_SAMPLING.temperature})
  --top-k <k>            keep the k most probable characters, integer ≥ 1 (default ${DEFAULT_SAMPLING.topK})
  --top-p <p>            nucleus mass in (0, 1] (default ${DEFAULT_SAMPLING.topP})
  --seed <s>             integer; poem i uses seed s + i (default 1); with --train, the seed of the
                         initial weights and the batch order (default 0)
  --max-chars <m>        most characters generated after the prompt, 1–1024 (default ${DEFAULT_SAMPLING.maxChars})
  --no-cache             recompute every step instead of using the KV cache (same poems, slower)
  --form <LxN>           constrained decoding to N lines of L characters, e.g. 5x4 or 7x4 (regulated
                         quatrains): ，and 。 only at line ends; sets the length (--max-chars is ignored)

Score lines: --score --file <path | ->
  prints "bits<TAB>chars" per input line, in order: −log2 P of the line's characters given [BOS]
  ([EOS] not counted) and the characters scored; an empty line gives "0<TAB>0". The corpus
  bits/char and the count of characters outside the vocabulary (scored as [UNK]) go to stderr.
  Input: UTF-8 (with or without BOM) or UTF-16 with a BOM.

Runs (a run folder is never the shipped model until promoted):
  --train                train into a new run folder (printed on stdout; default .runs/<time>-poetry/)
    --minutes <m>        wall-clock budget (default ${poetConfig().budgetSeconds / 60}; quick ${poetConfig({ quick: true }).budgetSeconds / 60})
    --quick              the quick corpus subset and a small model
    --out <dir>          run folder to create
    --threads <k>        threads computing each step, 1–64 (default 1): k > 1 splits every batch over
                         worker threads (one core each on the wasm backend; same updates as 1 thread)
  --evaluate <run>       test bits/char, n-gram baselines, KV cache, energy, form → <run>/evaluation.json
  --promote <run>        copy to static/models/poetry and the project ledger if it beats the trigram floor
    --force              promote even below the floor (recorded)
    --seed-runs <a,b>    evaluated runs of the same configuration with other seeds: their test
                         bits/char are recorded in promotion.json as the seed spread

Common:
  --model <dir>          model folder for writing and scoring (default static/models/poetry)
  --data-dir <dir>       corpus folder (default FOOTPRINT_DATA_DIR, the cache, then download)
  --backend <id>         wasm | cpu | node | node-gpu (default: the fastest available)
  --help, -h             this text`;

export interface GenerateFlags {
  mode: "write" | "score" | "train" | "evaluate" | "promote";
  prompt: string;
  n: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  maxChars: number;
  useCache: boolean;
  form?: PoemForm;
  file?: string;
  minutes?: number;
  quick: boolean;
  /** Threads computing each training step (data parallelism; 1 = none). */
  threads: number;
  out?: string;
  run?: string;
  force: boolean;
  /** With --promote: sibling runs (other seeds) for the seed spread. */
  seedRuns?: string[];
  model?: string;
  dataDir?: string;
  backend?: string;
}

const NUMERIC = ["n", "temperature", "top-k", "top-p", "seed", "max-chars", "minutes"];

/** `--temperature -1` → `--temperature=-1`, so that a negative number reaches validation (parseArgs calls it ambiguous). */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith("--") && NUMERIC.includes(a.slice(2)) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const usage = (message: string) => new UsageError(`generate: ${message}\n\n${GENERATE_HELP}`);

/** Parses and validates the flags; throws a UsageError (exit 2) on anything invalid. */
export function parseGenerateFlags(argv: readonly string[]): GenerateFlags | "help" {
  const parsed = parseFlags(
    "generate",
    joinNegativeValues(argv),
    {
      prompt: { type: "string" },
      n: { type: "string" },
      temperature: { type: "string" },
      "top-k": { type: "string" },
      "top-p": { type: "string" },
      seed: { type: "string" },
      "max-chars": { type: "string" },
      "no-cache": { type: "boolean" },
      form: { type: "string" },
      score: { type: "boolean" },
      file: { type: "string", short: "f" },
      train: { type: "boolean" },
      minutes: { type: "string" },
      quick: { type: "boolean" },
      out: { type: "string" },
      threads: { type: "string" },
      evaluate: { type: "string" },
      promote: { type: "string" },
      force: { type: "boolean" },
      "seed-runs": { type: "string" },
      model: { type: "string" },
      "data-dir": { type: "string" },
      backend: { type: "string" },
    } as const,
    GENERATE_HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  const num = (
    flag: string,
    raw: string | undefined,
    fallback: number,
    check: Parameters<typeof numberFlag>[3],
  ) => {
    if (raw === undefined) return fallback;
    try {
      return numberFlag("generate", flag, raw, check);
    } catch (e) {
      throw new UsageError(`${(e as Error).message}\n\n${GENERATE_HELP}`);
    }
  };
  const modes = (
    [
      ["score", v.score === true],
      ["train", v.train === true],
      ["evaluate", v.evaluate !== undefined],
      ["promote", v.promote !== undefined],
    ] as const
  ).filter(([, on]) => on);
  if (modes.length > 1)
    throw usage(`--${modes[0]![0]} and --${modes[1]![0]} cannot be combined; run them one after the other`);
  const mode = modes[0]?.[0] ?? "write";
  if (mode === "score" && v.file === undefined) throw usage('--score needs --file <path> ("-" reads stdin)');
  if (mode !== "score" && v.file !== undefined) throw usage("--file is read only with --score");
  if (v.force && mode !== "promote") throw usage("--force applies only to --promote");
  if (v["seed-runs"] !== undefined && mode !== "promote")
    throw usage("--seed-runs applies only to --promote");
  const seedRuns = v["seed-runs"]?.split(",").map((s) => s.trim());
  if (seedRuns?.some((s) => s === ""))
    throw usage(`--seed-runs takes run folders separated by commas, got ${JSON.stringify(v["seed-runs"])}`);
  for (const k of ["minutes", "quick", "out"] as const)
    if (v[k] !== undefined && mode !== "train") throw usage(`--${k} applies only to --train`);
  // A flag the chosen mode would ignore is an error, never silently dropped.
  const onlyIn: Record<string, readonly string[]> = {
    prompt: ["write"],
    n: ["write"],
    temperature: ["write"],
    "top-k": ["write"],
    "top-p": ["write"],
    "max-chars": ["write"],
    "no-cache": ["write"],
    form: ["write"],
    seed: ["write", "train"],
    threads: ["train"],
    model: ["write", "score", "promote"],
    "data-dir": ["train", "evaluate"],
    backend: ["write", "score", "train", "evaluate"],
  };
  for (const [k, modesOk] of Object.entries(onlyIn))
    if (v[k as keyof typeof v] !== undefined && !modesOk.includes(mode))
      throw usage(`--${k} does not apply ${mode === "write" ? "to writing poems" : `with --${mode}`}`);
  for (const k of ["evaluate", "promote"] as const) if (v[k] === "") throw usage(`--${k} needs a run folder`);
  let form: PoemForm | undefined;
  if (v.form !== undefined) {
    try {
      form = parseForm(v.form);
    } catch (e) {
      throw usage(`--${(e as Error).message}`);
    }
    if (form.lines * (form.lineLength + 1) > 1024)
      throw usage(`--form ${v.form} is longer than 1024 characters`);
  }
  const topP = num("top-p", v["top-p"], DEFAULT_SAMPLING.topP, {});
  if (!(topP > 0 && topP <= 1))
    throw usage(`--top-p must be a number in (0, 1], got ${JSON.stringify(v["top-p"])}`);
  const minutes = num("minutes", v.minutes, 1, {});
  if (!(minutes > 0 && minutes <= 24 * 60))
    throw usage(`--minutes must be a number in (0, 1440], got ${JSON.stringify(v.minutes)}`);
  const run = mode === "evaluate" ? v.evaluate : mode === "promote" ? v.promote : undefined;
  return {
    mode,
    prompt: v.prompt ?? "",
    n: num("n", v.n, 4, { min: 1, max: 10_000, integer: true }),
    temperature: num("temperature", v.temperature, DEFAULT_SAMPLING.temperature, { min: 0 }),
    topK: num("top-k", v["top-k"], DEFAULT_SAMPLING.topK, { min: 1, integer: true }),
    topP,
    // Writing: poem i uses seed + i (default 1). Training: the seed of the initial weights and the batch order (default 0).
    seed: num("seed", v.seed, mode === "train" ? 0 : 1, {
      min: Number.MIN_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
      integer: true,
    }),
    maxChars: num("max-chars", v["max-chars"], DEFAULT_SAMPLING.maxChars, {
      min: 1,
      max: 1024,
      integer: true,
    }),
    useCache: !v["no-cache"],
    ...(form ? { form } : {}),
    ...(v.file !== undefined ? { file: v.file } : {}),
    ...(v.minutes !== undefined ? { minutes } : {}),
    quick: v.quick === true,
    ...(v.out !== undefined ? { out: v.out } : {}),
    threads: num("threads", v.threads, 1, { min: 1, max: 64, integer: true }),
    ...(run !== undefined ? { run } : {}),
    force: v.force === true,
    ...(seedRuns ? { seedRuns } : {}),
    ...(v.model !== undefined ? { model: v.model } : {}),
    ...(v["data-dir"] !== undefined ? { dataDir: v["data-dir"] } : {}),
    ...(v.backend !== undefined ? { backend: v.backend } : {}),
  };
}

/** One score line: bits with 3 decimals, the character count; "0\t0" for an empty line. */
export function formatScore(bits: number, characters: number): string {
  return characters === 0 ? "0\t0" : `${bits.toFixed(3)}\t${characters}`;
}

export interface CliIo {
  readStdin: () => Promise<Uint8Array>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs the command with the given arguments; returns the exit code. */
export async function runGenerateCli(argv: readonly string[], io: CliIo): Promise<number> {
  let flags: GenerateFlags | "help";
  try {
    flags = parseGenerateFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n`);
    return e.exitCode;
  }
  if (flags === "help") {
    io.stdout(`${GENERATE_HELP}\n`);
    return 0;
  }
  try {
    return await run(flags, io);
  } catch (e) {
    io.stderr(`generate: ${(e as Error).message}\n`);
    return 1;
  }
}

async function run(flags: GenerateFlags, io: CliIo): Promise<number> {
  const log = (line: string) => io.stderr(`${line}\n`);
  const data = flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {};
  const verbose = flags.mode === "train" || flags.mode === "evaluate";
  if (flags.mode !== "promote")
    await initBackend({ ...(flags.backend ? { backend: flags.backend } : {}), log: verbose ? log : false });

  switch (flags.mode) {
    case "train": {
      const { dir } = await trainPoet({
        quick: flags.quick,
        seed: flags.seed,
        ...(flags.minutes !== undefined ? { budgetSeconds: flags.minutes * 60 } : {}),
        ...(flags.out !== undefined ? { out: flags.out } : {}),
        threads: flags.threads,
        data,
        progress: terminalProgress(log),
        log,
      });
      log(`next: npm run generate -- --evaluate ${dir}`);
      io.stdout(`${dir}\n`);
      return 0;
    }
    case "evaluate": {
      await evaluatePoet(flags.run!, { data, log });
      log(`next, if it beats the trigram: npm run generate -- --promote ${flags.run}`);
      io.stdout(`${path.join(path.resolve(flags.run!), "evaluation.json")}\n`);
      return 0;
    }
    case "promote": {
      const record = await promotePoet(flags.run!, {
        force: flags.force,
        ...(flags.seedRuns ? { seedRuns: flags.seedRuns } : {}),
        ...(flags.model ? { modelDir: flags.model } : {}),
        log,
      });
      io.stdout(
        `${path.resolve(flags.model ?? defaultPoetryModelDir())}${record.forced ? " (forced)" : ""}\n`,
      );
      return 0;
    }
    case "score": {
      const text = await readTextInput(flags.file!, io.readStdin, "one line per poem");
      const { model, tokenizer } = await loadPoet(flags.model ?? defaultPoetryModelDir());
      try {
        const lines = splitInputLines(text);
        const s = scoreTexts(model, tokenizer, lines);
        io.stdout(lines.map((_, i) => formatScore(s.bits[i]!, s.characters[i]!) + "\n").join(""));
        log(
          `corpus: ${Number.isNaN(s.bitsPerCharacter) ? "—" : s.bitsPerCharacter.toFixed(3)} bits/char over ` +
            `${s.totalCharacters} characters in ${lines.length} lines; ${s.unknown} characters outside the vocabulary ` +
            `scored as [UNK]${s.unknown > 0 ? ` (${s.unknownDistinct} distinct)` : ""}`,
        );
        if (s.unknown > s.totalCharacters / 2)
          log(
            "warning: most characters are outside the model's vocabulary (it knows the Simplified characters of Tang " +
              "poems): these scores say little about the text",
          );
      } finally {
        model.dispose();
      }
      return 0;
    }
    case "write": {
      const { model, tokenizer } = await loadPoet(flags.model ?? defaultPoetryModelDir());
      try {
        const unknown = tokenizer.countUnknown([flags.prompt]);
        if (unknown.unknown > 0)
          log(`warning: ${unknown.unknown} prompt characters are outside the vocabulary and read as [UNK]`);
        for (let i = 0; i < flags.n; i++) {
          const poem = writePoem(model, tokenizer, flags.prompt, {
            temperature: flags.temperature,
            topK: flags.topK,
            topP: flags.topP,
            maxChars: flags.maxChars,
            seed: flags.seed + i,
            useCache: flags.useCache,
            ...(flags.form ? { form: flags.form } : {}),
          });
          io.stdout(poem.text.replace(/[\r\n]+/g, " ") + "\n");
        }
      } finally {
        model.dispose();
      }
      return 0;
    }
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

if (require.main === module)
  runCli(() =>
    runGenerateCli(process.argv.slice(2), {
      readStdin,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    }),
  );
