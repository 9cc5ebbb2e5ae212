#!/usr/bin/env node
/**
 * `npm run sentiment -- --file sentences.txt` (or `--file -` for stdin): one sentence per line in,
 * one line out per input line: `positive<TAB>p` or `negative<TAB>p`, where p is the model's
 * probability of positive with 4 decimals (positive when p ≥ 0.5). Raw English is normalized to
 * SST-2's tokenization first ("It's not good." → "it 's not good .").
 *
 * `--train` writes a new run folder (experiments/sentimentTrain.ts) and `--promote <run> [--force]`
 * copies a run that passes the quality floor to static/models/sentiment and the project ledger.
 * Exit codes: 0 done, 1 failed (the message says why), 2 bad flags.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { predictTexts } from "../models/sentiment/classifier";
import { loadModel } from "../experiments/sentiment";
import { promoteSentiment, trainSentimentRun } from "../experiments/sentimentTrain";
import { normalizeSst2Style, splitTokens } from "../tokenizers/sst2Style";
import { UsageError, numberFlag, parseFlags } from "./flags";
import { mostlyUnknownLines, readTextInput, splitInputLines, unknownWarning } from "./textInput";

export const SENTIMENT_HELP = `Usage: npm run sentiment -- --file <path|-> [--model <dir>] [--backend <id>]

  --file, -f   text file with one sentence per line (UTF-8, or UTF-16 with a BOM); "-" reads stdin
  --model      model folder with model.json, weights.bin, vocab.json
               (default: static/models/sentiment in this package)
  --backend    tfjs backend: node-gpu, node, wasm or cpu (default: fastest available)
  --help, -h   this text

Output: one line per input line, "positive<TAB>0.9731" or "negative<TAB>0.1034"
(the number is p(positive), 4 decimals; positive when p >= 0.5). A warning goes to stderr
for lines whose words are mostly unknown to the model.

Training (notebook 04's configuration), instead of --file:
  --train               train on SST-2 into a NEW run folder (printed on stdout) with its model,
                        training.json and a scratch ledger; never touches static/ or data/
  --out <dir>           the run folder (default .runs/<time>-sentiment/; must be absent or empty)
  --minutes <m>         wall-clock training budget (default 20; --quick 1)
  --quick               a subset of SST-2 and one epoch (such a run cannot be promoted)
  --seed <s>            seed of the initial weights and the batch order (default 0)
  --data-dir <dir>      dataset folder (default FOOTPRINT_DATA_DIR, cache, then download)
  --promote <run>       copy a run to static/models/sentiment (or --model) and its energy records to
                        data/energy/ledger.jsonl, only if its dev accuracy beats both baselines of
                        notebook 04 (majority class, AFINN lexicon) and it is not a quick run
  --force               promote a run that fails that floor (recorded in promotion.json)`;
const HELP = SENTIMENT_HELP;

/** Input text → lines ("\n", "\r\n" or "\r"; a final line break does not make an extra empty line). */
export const splitLines = splitInputLines;

export function formatPrediction(p: number): string {
  return `${p >= 0.5 ? "positive" : "negative"}\t${p.toFixed(4)}`;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function defaultModelDir(): string {
  // dist/cli → repo root; src/lib/cli → repo root
  for (const up of ["../..", "../../.."]) {
    const dir = path.resolve(__dirname, up, "static/models/sentiment");
    if (existsSync(path.join(dir, "model.json"))) return dir;
  }
  return path.resolve("static/models/sentiment");
}

export interface CliIo {
  /** stdin as bytes (decoded like a file) or as text. */
  readStdin: () => Promise<Uint8Array | string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface SentimentFlags {
  mode: "predict" | "train" | "promote";
  file?: string;
  model?: string;
  backend?: string;
  out?: string;
  minutes?: number;
  quick: boolean;
  seed: number;
  dataDir?: string;
  run?: string;
  force: boolean;
}

const usage = (message: string) => new UsageError(`sentiment: ${message}\n\n${HELP}`);

/** Parses and validates the flags; throws a UsageError (exit 2) on anything invalid. */
export function parseSentimentFlags(argv: readonly string[]): SentimentFlags | "help" {
  const parsed = parseFlags(
    "sentiment",
    argv,
    {
      file: { type: "string", short: "f" },
      model: { type: "string" },
      backend: { type: "string" },
      train: { type: "boolean" },
      out: { type: "string" },
      minutes: { type: "string" },
      quick: { type: "boolean" },
      seed: { type: "string" },
      "data-dir": { type: "string" },
      promote: { type: "string" },
      force: { type: "boolean" },
    } as const,
    HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  if (v.train && v.promote !== undefined)
    throw usage("--train and --promote cannot be combined; run them one after the other");
  const mode = v.train ? "train" : v.promote !== undefined ? "promote" : "predict";
  if (mode === "predict" && !v.file)
    throw usage('--file is required ("-" reads stdin), or --train / --promote <run>');
  if (mode !== "predict" && v.file !== undefined) throw usage(`--file does not apply with --${mode}`);
  for (const k of ["out", "minutes", "quick", "seed", "data-dir"] as const)
    if (v[k] !== undefined && mode !== "train") throw usage(`--${k} applies only to --train`);
  if (v.force && mode !== "promote") throw usage("--force applies only to --promote");
  if (v.model !== undefined && mode === "train")
    throw usage("--model does not apply with --train (a run goes to a new folder: --out)");
  if (v.backend !== undefined && mode === "promote") throw usage("--backend does not apply with --promote");
  if (v.promote === "") throw usage("--promote needs a run folder");
  const num = (flag: string, raw: string | undefined, check: Parameters<typeof numberFlag>[3]) => {
    if (raw === undefined) return undefined;
    try {
      return numberFlag("sentiment", flag, raw, check);
    } catch (e) {
      throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
    }
  };
  const minutes = num("minutes", v.minutes, {});
  if (minutes !== undefined && !(minutes > 0 && minutes <= 24 * 60))
    throw usage(`--minutes must be a number in (0, 1440], got ${JSON.stringify(v.minutes)}`);
  return {
    mode,
    ...(v.file !== undefined ? { file: v.file } : {}),
    ...(v.model !== undefined ? { model: v.model } : {}),
    ...(v.backend !== undefined ? { backend: v.backend } : {}),
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
    quick: v.quick === true,
    seed: num("seed", v.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ?? 0,
    ...(v["data-dir"] !== undefined ? { dataDir: v["data-dir"] } : {}),
    ...(v.promote !== undefined ? { run: v.promote } : {}),
    force: v.force === true,
  };
}

/** Runs the command with the given arguments; returns the exit code. */
export async function runSentimentCli(argv: string[], io: CliIo): Promise<number> {
  let flags: SentimentFlags | "help";
  try {
    flags = parseSentimentFlags(argv);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return e instanceof UsageError ? e.exitCode : 2;
  }
  if (flags === "help") {
    io.stdout(HELP + "\n");
    return 0;
  }
  try {
    return await run(flags, io);
  } catch (e) {
    io.stderr(`sentiment: ${(e as Error).message}\n`);
    return 1;
  }
}

async function run(flags: SentimentFlags, io: CliIo): Promise<number> {
  const log = (line: string) => io.stderr(`${line}\n`);
  if (flags.mode === "promote") {
    const record = await promoteSentiment(flags.run!, {
      force: flags.force,
      ...(flags.model !== undefined ? { modelDir: flags.model } : {}),
      log,
    });
    io.stdout(`${path.resolve(flags.model ?? defaultModelDir())}${record.forced ? " (forced)" : ""}\n`);
    return 0;
  }
  if (flags.mode === "train") {
    await initBackend({ backend: flags.backend, log });
    const { dir, report } = await trainSentimentRun({
      quick: flags.quick,
      seed: flags.seed,
      ...(flags.out !== undefined ? { out: flags.out } : {}),
      ...(flags.minutes !== undefined ? { budgetSeconds: flags.minutes * 60 } : {}),
      ...(flags.dataDir !== undefined ? { data: { dataDir: flags.dataDir } } : {}),
      log,
    });
    log(
      `dev accuracy ${report.dev.accuracy.toFixed(4)}; next, if it beats the baselines: npm run sentiment -- --promote ${dir}`,
    );
    io.stdout(`${dir}\n`);
    return 0;
  }
  const text = await readTextInput(flags.file!, io.readStdin);
  await initBackend({ backend: flags.backend, log: false });
  const { model, vocab } = await loadModel(flags.model ?? defaultModelDir());
  try {
    const lines = splitInputLines(text);
    const probabilities = predictTexts(model, vocab, lines);
    io.stdout(probabilities.map((p) => formatPrediction(p) + "\n").join(""));
    io.stderr(
      unknownWarning(
        mostlyUnknownLines(
          lines,
          (l) => splitTokens(normalizeSst2Style(l)),
          (t) => vocab.has(t),
        ),
        "the sentiment model (it knows English SST-2 words)",
      ),
    );
  } finally {
    model.dispose();
  }
  return 0;
}

if (require.main === module) {
  runSentimentCli(process.argv.slice(2), {
    readStdin,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`sentiment: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
