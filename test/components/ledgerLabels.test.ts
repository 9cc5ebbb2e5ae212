// The ledger's run names in Chinese (i18n/zh-Hans/ledger-labels.json, read by
// src/components/EnergyLedger/runLabel.ts): one for every label of the committed ledger, each with
// Chinese in it and the label's numbers kept, and none for a label the ledger no longer has.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runLabel } from "../../src/components/EnergyLedger/runLabel";

const ROOT = path.resolve(__dirname, "../..");
const FILE = "i18n/zh-Hans/ledger-labels.json";

describe("ledger run names in Chinese", () => {
  const labels = new Set(
    (
      JSON.parse(fs.readFileSync(path.join(ROOT, "data/energy/ledger.json"), "utf8")) as { label: string }[]
    ).map((r) => r.label),
  );
  const zh = JSON.parse(fs.readFileSync(path.join(ROOT, FILE), "utf8")) as Record<string, string>;

  it("names every run of the ledger, with its numbers", () => {
    expect(labels.size).toBeGreaterThan(5);
    const missing = [...labels].filter((l) => !(l in zh));
    expect(missing, `add these labels to ${FILE}`).toEqual([]);
    for (const label of labels) {
      const name = zh[label]!;
      expect(name, label).toMatch(/[\u4e00-\u9fff]/);
      const numbers = (s: string) => s.match(/\d+(?:\.\d+)?/g) ?? [];
      expect(numbers(name), `${FILE}: "${label}" keeps its numbers`).toEqual(numbers(label));
    }
  });

  it("has no name for a label the ledger does not hold", () => {
    expect(Object.keys(zh).filter((l) => !labels.has(l))).toEqual([]);
  });

  it("gives the Chinese name on zh pages only, and the label itself when it has none", () => {
    const label = [...labels][0]!;
    expect(runLabel(label, "zh-Hans")).toBe(zh[label]);
    expect(runLabel(label, "en")).toBe(label);
    expect(runLabel("a run nobody named", "zh-Hans")).toBe("a run nobody named");
  });
});
