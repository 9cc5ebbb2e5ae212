#!/usr/bin/env node
/**
 * `node dist/cli/sentimentSeeds.js --seeds 1,2 [--out results.json]`: trains the notebook-03
 * configuration once per seed (seed of the initial weights, batch order) and prints the dev
 * accuracy, macro-F1, steps and training time of each, for the spread over seeds.
 * Nothing is exported or written to the ledger.
 */
import { writeFileAtomic } from "../io/writeFileAtomic";
import { initBackend } from "../backend";
import { loadSst2 } from "../data/sst2";
import { classificationReport, thresholdPredictions } from "../eval/classification";
import { predictTexts } from "../models/sentiment/classifier";
import { buildModel, fit, referenceConfig } from "../models/sentiment/training";
import { numberFlag, parseFlags, runCli } from "./flags";

const HELP = `Usage: node dist/cli/sentimentSeeds.js [--seeds 1,2] [--out results.json]
  --seeds  comma-separated integer seeds (default 1,2)
  --out    also write the rows as JSON to this file (written atomically)`;

async function main(): Promise<void> {
  const parsed = parseFlags(
    "sentimentSeeds",
    process.argv.slice(2),
    { seeds: { type: "string" }, out: { type: "string" } },
    HELP,
  );
  if (parsed === "help") return console.log(HELP);
  const values = parsed.values;
  const seeds = (values.seeds ?? "1,2")
    .split(",")
    .map((s) => numberFlag("sentimentSeeds", "seeds", s, { min: 0, integer: true }));
  await initBackend({ log: false });
  const sst2 = await loadSst2();
  const rows = [];
  for (const seed of seeds) {
    const config = referenceConfig(seed);
    const { model, vocab } = buildModel(sst2.train, config);
    const result = await fit(model, vocab, sst2.train, sst2.validation, config);
    const proba = predictTexts(
      model,
      vocab,
      sst2.dev.map((r) => r.text),
    );
    const report = classificationReport(
      sst2.dev.map((r) => r.label),
      thresholdPredictions(proba),
    );
    const row = {
      seed,
      devAccuracy: report.accuracy,
      devMacroF1: report.macroF1,
      steps: result.steps,
      bestStep: result.best.step,
      stopReason: result.stopReason,
      seconds: result.seconds,
      date: new Date().toISOString(),
    };
    console.log(JSON.stringify(row));
    rows.push(row);
    model.dispose();
  }
  if (values.out) writeFileAtomic(values.out, JSON.stringify(rows, null, 1) + "\n");
}

if (require.main === module) runCli(main);
