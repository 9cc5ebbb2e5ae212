import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { findLedgerRecord, readLedger } from "../../src/lib/energy/ledger";
import { recordWork } from "../../src/lib/energy/schema";

// Each shipped model names the ledger record of the run that trained it (model.json →
// userDefinedMetadata.training.ledgerId); that record must exist and be the run the model's own
// training report describes.
const root = path.join(__dirname, "..", "..");
const ledger = readLedger(path.join(root, "data", "energy", "ledger.jsonl"));
const read = (f: string) => JSON.parse(readFileSync(path.join(root, "static", "models", f), "utf8"));

interface Expected {
  seconds: number;
  joules: number;
  date: string;
  work: { unit: string; count: number };
}
const demos: [string, () => Expected][] = [
  [
    "sentiment",
    () => {
      const m = read("sentiment/model.json").userDefinedMetadata;
      return {
        seconds: m.trainingSeconds,
        joules: m.trainingJoules,
        date: m.date,
        work: { unit: "steps", count: m.trainingSteps },
      };
    },
  ],
  [
    "translation",
    () => {
      const t = read("translation/training.json");
      return {
        seconds: t.energy.seconds,
        joules: t.energy.joules.total,
        date: t.energy.date,
        work: { unit: "steps", count: t.steps },
      };
    },
  ],
  [
    "poetry",
    () => {
      const t = read("poetry/training.json");
      return {
        seconds: t.energy.seconds,
        joules: t.energy.joules.total,
        date: t.energy.date,
        work: { unit: "characters", count: t.charactersTrainedOn },
      };
    },
  ],
];

describe("shipped models and the ledger link both ways", () => {
  test.each(demos)("%s: model.json names its training record, which matches its report", (demo, expected) => {
    const id = read(`${demo}/model.json`).userDefinedMetadata?.training?.ledgerId;
    expect(id, `static/models/${demo}/model.json has no userDefinedMetadata.training.ledgerId`).toMatch(
      /^sha256:[0-9a-f]{16}$/,
    );
    const record = findLedgerRecord(ledger, id);
    expect(record, `${id} (static/models/${demo}) is not in data/energy/ledger.jsonl`).toBeDefined();
    const e = expected();
    expect(record!.seconds).toBe(e.seconds);
    expect(record!.joules.total).toBe(e.joules);
    expect(record!.date).toBe(e.date);
    const work = recordWork(record!);
    expect(work, `${id} says no unit of work (a v1 record)`).not.toBeNull();
    expect({ unit: work!.unit, count: work!.count }).toEqual(e.work);
  });
});
