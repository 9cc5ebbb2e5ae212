#!/usr/bin/env node
/**
 * `npm run float16 -- --demo poetry [--ship] [--data-dir DIR]`
 *
 * Stores a shipped model's weights as float16 (half the bytes every playground visitor downloads)
 * after checking that the held-out metric does not move beyond the demo's tolerance
 * (experiments/float16.ts). The float32 model stays in checkpoints/<demo>/ (copied there the first
 * time). The figures go to data/bench/float16.json; --ship replaces static/models/<demo>/ only when
 * the change is within tolerance.
 */
import * as path from "node:path";
import { initBackend } from "../backend";
import { loadTangPoems } from "../data/tangPoems";
import { compareFloat16, ensureCheckpoint, type HeldOutMetric } from "../experiments/float16";
import { loadPoet, packageRoot, reportPath } from "../experiments/generationStore";
import { scoreTexts } from "../experiments/generationText";
import { gitState } from "../notebook/gitState";
import { parseFlags, runCli, UsageError } from "./flags";

const HELP = `Usage: npm run float16 -- --demo poetry [--ship] [--data-dir DIR]

Converts static/models/<demo>/ to float16 weights and compares the held-out metric of both:
  --demo poetry     the model (poetry: test bits/char over the whole test split)
  --ship            replace static/models/<demo>/ with the float16 weights when the change is within
                    tolerance (default: only measure and record in data/bench/float16.json)
  --data-dir DIR    dataset folder (default FOOTPRINT_DATA_DIR, the cache, then download)
The float32 model is kept in checkpoints/<demo>/ (outside static/, so not sent to browsers).`;

function poetryMetric(dataDir: string | undefined): HeldOutMetric {
  let texts: string[] | undefined;
  return {
    name: "test bits/char (whole test split, EOS not counted)",
    better: "lower",
    tolerance: 0.01,
    toleranceReason:
      "0.01 bits/char is 0.1 % of the model's figure and a tenth of the gap between seed runs of the same recipe",
    score: async (dir) => {
      texts ??= (await loadTangPoems(dataDir ? { dataDir } : {})).test.map((p) => p.body);
      const { model, tokenizer } = await loadPoet(dir);
      try {
        return scoreTexts(model, tokenizer, texts).bitsPerCharacter;
      } finally {
        model.dispose();
      }
    },
  };
}

/** HEAD, marked -dirty when tracked files differ from it (the notebook runner's git state). */
function gitCommit(root: string): string | null {
  const { commit, dirty } = gitState(root);
  return commit && dirty ? `${commit}-dirty` : commit;
}

async function main(): Promise<number> {
  const parsed = parseFlags(
    "float16",
    process.argv.slice(2),
    { demo: { type: "string" }, ship: { type: "boolean" }, "data-dir": { type: "string" } },
    HELP,
  );
  if (parsed === "help") {
    console.log(HELP);
    return 0;
  }
  const v = parsed.values;
  if (v.demo !== "poetry")
    throw new UsageError(`float16: --demo must be poetry, got ${JSON.stringify(v.demo)}\n\n${HELP}`);
  await initBackend({ backend: "wasm", log: false });
  const root = packageRoot();
  const shippedDir = path.join(root, "static", "models", v.demo);
  const checkpointDir = path.join(root, "checkpoints", v.demo);
  ensureCheckpoint(shippedDir, checkpointDir);
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  const result = await compareFloat16({
    demo: v.demo,
    checkpointDir,
    candidateDir: path.join(root, ".runs", `${stamp}-${v.demo}-float16`),
    shippedDir,
    metric: poetryMetric(v["data-dir"]),
    ship: v.ship === true,
    resultsFile: path.join(root, "data", "bench", "float16.json"),
    gitCommit: gitCommit(root),
    display: reportPath,
    log: (l) => console.error(l),
  });
  console.log(JSON.stringify(result, null, 1));
  return 0;
}

runCli(main);
