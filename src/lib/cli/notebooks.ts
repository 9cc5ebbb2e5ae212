#!/usr/bin/env node
/**
 * `npm run notebooks [-- --quick] [--timeout S] [--out-dir DIR] [--allow-dirty] [names...]`
 *
 * Executes notebooks headlessly (nbclient + the project's tslab kernel in a private kernel dir),
 * records per-cell wall time and estimated energy in the notebook metadata and writes the result
 * atomically. Full runs write in place (the committed outputs); quick runs (FOOTPRINT_QUICK=1)
 * write to .scratch/notebooks/ and touch no committed file (unless --record). A failing cell leaves
 * the notebook byte-identical and exits 1, naming the notebook, the cell index, the cell's first
 * line and the error. Ctrl-C stops the kernel and leaves every file as it was. A run that would
 * overwrite committed files (full runs in place, or --record) refuses to start from a git tree with
 * changed tracked files unless --allow-dirty is given, which the notebooks' metadata then records.
 */
import * as path from "node:path";
import { repoRoot } from "../notebook/jupyter";
import { readFileSync } from "node:fs";
import { DEFAULT_REGION, gridIntensity } from "../energy/carbon";
import type { NotebookFootprint } from "../notebook/format";
import { dirtyTreeMessage, gitState } from "../notebook/gitState";
import { QUICK_RUN_LOG, readRunLog, recordRun, RUN_LOG } from "../notebook/runLog";
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
  --allow-dirty    overwrite committed outputs even when tracked files differ from HEAD (recorded
                   in each notebook's metadata.footprint as allowDirty and dirty; default: refuse)
  --verbose        show the kernel helper's stderr

The CO2e stored with each run uses the grid of $FOOTPRINT_REGION (ISO 3166-1 alpha-3 or an Ember
aggregate; default WORLD) and a PUE of 1.0.
  -h, --help       this text`;

interface Flags {
  quick: boolean;
  record: boolean;
  allowDirty: boolean;
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
      "allow-dirty": { type: "boolean" },
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
    allowDirty: v["allow-dirty"] ?? false,
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
  // An unknown region fails here, before any kernel starts (the message lists the valid codes).
  const region = process.env.FOOTPRINT_REGION ?? DEFAULT_REGION;
  gridIntensity(region);
  const runLog = flags.quick && !flags.record ? QUICK_RUN_LOG : RUN_LOG;
  // Runs to the default places are the project's own (full reference or quick): their times are logged.
  const logsRuns = !flags.outDir;
  // Full runs write the notebooks in place; --record writes the committed run log.
  const writesCommitted = !flags.outDir && (!flags.quick || flags.record);
  const git = gitState(root);
  if (writesCommitted && git.dirty && !flags.allowDirty) {
    console.error(dirtyTreeMessage(git));
    return 2;
  }
  // A broken run log is reported (with its path) before anything runs; the notebooks still run.
  let logError: string | undefined;
  if (logsRuns) {
    try {
      readRunLog(path.join(root, runLog), runLog);
    } catch (e) {
      logError = (e as Error).message;
      console.error(`run times will not be logged: ${logError}`);
    }
  }
  let failed = 0;
  let unlogged = 0;
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
      region,
      dirty: git.dirty,
      allowDirty: flags.allowDirty,
      // Read before the first notebook is written in place (which makes the tree dirty).
      ...(git.commit ? { gitCommit: git.dirty ? `${git.commit}-dirty` : git.commit } : {}),
    });
    if (r.ok) {
      const fp = r.report;
      const cells = fp ? Object.keys(fp.cells).length : 0;
      console.log(
        `ok in ${r.seconds.toFixed(1)} s (${cells} code cells) → ${path.relative(root, r.output!)}`,
      );
      if (logsRuns && logError !== undefined) {
        unlogged++;
      } else if (logsRuns) {
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
  if (unlogged) console.error(`${unlogged} run time(s) not logged in ${runLog}: ${logError ?? "see above"}`);
  return failed || unlogged ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
