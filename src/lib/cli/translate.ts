#!/usr/bin/env node
/**
 * `npm run translate -- --file english.txt [--beam 4]`: English → Chinese with the exported model.
 *
 * Reads one English sentence per line (`--file -` reads stdin; UTF-8, or UTF-16 with a BOM) and
 * prints exactly one Chinese line per input line, in order: an empty input line gives an empty output
 * line. Everything else (backend, progress, warnings) goes to stderr, so stdout can be redirected.
 *
 * The reference experiment of notebook 05 (experiments/translationReference.ts), in three steps:
 * `--train` writes a NEW run folder (model, training.json, scratch ledger), `--evaluate <run>` adds
 * evaluation.json, `--promote <run> [--force]` copies a run that passes the quality floor to
 * static/models/translation and its records to the project ledger. Exit codes: 0 done, 1 failed,
 * 2 bad flags.
 */
import * as path from "node:path";
import { initBackend } from "../backend";
import { translate } from "../models/translation/translate";
import {
  TRANSLATION_BLEU_FLOOR,
  evaluateReference,
  promoteTranslation,
  trainReference,
} from "../experiments/translationReference";
import { assertFreshRunDir, newRunDir, shippedModelDir } from "../experiments/runPromotion";
import { loadModel } from "../experiments/translationStore";
import { tokenizeEnglish } from "../tokenizers/english";
import { UsageError, numberFlag, parseFlags, runCli } from "./flags";
import { mostlyUnknownLines, readTextInput, splitInputLines, unknownWarning } from "./textInput";

/** The largest beam accepted (and never more than the target vocabulary's size). */
export const MAX_BEAM = 32;

export const TRANSLATE_HELP = `Usage: npm run --silent translate -- --file <english.txt | -> [options]
  --file <path>           English input, one sentence per line (UTF-8, or UTF-16 with a BOM);
                          "-" reads stdin (required)
  --beam <n>              beam size, 1–${MAX_BEAM} and at most the Chinese vocabulary's size;
                          1 = greedy decoding (default 1; with --evaluate, 4)
  --length-penalty <a>    beam-search length penalty α, ((5+|Y|)/6)^α (default 0.6)
  --max-length <n>        most Chinese characters per sentence, 1–512 (default 2·source words + 10)
  --model <dir>           exported model folder (default static/models/translation)
  --backend <id>          wasm | cpu | node | node-gpu (default: the fastest available)
  --batch-size <n>        sentences decoded together, 1–4096 (default 64)
Output: exactly one line per input line on stdout (empty for empty input lines). A warning goes to
stderr for lines whose words are mostly unknown to the model.

Reference experiment (notebook 05), instead of --file:
  --train                 train on Tatoeba cmn-eng into a NEW run folder (printed on stdout) with the
                          model, training.json and a scratch ledger; never touches static/ or data/
  --out <dir>             the run folder (default .runs/<time>-translation/; must be absent or empty)
  --minutes <m>           wall-clock training budget (default 30; --quick 0.5)
  --quick                 a tiny model (such a run cannot be promoted)
  --seed <s>              seed of the initial weights (default 0)
  --evaluate <run>        BLEU/chrF and energy of greedy and beam decoding on the test split
                          → <run>/evaluation.json
  --data-dir <dir>        dataset folder (default FOOTPRINT_DATA_DIR, cache, then download)
  --promote <run>         copy an evaluated run to static/models/translation (or --model) and its
                          energy records to data/energy/ledger.jsonl, only if its greedy test BLEU on
                          the whole test split is ≥ ${TRANSLATION_BLEU_FLOOR} and it has a validation split
  --force                 promote a run that fails that floor (recorded in promotion.json)`;

export interface TranslateFlags {
  mode: "translate" | "train" | "evaluate" | "promote";
  /** Input file or "-"; required when translating. */
  file?: string;
  train: boolean;
  /** The run folder to evaluate / promote. */
  run?: string;
  /** Training budget; default: the reference configuration's (30 minutes; --quick 30 seconds). */
  minutes?: number;
  quick: boolean;
  seed: number;
  out?: string;
  force: boolean;
  dataDir?: string;
  beam: number;
  lengthPenalty: number;
  maxLength?: number;
  /** The model to translate with, or the promotion target. */
  model: string;
  backend?: string;
  batchSize: number;
}

const usage = (message: string) => new UsageError(`translate: ${message}\n\n${TRANSLATE_HELP}`);

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
      quick: { type: "boolean" },
      seed: { type: "string" },
      out: { type: "string" },
      evaluate: { type: "string" },
      promote: { type: "string" },
      force: { type: "boolean" },
      "data-dir": { type: "string" },
    },
    TRANSLATE_HELP,
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  const num = (flag: keyof typeof v, fallback: number, check: Parameters<typeof numberFlag>[3]) => {
    if (v[flag] === undefined) return fallback;
    try {
      return numberFlag("translate", flag, String(v[flag]), check);
    } catch (e) {
      throw new UsageError(`${(e as Error).message}\n\n${TRANSLATE_HELP}`);
    }
  };
  const modes = (
    [
      ["train", v.train === true],
      ["evaluate", v.evaluate !== undefined],
      ["promote", v.promote !== undefined],
    ] as const
  ).filter(([, on]) => on);
  if (modes.length > 1)
    throw usage(`--${modes[0]![0]} and --${modes[1]![0]} cannot be combined; run them one after the other`);
  const mode = modes[0]?.[0] ?? "translate";
  if (mode === "translate" && v.file === undefined)
    throw usage('--file is required ("-" for stdin), or --train / --evaluate <run> / --promote <run>');
  if (mode !== "translate" && v.file !== undefined) throw usage(`--file does not apply with --${mode}`);
  for (const k of ["minutes", "quick", "seed", "out"] as const)
    if (v[k] !== undefined && mode !== "train") throw usage(`--${k} applies only to --train`);
  if (v["data-dir"] !== undefined && mode !== "train" && mode !== "evaluate")
    throw usage("--data-dir applies only to --train and --evaluate");
  if (v.force && mode !== "promote") throw usage("--force applies only to --promote");
  for (const k of ["length-penalty", "max-length", "batch-size"] as const)
    if (v[k] !== undefined && mode !== "translate")
      throw usage(`--${k} applies only to translating (--file)`);
  if (v.beam !== undefined && mode !== "translate" && mode !== "evaluate")
    throw usage(`--beam does not apply with --${mode}`);
  if (v.model !== undefined && (mode === "train" || mode === "evaluate"))
    throw usage(
      `--model does not apply with --${mode} (${mode === "train" ? "--out names the run folder" : "give the run folder to --evaluate"})`,
    );
  if (v.backend !== undefined && mode === "promote") throw usage("--backend does not apply with --promote");
  for (const k of ["evaluate", "promote"] as const) if (v[k] === "") throw usage(`--${k} needs a run folder`);
  const minutes = num("minutes", 30, {});
  if (v.minutes !== undefined && !(minutes > 0 && minutes <= 24 * 60))
    throw usage(`--minutes must be a number in (0, 1440], got ${JSON.stringify(v.minutes)}`);
  const run = mode === "evaluate" ? v.evaluate : mode === "promote" ? v.promote : undefined;
  return {
    mode,
    file: v.file,
    train: mode === "train",
    ...(run !== undefined ? { run } : {}),
    ...(v.minutes !== undefined ? { minutes } : {}),
    quick: v.quick === true,
    seed: num("seed", 0, { min: 0, max: 2 ** 31 - 1, integer: true }),
    ...(v.out !== undefined ? { out: v.out } : {}),
    force: v.force === true,
    dataDir: v["data-dir"],
    beam: num("beam", mode === "evaluate" ? 4 : 1, { min: 1, max: MAX_BEAM, integer: true }),
    lengthPenalty: num("length-penalty", 0.6, { min: 0, max: 10 }),
    maxLength:
      v["max-length"] === undefined ? undefined : num("max-length", 0, { min: 1, max: 512, integer: true }),
    model: v.model ?? shippedModelDir("translation"),
    backend: v.backend,
    batchSize: num("batch-size", 64, { min: 1, max: 4096, integer: true }),
  };
}

export { splitInputLines };

export interface CliIo {
  /** stdin as bytes (decoded like a file) or as text. */
  readStdin: () => Promise<Uint8Array | string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  },
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Runs the command; errors are thrown (a UsageError means exit code 2, see runCli). */
export async function main(argv = process.argv.slice(2), io: CliIo = processIo): Promise<void> {
  const flags = parseTranslateFlags(argv);
  if (flags === "help") {
    io.stdout(`${TRANSLATE_HELP}\n`);
    return;
  }
  const log = (line: string) => io.stderr(`${line}\n`);
  const data = flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {};
  if (flags.mode === "promote") {
    const record = await promoteTranslation(flags.run!, { force: flags.force, modelDir: flags.model, log });
    io.stdout(`${path.resolve(flags.model)}${record.forced ? " (forced)" : ""}\n`);
    return;
  }
  if (flags.mode === "train") {
    // Checked before the backend and the data load: a run never replaces a folder.
    const outDir = path.resolve(flags.out ?? newRunDir("translation"));
    assertFreshRunDir(outDir, "translate --train", "translation");
    await initBackend({ ...(flags.backend ? { backend: flags.backend } : {}), log });
    await trainReference({
      outDir,
      quick: flags.quick,
      seed: flags.seed,
      data,
      ...(flags.minutes !== undefined ? { budgetSeconds: flags.minutes * 60 } : {}),
      log,
    });
    log(`next: npm run translate -- --evaluate ${outDir}`);
    io.stdout(`${outDir}\n`);
    return;
  }
  if (flags.mode === "evaluate") {
    await initBackend({ ...(flags.backend ? { backend: flags.backend } : {}), log });
    const report = await evaluateReference({
      modelDir: flags.run!,
      data,
      beam: Math.max(2, flags.beam),
      log,
    });
    log(
      `greedy test BLEU ${report.greedy.bleu.toFixed(2)} (floor ${TRANSLATION_BLEU_FLOOR}); ` +
        `next, if it reaches the floor: npm run translate -- --promote ${flags.run}`,
    );
    io.stdout(`${path.join(path.resolve(flags.run!), "evaluation.json")}\n`);
    return;
  }
  const text = await readTextInput(flags.file!, io.readStdin, "one English sentence per line");
  await initBackend({ ...(flags.backend ? { backend: flags.backend } : {}), log });
  const { model, vocabs } = await loadModel(flags.model);
  try {
    if (flags.beam > vocabs.tgt.size)
      throw usage(`--beam ${flags.beam} is larger than the Chinese vocabulary (${vocabs.tgt.size} entries)`);
    const lines = splitInputLines(text);
    io.stderr(
      unknownWarning(
        mostlyUnknownLines(lines, tokenizeEnglish, (t) => vocabs.src.has(t)),
        "the English→Chinese model (it knows the English words of Tatoeba)",
      ),
    );
    const outputs = await translate(model, vocabs, lines, {
      beam: flags.beam,
      lengthPenalty: flags.lengthPenalty,
      batchSize: flags.batchSize,
      ...(flags.maxLength !== undefined ? { maxLength: flags.maxLength } : {}),
    });
    // One line out per line in: outputs never contain newlines (whitespace is collapsed), but be safe.
    io.stdout(outputs.map((o) => o.replace(/[\r\n]+/g, " ") + "\n").join(""));
  } finally {
    model.dispose();
  }
}

if (require.main === module) runCli(() => main());
