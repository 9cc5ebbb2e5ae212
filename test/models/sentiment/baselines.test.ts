import { describe, expect, it } from "vitest";
import {
  LexiconClassifier,
  detokenizeSst2,
  majorityClass,
} from "../../../src/lib/models/sentiment/baselines";

describe("baselines", () => {
  it("majority class picks the more frequent label (ties → positive)", () => {
    expect(majorityClass([0, 0, 1])).toBe(0);
    expect(majorityClass([1, 0])).toBe(1);
  });

  it("detokenizes SST-2 clitics so the lexicon's negators match", () => {
    expect(detokenizeSst2("it 's not bad , and it does n't ca n't wo n't")).toBe(
      "it's not bad, and it doesn't can't won't",
    );
  });

  it.each([
    ["a wonderful , moving film", 1],
    ["a dull , boring mess", 0],
    ["it is n't good", 0],
    ["a film about trains", 1], // no lexicon word: the tie label
  ] as const)("%s → %i", (text, label) => {
    expect(new LexiconClassifier(1).score(text).label).toBe(label);
  });
});
