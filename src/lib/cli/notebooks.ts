#!/usr/bin/env node
/**
 * `npm run notebooks [-- --quick] [--timeout S] [--out-dir DIR] [names...]`
 *
 * Executes notebooks headlessly (nbclient + the project's tslab kernel in a private kernel dir),
 * records per-cell wall time and estimated energy in the notebook metadata and writes the result
 * atomically. Full runs write in place (the committed outputs); quick runs (FOOTPRINT_QUICK=1)
 * write to .scratch/notebooks/ and touch no committed file (unless --record). A failing cell leaves
 * the notebook byte-identical and exits 1, naming the notebook, the cell index, the cell's first
 * line and the error. Ctrl-C stops the kernel and leaves every file as it was.
 */
import * as path from "node:path";
import { repoRoot } from "../notebook/jupyter";
import { readFileSync } from "node:fs";
import type { NotebookFootprint } from "../notebook/format";
import { QUICK_RUN_LOG, recordRun, RUN_LOG } from "../notebook/runLog";
import { resolveNotebooks, runNotebook } from "../notebook/runner";
import { numberFlag, parseFlags } from "./flags";

const HELP = `Usage: npm run notebooks -- [options] [names...]

Executes notebooks/*.ipynb (or the named ones: "01", "01-deriving-attention", or a path to an .ipynb)
with the tslab kernel and stores per-cell time and energy in their metadata.

Options:
  --quick          FOOTPRINT_QUICK=1 (small subsets); write to .scratch/notebooks/ (default: off)
  --timeout S      per-cell timeout in whole seconds (default: 600, quick: 300)
  --out-dir DIR    write executed notebooks to DIR instead (default: in place; quick: .scratch/notebooks)
  --python PATH    Python with nbclient (default: $FOOTPRINT_PYTHON, /usr/bin/python3, python3)
  --record         with --quick: log the run times in data/notebooks/runs.json (the facilitator
                   guide's table) instead of .scratch/notebooks/runs.json (default: off)
  --verbose        show the kernel helper's stderr
  -h, --help       this text`;

interface Flags {
  quick: boolean;
  record: boolean;
  timeout?: number;
  outDir?: string;
  python?: string;
  verbose: boolean;
  names: string[];
}

export function parseNotebookFlags(argv: readonly string[]): Flags | "help" {
  const parsed = parseFlags(
    "notebooks",
    argv,
    {
      quick: { type: "boolean" },
      record: { type: "boolean" },
      verbose: { type: "boolean" },
      timeout: { type: "string" },
      "out-dir": { type: "string" },
      python: { type: "string" },
    },
    HELP,
    { positionals: true },
  );
  if (parsed === "help") return "help";
  const v = parsed.values;
  return {
    quick: v.quick ?? false,
    record: v.record ?? false,
    verbose: v.verbose ?? false,
    // nbclient counts whole seconds.
    timeout:
      v.timeout === undefined
        ? undefined
        : numberFlag("notebooks", "timeout", v.timeout, { min: 1, integer: true }),
    outDir: v["out-dir"] === undefined ? undefined : path.resolve(v["out-dir"]),
    python: v.python,
    names: parsed.positionals,
  };
}

async function main(): Promise<number> {
  const flags = parseNotebookFlags(process.argv.slice(2));
  if (flags === "help") {
    console.log(HELP);
    return 0;
  }
  const root = repoRoot();
  const files = resolveNotebooks(flags.names, root);
  if (files.length === 0) {
    console.error("No notebooks found in notebooks/.");
    return 1;
  }
  let failed = 0;
  let unlogged = 0;
  const runLog = flags.quick && !flags.record ? QUICK_RUN_LOG : RUN_LOG;
  for (const file of files) {
    const rel = path.relative(root, file);
    process.stdout.write(`${flags.quick ? "[quick] " : ""}${rel} ... `);
    const r = await runNotebook(file, {
      quick: flags.quick,
      timeout: flags.timeout,
      outDir: flags.outDir,
      python: flags.python,
      root,
      log: flags.verbose ? (s) => process.stderr.write(s) : undefined,
    });
    if (r.ok) {
      const fp = r.report;
      const cells = fp ? Object.keys(fp.cells).length : 0;
      console.log(
        `ok in ${r.seconds.toFixed(1)} s (${cells} code cells) → ${path.relative(root, r.output!)}`,
      );
      // Runs to the default places are the project's own (full reference or quick): log their times.
      if (!flags.outDir) {
        const nb = JSON.parse(readFileSync(r.output!, "utf8")) as {
          metadata: { footprint: NotebookFootprint };
        };
        try {
          recordRun(root, path.basename(file, ".ipynb"), nb.metadata.footprint, runLog);
        } catch (e) {
          unlogged++;
          console.error(`run time not logged: ${(e as Error).message}`);
        }
      }
    } else {
      failed++;
      console.log("FAILED");
      console.error(`\n${r.message}`);
    }
  }
  if (failed)
    console.error(`${failed} of ${files.length} notebook(s) failed; failed notebooks were not modified.`);
  if (unlogged) console.error(`${unlogged} run time(s) not logged in ${runLog} (see above).`);
  return failed || unlogged ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
