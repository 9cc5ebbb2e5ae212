#!/usr/bin/env node
/**
 * `npm run sentiment -- --file sentences.txt` (or `--file -` for stdin): one sentence per line in,
 * one line out per input line: `positive<TAB>p` or `negative<TAB>p`, where p is the model's
 * probability of positive with 4 decimals (positive when p ≥ 0.5). Raw English is normalized to
 * SST-2's tokenization first ("It's not good." → "it 's not good .").
 */
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { initBackend } from "../backend";
import { predictTexts } from "../models/sentiment/classifier";
import { loadModel } from "../experiments/sentiment";
import { parseFlags } from "./flags";

const HELP = `Usage: npm run sentiment -- --file <path|-> [--model <dir>] [--backend <id>]

  --file, -f   text file with one sentence per line; "-" reads stdin (required)
  --model      model folder with model.json, weights.bin, vocab.json
               (default: static/models/sentiment in this package)
  --backend    tfjs backend: node-gpu, node, wasm or cpu (default: fastest available)
  --help, -h   this text

Output: one line per input line, "positive<TAB>0.9731" or "negative<TAB>0.1034"
(the number is p(positive), 4 decimals; positive when p >= 0.5).`;

/** Input text → lines (a final newline does not make an extra empty line). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function formatPrediction(p: number): string {
  return `${p >= 0.5 ? "positive" : "negative"}\t${p.toFixed(4)}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
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
  readStdin: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs the command with the given arguments; returns the exit code. */
export async function runSentimentCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(
      "sentiment",
      argv,
      { file: { type: "string", short: "f" }, model: { type: "string" }, backend: { type: "string" } },
      HELP,
    );
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout(HELP + "\n");
    return 0;
  }
  const values = parsed.values;
  if (!values.file) {
    io.stderr(`sentiment: --file is required.\n\n${HELP}\n`);
    return 2;
  }
  const text = values.file === "-" ? await io.readStdin() : await fs.readFile(values.file, "utf8");
  await initBackend({ backend: values.backend, log: false });
  const { model, vocab } = await loadModel(values.model ?? defaultModelDir());
  try {
    const probabilities = predictTexts(model, vocab, splitLines(text));
    io.stdout(probabilities.map((p) => formatPrediction(p) + "\n").join(""));
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
