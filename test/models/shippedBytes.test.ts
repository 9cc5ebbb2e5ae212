// Byte budgets of the shipped models: every playground visitor downloads static/models/<demo>/.
// The test prints each model's bytes and fails when one grows past its budget.
//
// Budgets (bytes of the whole folder, weights + vocabularies + reports):
// - poetry: float16 weights since 7272101 (3.16 MB of weights, was 6.32 MB in float32); budget 3.3 MB,
//   about 4 % above today's folder, so a retrained model of the same size fits and a float32 one does not.
// - sentiment, translation: still float32 (issue 20 asks for float16 after measuring the quality change);
//   budgets a little above today's folders (2.41 MB, 7.47 MB) so that they can only shrink from here.
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const MODELS = path.resolve(__dirname, "../../static/models");
const BUDGET_BYTES: Record<string, number> = {
  poetry: 3_300_000,
  sentiment: 2_450_000,
  translation: 7_550_000,
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
