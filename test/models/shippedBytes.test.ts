// Byte budgets of the shipped models: every playground visitor downloads static/models/<demo>/.
// The test prints each model's bytes and fails when one grows past its budget.
//
// Budgets (bytes of the whole folder, weights + vocabularies + reports), all three with float16 weights
// (npm run float16; the float32 checkpoints live in checkpoints/<demo>/, outside the site):
// - poetry: 3.23 MB today (3.16 MB of weights); budget 3.3 MB.
// - sentiment: 1.25 MB today (1.16 MB of weights, was 2.32 MB in float32); budget 1.3 MB.
// - translation: 3.86 MB today (3.61 MB of weights, was 7.22 MB in float32); budget 3.95 MB.
// Each budget is 2–4 % above today's folder: a retrained model of the same size fits, a float32 one
// (about twice the weight bytes) does not.
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const MODELS = path.resolve(__dirname, "../../static/models");
const BUDGET_BYTES: Record<string, number> = {
  poetry: 3_300_000,
  sentiment: 1_300_000,
  translation: 3_950_000,
};

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

describe("shipped model bytes", () => {
  it("has a budget for every shipped model folder", () => {
    expect(readdirSync(MODELS).sort()).toEqual(Object.keys(BUDGET_BYTES).sort());
  });

  it.each(Object.entries(BUDGET_BYTES))("%s stays within its byte budget", (demo, budget) => {
    const bytes = folderBytes(path.join(MODELS, demo));
    console.log(`static/models/${demo}: ${bytes} bytes (budget ${budget})`);
    expect(bytes).toBeLessThanOrEqual(budget);
  });
});
