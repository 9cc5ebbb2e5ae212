import { describe, expect, test } from "vitest";
import {
  achievedFlopsPerSecond,
  gpuEnergy,
  joulesPerFlop,
  pooledJoulesPerFlop,
  referenceGpu,
  trainingFlops,
  trainingFootprint,
} from "../../src/lib/energy/extrapolate";
import { PUBLISHED_INFERENCE, PUBLISHED_TRAINING, REFERENCE_GPUS } from "../../src/lib/energy/published";
import { references } from "../../src/data/references";

describe("FLOP accounting", () => {
  test("6·N·D for GPT-3 (175e9 params × 300e9 tokens) is 3.15e23", () => {
    expect(trainingFlops(175e9, 300e9)).toBeCloseTo(3.15e23, -19);
  });

  test("achieved FLOP/s and J/FLOP", () => {
    expect(achievedFlopsPerSecond(3e10, 2)).toBe(1.5e10);
    expect(joulesPerFlop(30, 3e10)).toBeCloseTo(1e-9, 20);
    expect(() => joulesPerFlop(1, 0)).toThrow(/flops must be > 0/);
  });

  test("pooled efficiency weights runs by FLOPs and ignores runs without a count", () => {
    const p = pooledJoulesPerFlop([
      { joules: { total: 10 }, flops: 1e10, seconds: 1 },
      { joules: { total: 90 }, flops: 9e10, seconds: 3 },
      { joules: { total: 1e6 }, seconds: 5 },
    ]);
    expect(p).toEqual({ joulesPerFlop: 1e-9, flopsPerSecond: 2.5e10, runs: 2 });
    expect(pooledJoulesPerFlop([])).toBeNull();
  });
});

describe("calculator", () => {
  test("GPT-3 on A100 at 40 % utilization, PUE 1.1, 429 g/kWh (hand-computed)", () => {
    // GPU-s = 3.15e23 / (312e12 × 0.4) = 2.5240e9 s; E = × 400 W = 1.00962e12 J = 280,449 kWh
    const r = trainingFootprint({
      params: 175e9,
      tokens: 300e9,
      hardware: { gpu: "a100", utilization: 0.4 },
      pue: 1.1,
      intensity: 429,
    });
    expect(r.kWh).toBeCloseTo(280448.7, 0);
    expect(r.gpuHours).toBeCloseTo(701121.8, 0);
    expect(r.facilityKWh).toBeCloseTo(308493.6, 0);
    expect(r.tCO2e).toBeCloseTo(132.34, 2);
  });

  test("with a measured efficiency in J/FLOP", () => {
    // 6 × 1e6 × 1e6 = 6e12 FLOPs × 1e-9 J/FLOP = 6000 J = 1/600 kWh; × PUE 1.5 × 300 g/kWh = 0.75 g
    const r = trainingFootprint({
      params: 1e6,
      tokens: 1e6,
      hardware: { joulesPerFlop: 1e-9 },
      pue: 1.5,
      intensity: 300,
    });
    expect(r.kWh).toBeCloseTo(1 / 600, 12);
    expect(r.tCO2e * 1e6).toBeCloseTo(0.75, 9);
    expect(r.gpuHours).toBeUndefined();
  });

  test("rejects bad inputs with a message naming them", () => {
    expect(() => gpuEnergy(1, referenceGpu("h100"), 0)).toThrow(/utilization must be in/);
    expect(() => referenceGpu("tpu")).toThrow(/Use one of: v100, a100, h100/);
    expect(() =>
      trainingFootprint({ params: 1, tokens: 1, hardware: { gpu: "a100" }, pue: 0.9, intensity: 1 }),
    ).toThrow(/PUE/);
  });
});

describe("published figures", () => {
  const ids = new Set(references.map((r) => r.id));
  test("every figure cites an entry of the reference registry", () => {
    const refs = [...PUBLISHED_TRAINING, ...PUBLISHED_INFERENCE, ...REFERENCE_GPUS].map((p) => p.ref);
    expect(refs.filter((r) => !ids.has(r))).toEqual([]);
  });

  test("the anchor figures are as published", () => {
    const gpt3 = PUBLISHED_TRAINING.find((p) => p.id === "gpt3")!;
    expect([gpt3.energyMWh, gpt3.tCO2e]).toEqual([1287, 552]);
    const bloom = PUBLISHED_TRAINING.filter((p) => p.id.startsWith("bloom")).map((p) => p.tCO2e);
    expect(bloom).toEqual([24.7, 50.5]);
    // Llama 2 70B: 1,720,320 GPU-h × 400 W = 688.128 MWh (derived)
    expect(PUBLISHED_TRAINING.find((p) => p.id === "llama2-70b")!.energyMWh).toBeCloseTo(688.128, 6);
  });
});
