#!/usr/bin/env node
/**
 * `npm run translate -- --file english.txt [--beam 4]`: English → Chinese with the exported model.
 *
 * Reads one English sentence per line (`--file -` reads stdin) and prints exactly one Chinese line
 * per input line, in order: an empty input line gives an empty output line. Everything else
 * (backend, progress) goes to stderr, so stdout can be redirected to a file.
 *
 * `--train` and `--evaluate` rerun the reference experiment of notebook 04 instead
 * (src/lib/experiments/translationReference.ts), writing into the --model folder.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { translate } from "../models/translation/translate";
import { evaluateReference, trainReference } from "../experiments/translation";
import { loadModel } from "../experiments/translationStore";
import { UsageError, numberFlag, parseFlags, runCli } from "./flags";

export const TRANSLATE_HELP = `Usage: npm run --silent translate -- --file <english.txt | -> [options]
  --file <path>           English input, one sentence per line; "-" reads stdin (required)
  --beam <n>              beam size; 1 = greedy decoding (default 1)
  --length-penalty <a>    beam-search length penalty α, ((5+|Y|)/6)^α (default 0.6)
  --max-length <n>        most Chinese characters per sentence (default 2·source words + 10)
  --model <dir>           exported model folder (default static/models/translation)
  --backend <id>          wasm | cpu | node | node-gpu (default: the fastest available)
  --batch-size <n>        sentences decoded together (default 64)
Output: exactly one line per input line on stdout (empty for empty input lines).

Reference experiment (notebook 04), instead of --file:
  --train                 train on Tatoeba cmn-eng and export to --model (energy → data/energy/ledger.jsonl)
  --minutes <m>           wall-clock training budget (default 30)
  --evaluate              BLEU/chrF and energy of greedy and beam decoding on the test split
  --data-dir <dir>        dataset folder (default FOOTPRINT_DATA_DIR, cache, then download)`;

export interface TranslateFlags {
  /** Input file or "-"; required unless training or evaluating. */
  file?: string;
  train: boolean;
  evaluate: boolean;
  minutes: number;
  dataDir?: string;
  beam: number;
  lengthPenalty: number;
  maxLength?: number;
  model: string;
  backend?: string;
  batchSize: number;
}

export function parseTranslateFlags(argv: readonly string[]): TranslateFlags | "help" {
  const parsed = parseFlags(
    "translate",
    argv,
    {
      file: { type: "string" },
      beam: { type: "string" },
      "length-penalty": { type: "string" },
      "max-length": { type: "string" },
      model: { type: "string" },
      backend: { type: "string" },
      "batch-size": { type: "string" },
      train: { type: "boolean" },
      minutes: { type: "string" },
      evaluate: { type: "boolean" },
      "data-dir": { type: "string" },
    },
    TRANSLATE_HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  const num = (flag: keyof typeof v, fallback: number, check: Parameters<typeof numberFlag>[3]) =>
    v[flag] === undefined ? fallback : numberFlag("translate", flag, String(v[flag]), check);
  const flags: TranslateFlags = {
    file: v.file,
    train: v.train ?? false,
    evaluate: v.evaluate ?? false,
    minutes: num("minutes", 30, { min: Number.MIN_VALUE }),
    dataDir: v["data-dir"],
    beam: num("beam", 1, { min: 1, integer: true }),
    lengthPenalty: num("length-penalty", 0.6, {}),
    maxLength: v["max-length"] === undefined ? undefined : num("max-length", 0, { min: 1, integer: true }),
    model: v.model ?? path.resolve(__dirname, "../../static/models/translation"),
    backend: v.backend,
    batchSize: num("batch-size", 64, { min: 1, integer: true }),
  };
  if (flags.file === undefined && !flags.train && !flags.evaluate)
    throw new UsageError(`translate: --file is required ("-" for stdin).\n\n${TRANSLATE_HELP}`);
  return flags;
}

/** Splits input text into lines: "\n" or "\r\n"; a final newline does not start another line. */
export function splitInputLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export interface CliIo {
  readStdin: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export async function main(argv = process.argv.slice(2), io: CliIo = processIo): Promise<void> {
  const flags = parseTranslateFlags(argv);
  if (flags === "help") {
    io.stdout(`${TRANSLATE_HELP}\n`);
    return;
  }
  const log = (line: string) => io.stderr(`${line}\n`);
  await initBackend({ ...(flags.backend ? { backend: flags.backend } : {}), log });
  const data = flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {};
  if (flags.train)
    await trainReference({ outDir: flags.model, data, budgetSeconds: flags.minutes * 60, log });
  if (flags.evaluate)
    await evaluateReference({ modelDir: flags.model, data, beam: Math.max(2, flags.beam), log });
  if (flags.file === undefined) return;
  const { model, vocabs } = await loadModel(flags.model);
  const text = flags.file === "-" ? await io.readStdin() : await fs.readFile(flags.file, "utf8");
  const lines = splitInputLines(text);
  const outputs = await translate(model, vocabs, lines, {
    beam: flags.beam,
    lengthPenalty: flags.lengthPenalty,
    batchSize: flags.batchSize,
    ...(flags.maxLength !== undefined ? { maxLength: flags.maxLength } : {}),
  });
  // One line out per line in: outputs never contain newlines (whitespace is collapsed), but be safe.
  io.stdout(outputs.map((o) => o.replace(/[\r\n]+/g, " ") + "\n").join(""));
  model.dispose();
}

if (require.main === module) runCli(() => main());
