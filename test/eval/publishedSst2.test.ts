import { describe, expect, it } from "vitest";
import { references } from "../../src/data/references";
import { PUBLISHED_SST2 } from "../../src/lib/eval/published/sst2";

describe("published SST-2 results", () => {
  it("cite an entry of the bibliography, a table of the source, and say which test set", () => {
    const ids = new Set(references.map((r) => r.id));
    for (const r of PUBLISHED_SST2) {
      expect(ids.has(r.ref), `${r.id}: ref ${r.ref} is not in src/data/references.ts`).toBe(true);
      const ref = references.find((x) => x.id === r.ref)!;
      expect(r.citation, r.id).toContain(`(${ref.year})`);
      expect(r.citation, r.id).toContain(ref.authors[0]!.split(",")[0]!);
      expect(r.where, r.id).toMatch(/^Table \d+, row /);
      expect(["SST binary test sentences", "GLUE SST-2 test (server)"]).toContain(r.evaluatedOn);
    }
  });

  it("hold accuracies as fractions with the source's one decimal of a percentage, ids unique", () => {
    for (const r of PUBLISHED_SST2) {
      expect(r.accuracy, r.id).toBeGreaterThan(0.5);
      expect(r.accuracy, r.id).toBeLessThan(1);
      expect(Math.round(r.accuracy * 1000) / 1000, r.id).toBe(r.accuracy);
    }
    expect(new Set(PUBLISHED_SST2.map((r) => r.id)).size).toBe(PUBLISHED_SST2.length);
  });

  it("include the figures notebook 04 compares against", () => {
    const byId = Object.fromEntries(PUBLISHED_SST2.map((r) => [r.id, r.accuracy]));
    expect(byId).toMatchObject({
      "socher2013-nb": 0.818,
      "socher2013-rntn": 0.854,
      "glue-bilstm-elmo-attn": 0.904,
      "devlin2019-bert-base": 0.935,
    });
  });
});
