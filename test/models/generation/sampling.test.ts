import { describe, expect, it } from "vitest";
import {
  argMax,
  candidateSet,
  sampleToken,
  validateSamplingOptions,
} from "../../../src/lib/models/generation/sampling";
import { mulberry32 } from "../../../src/lib/util/random";

// Logits with distinct probabilities: p ∝ exp(z).
const logits = [1.0, 3.0, 0.5, 2.0, -1.0, 2.5, 0.0, 1.5];
const probs = (() => {
  const e = logits.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
})();
const byProb = logits.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]!); // [1, 5, 3, 7, 0, 2, 6, 4]

describe("sampling options", () => {
  it.each([
    [
      "a negative temperature",
      { temperature: -0.1 },
      /temperature must be a number ≥ 0 \(0 = greedy\), got -0.1/,
    ],
    ["a NaN temperature", { temperature: NaN }, /temperature must be a number ≥ 0/],
    ["top-k of 0", { topK: 0 }, /top-k must be an integer ≥ 1, got 0/],
    ["a fractional top-k", { topK: 2.5 }, /top-k must be an integer ≥ 1, got 2.5/],
    ["top-p of 0", { topP: 0 }, /top-p must be in \(0, 1\], got 0/],
    ["top-p above 1", { topP: 1.5 }, /top-p must be in \(0, 1\], got 1.5/],
  ])("rejects %s with a clear error", (_, options, message) => {
    expect(() => validateSamplingOptions(options)).toThrow(message);
    expect(() => sampleToken(logits, options, mulberry32(1))).toThrow(message);
  });

  it("accepts the boundaries: temperature 0, top-k 1, top-p 1", () => {
    expect(() => validateSamplingOptions({ temperature: 0, topK: 1, topP: 1 })).not.toThrow();
  });
});

describe("greedy", () => {
  it("temperature 0 is the arg-max and never draws a random number", () => {
    let draws = 0;
    const random = () => {
      draws++;
      return 0.5;
    };
    expect(sampleToken(logits, { temperature: 0 }, random)).toBe(1);
    expect(draws).toBe(0);
    expect(argMax([0, 2, 2, 1])).toBe(1); // ties: the lowest id
  });
});

describe("top-k", () => {
  it.each([1, 3, 5, 8])("keeps exactly the k = %i most probable ids", (k) => {
    const c = candidateSet(logits, { topK: k });
    expect(c.ids).toEqual(byProb.slice(0, k));
    expect(c.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Renormalised, in proportion to the original probabilities.
    const mass = byProb.slice(0, k).reduce((s, i) => s + probs[i]!, 0);
    c.ids.forEach((id, j) => expect(c.probs[j]).toBeCloseTo(probs[id]! / mass, 12));
  });

  it("never draws an id outside the top k", () => {
    const random = mulberry32(9);
    for (let i = 0; i < 500; i++) expect([1, 5, 3]).toContain(sampleToken(logits, { topK: 3 }, random));
  });
});

describe("top-p", () => {
  it("keeps the smallest set of most probable ids whose mass reaches p", () => {
    const sorted = byProb.map((i) => probs[i]!);
    for (const p of [0.05, 0.3, 0.5, 0.8, 0.95, 0.999]) {
      const c = candidateSet(logits, { topP: p });
      const m = c.ids.length;
      expect(c.ids).toEqual(byProb.slice(0, m));
      const mass = sorted.slice(0, m).reduce((a, b) => a + b, 0);
      expect(mass).toBeGreaterThanOrEqual(p); // reaches p …
      expect(mass - sorted[m - 1]!).toBeLessThan(p); // … and one id fewer would not
    }
  });

  it("keeps everything at p = 1 and applies after top-k", () => {
    expect(candidateSet(logits, { topP: 1 }).ids.length).toBe(8);
    const c = candidateSet(logits, { topK: 2, topP: 0.99 });
    expect(c.ids).toEqual([1, 5]);
  });
});

describe("temperature sampling", () => {
  it("draws ids with the softmax probabilities (500 draws per id, within 5 standard errors)", () => {
    const random = mulberry32(4);
    const n = 4000;
    const counts = new Array<number>(logits.length).fill(0);
    for (let i = 0; i < n; i++) counts[sampleToken(logits, { temperature: 1 }, random)]!++;
    probs.forEach((p, i) => {
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(counts[i]! / n - p)).toBeLessThan(5 * se);
    });
  });

  it("sharpens below 1 and flattens above 1", () => {
    const cold = candidateSet(logits, { temperature: 0.5 });
    const hot = candidateSet(logits, { temperature: 2 });
    const pOf = (c: { ids: number[]; probs: number[] }, id: number) => c.probs[c.ids.indexOf(id)]!;
    expect(pOf(cold, 1)).toBeGreaterThan(probs[1]!);
    expect(pOf(hot, 1)).toBeLessThan(probs[1]!);
  });

  it("same seed, same draws; another seed, other draws", () => {
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 50 }, () =>
        sampleToken(logits, { temperature: 1, topK: 6, topP: 0.9 }, random),
      );
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("never picks a masked (-Infinity) id and fails clearly when all are masked", () => {
    const masked = logits.map((z, i) => (i === 1 || i === 5 ? -Infinity : z));
    const random = mulberry32(2);
    for (let i = 0; i < 300; i++)
      expect([1, 5]).not.toContain(sampleToken(masked, { temperature: 1.5 }, random));
    expect(sampleToken(masked, { temperature: 0 }, random)).toBe(3);
    expect(() => candidateSet([-Infinity, -Infinity])).toThrow(/every id is masked/);
    expect(() => candidateSet([0, NaN])).toThrow(/logit of id 1 is NaN/);
  });
});
