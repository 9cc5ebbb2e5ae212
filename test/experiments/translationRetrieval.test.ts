import { describe, expect, it } from "vitest";
import { corpusBleu } from "../../src/lib/eval/bleu";
import { evaluateRetrievalBaseline } from "../../src/lib/experiments/translationRetrieval";

const train = [
  { en: "I like cats.", zh: "我喜欢猫。" },
  { en: "I like dogs.", zh: "我喜欢狗。" },
  { en: "Where is the station?", zh: "车站在哪里？" },
  { en: "Tom is reading a book.", zh: "汤姆在看书。" },
];
const test = [
  { en: "Where is the station?", zh: "车站在哪里？" },
  { en: "Where is the station?", zh: "车站在哪儿？" }, // two references of one sentence: retrieved once
  { en: "I like dogs!", zh: "我喜欢狗！" },
  { en: "Quux", zh: "奇怪" },
];
// The meter needs no RAPL here: it estimates from CPU time (method estimated:tdp) on these machines.
const meter = { powercapRoot: false as const, nvidiaSmi: false as const };

describe("retrieval baseline driver", () => {
  it("scores every test pair with the same BLEU code, retrieving each distinct sentence once", async () => {
    const r = await evaluateRetrievalBaseline({ train, test, minSeconds: 0, meter });
    expect(r.testPairs).toBe(4);
    expect(r.sentences).toBe(3);
    expect(r.memorySentences).toBe(4);
    expect(r.hypotheses).toEqual(["车站在哪里？", "车站在哪里？", "我喜欢狗。", ""]);
    expect(r.exactMatches).toBe(1);
    expect(r.noMatch).toBe(1);
    expect(r.bleu).toBeCloseTo(
      corpusBleu(
        r.hypotheses,
        test.map((p) => p.zh),
        { tokenize: "zh" },
      ).score,
      9,
    );
    expect(r.chrf).toBeGreaterThan(0);
  });

  it("meters both steps with their unit of work, repetitions counted", async () => {
    const r = await evaluateRetrievalBaseline({ train, test, minSeconds: 0.2, meter });
    expect(r.indexEnergy.work).toMatchObject({ unit: "sentences" });
    expect(r.retrievalEnergy.work).toMatchObject({ unit: "sentences" });
    // Repeated for ≥ 0.2 s: many passes, each counted.
    expect(r.retrievalEnergy.work!.count % 3).toBe(0);
    expect(r.retrievalEnergy.work!.count).toBeGreaterThan(3);
    expect(r.indexEnergy.work!.count % 4).toBe(0);
    expect(r.retrievalEnergy.method.cpu).toMatch(/^estimated:|^measured:/);
    expect(r.joulesPer1000).toBeCloseTo(
      (r.retrievalEnergy.joules.total / r.retrievalEnergy.work!.count) * 1000,
      9,
    );
  });

  it("refuses an empty training or test set, saying what to pass", async () => {
    await expect(evaluateRetrievalBaseline({ train: [], test, meter })).rejects.toThrow(
      /no training pairs.*train split/,
    );
    await expect(evaluateRetrievalBaseline({ train, test: [], meter })).rejects.toThrow(/no test pairs/);
  });
});
