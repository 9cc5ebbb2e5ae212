import { describe, expect, it } from "vitest";
import { saturationStats, softmaxArray, softmaxJacobianNorm } from "../../src/lib/attention/saturation";

describe("softmax saturation (the attention explorer's arithmetic)", () => {
  it("the Jacobian norm formula equals the norm of diag(p) − ppᵀ computed entry by entry", () => {
    const p = softmaxArray([0.3, -1.2, 2.0, 0.1]);
    let sum = 0;
    p.forEach((pi, i) => p.forEach((pj, j) => (sum += ((i === j ? pi : 0) - pi * pj) ** 2)));
    expect(softmaxJacobianNorm(p)).toBeCloseTo(Math.sqrt(sum), 12);
    expect(softmaxJacobianNorm([1, 0, 0])).toBe(0);
  });

  it("unscaled scores spread like √d_k, scaled ones like 1", () => {
    const unscaled = saturationStats({ dk: 256, keys: 16, scaled: false, temperature: 1 });
    const scaled = saturationStats({ dk: 256, keys: 16, scaled: true, temperature: 1 });
    expect(unscaled.scoreStd).toBeGreaterThan(14);
    expect(unscaled.scoreStd).toBeLessThan(18);
    expect(scaled.scoreStd).toBeGreaterThan(0.85);
    expect(scaled.scoreStd).toBeLessThan(1.15);
  });

  it("without scaling, softmax saturates at large d_k and its gradient vanishes", () => {
    const unscaled = saturationStats({ dk: 512, keys: 16, scaled: false, temperature: 1 });
    const scaled = saturationStats({ dk: 512, keys: 16, scaled: true, temperature: 1 });
    expect(unscaled.meanMaxWeight).toBeGreaterThan(0.9);
    expect(scaled.meanMaxWeight).toBeLessThan(0.5);
    expect(unscaled.meanJacobianNorm).toBeLessThan(scaled.meanJacobianNorm / 3);
    expect(unscaled.meanNormalizedEntropy).toBeLessThan(0.15);
  });

  it("a high temperature flattens the weights towards uniform", () => {
    const hot = saturationStats({ dk: 64, keys: 8, scaled: true, temperature: 100 });
    expect(hot.meanNormalizedEntropy).toBeGreaterThan(0.99);
    for (const w of hot.example) expect(w).toBeCloseTo(1 / 8, 2);
  });

  it("rejects impossible settings naming them", () => {
    expect(() => saturationStats({ dk: 0, keys: 8, scaled: true, temperature: 1 })).toThrow(/dk=0/);
  });
});
