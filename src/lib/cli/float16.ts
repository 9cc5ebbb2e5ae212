#!/usr/bin/env node
/**
 * `npm run float16 -- --demo poetry|sentiment|translation [--ship] [--data-dir DIR]`
 *
 * Stores a shipped model's weights as float16 (half the bytes every playground visitor downloads)
 * after checking that the held-out metric does not move beyond the demo's tolerance
 * (experiments/float16.ts, metrics in experiments/float16Metrics.ts). The float32 model lives in
 * checkpoints/<demo>/ (a float32 shipped model, e.g. a newly promoted one, is copied there first).
 * The figures go to data/bench/float16.json; --ship replaces static/models/<demo>/ only when the
 * change is within tolerance.
 */
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../backend";
import { detectCpu } from "../energy/hardware";
import { compareFloat16, ensureCheckpoint } from "../experiments/float16";
import { FLOAT16_DEMOS, float16Metric, type Float16Demo } from "../experiments/float16Metrics";
import { packageRoot, reportPath } from "../experiments/generationStore";
import { gitState } from "../notebook/gitState";
import { parseFlags, runCli, UsageError } from "./flags";

const HELP = `Usage: npm run float16 -- --demo poetry|sentiment|translation [--ship] [--data-dir DIR]

Converts static/models/<demo>/ to float16 weights and compares the held-out metric of both:
  --demo D          the model and its metric:
                      poetry       test bits/char, whole test split (tolerance 0.01 bits/char)
                      sentiment    SST-2 dev accuracy (tolerance 0.3 points)
                      translation  greedy test BLEU on the pairs of the model's evaluation.json, and
                                   beam search on its subset (tolerance 0.3 BLEU); chrF recorded
  --ship            replace static/models/<demo>/ with the float16 weights when the change is within
                    tolerance (default: only measure and record in data/bench/float16.json)
  --data-dir DIR    dataset folder (default FOOTPRINT_DATA_DIR, the cache, then download)
The float32 model is kept in checkpoints/<demo>/ (outside static/, so not sent to browsers).`;

/** HEAD, marked -dirty when tracked files differ from it (the notebook runner's git state). */
function gitCommit(root: string): string | null {
  const { commit, dirty } = gitState(root);
  return commit && dirty ? `${commit}-dirty` : commit;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const parsed = parseFlags(
    "float16",
    argv,
    { demo: { type: "string" }, ship: { type: "boolean" }, "data-dir": { type: "string" } },
    HELP,
  );
  if (parsed === "help") {
    console.log(HELP);
    return 0;
  }
  const v = parsed.values;
  if (!FLOAT16_DEMOS.includes(v.demo as Float16Demo))
    throw new UsageError(
      `float16: --demo must be one of ${FLOAT16_DEMOS.join(", ")}, got ${JSON.stringify(v.demo)}\n\n${HELP}`,
    );
  const demo = v.demo as Float16Demo;
  const info = await initBackend({ backend: "wasm", log: false });
  const root = packageRoot();
  const shippedDir = path.join(root, "static", "models", demo);
  const checkpointDir = path.join(root, "checkpoints", demo);
  // Read before this command writes the checkpoint, which would mark the tree -dirty.
  const commit = gitCommit(root);
  if (ensureCheckpoint(shippedDir, checkpointDir) === "copied")
    console.error(`${reportPath(checkpointDir)}: float32 model copied from ${reportPath(shippedDir)}`);
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  const loadAverageAtStart = os.loadavg();
  const machine = {
    cpu: detectCpu().model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    backend: `${info.id} (${info.device})`,
    loadAverageAtStart,
  };
  const result = await compareFloat16({
    demo,
    checkpointDir,
    candidateDir: path.join(root, ".runs", `${stamp}-${demo}-float16`),
    shippedDir,
    metric: float16Metric(demo, { checkpointDir, ...(v["data-dir"] ? { dataDir: v["data-dir"] } : {}) }),
    ship: v.ship === true,
    resultsFile: path.join(root, "data", "bench", "float16.json"),
    command: ["npm run float16 --", ...argv].join(" "),
    gitCommit: commit,
    machine,
    display: reportPath,
    log: (l) => console.error(l),
  });
  console.log(JSON.stringify(result, null, 1));
  return 0;
}

runCli(main);
