#!/usr/bin/env node
/**
 * `node dist/cli/sentimentSeeds.js --seeds 1,2 [--out results.json]`: trains the notebook-03
 * configuration once per seed (seed of the initial weights, batch order) and prints the dev
 * accuracy, macro-F1, steps and training time of each, for the spread over seeds.
 * Nothing is exported or written to the ledger.
 */
import { promises as fs } from "node:fs";
import { parseArgs } from "node:util";
import { initBackend } from "../backend";
import { loadSst2 } from "../data/sst2";
import { classificationReport, thresholdPredictions } from "../eval/classification";
import { predictTexts } from "../models/sentiment/classifier";
import { buildModel, fit, referenceConfig } from "../models/sentiment/training";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: "string", default: "1,2" }, out: { type: "string" } },
  });
  const seeds = values.seeds!.split(",").map(Number);
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
  if (values.out) await fs.writeFile(values.out, JSON.stringify(rows, null, 1) + "\n");
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`sentimentSeeds: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}
