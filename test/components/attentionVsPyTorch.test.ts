// The FAQ's sentence comparing the library with PyTorch is computed from the committed benchmark
// record; these tests pin the arithmetic and check that the record holds what the sentence needs.
import { describe, expect, it } from "vitest";
import bench from "../../data/bench/attention-wasm.json";
import { BRIEF, comparisonOf } from "../../src/components/AttentionVsPyTorch/comparison";

const row = (label: string, T: number, variant: string, mode: string, medianMs: number) => ({
  label,
  T,
  variant,
  mode,
  medianMs,
});

describe("AttentionVsPyTorch", () => {
  it("takes the brief's ratios, the range over all shapes, and plain ÷ PyTorch", () => {
    const c = comparisonOf({
      date: "2026-12-01T10:00:00.000Z",
      machine: { cores: 2 },
      rows: [
        row(BRIEF, 128, "plain", "forward", 30),
        row(BRIEF, 128, "plain", "forward+backward", 90),
        row("B·H=8 T=64 d=32", 64, "library", "forward", 1),
        row("B·H=8 T=1024 d=32", 1024, "library", "forward", 1),
      ],
      pytorch: {
        comparison: [
          { label: BRIEF, mode: "forward", ratio: 1.5, torchMs: 2 },
          { label: BRIEF, mode: "forward+backward", ratio: 1.8, torchMs: 5 },
          { label: "B·H=8 T=64 d=32", mode: "forward", ratio: 0.9, torchMs: 1 },
        ],
      },
    });
    expect(c).toEqual({
      date: "2026-12-01",
      cores: 2,
      forward: 1.5,
      both: 1.8,
      min: 0.9,
      max: 1.8,
      tMin: 64,
      tMax: 1024,
      plainForward: 15,
      plainBoth: 18,
    });
  });

  it("is undefined without PyTorch timings", () => {
    const none = { date: "2026-12-01", machine: { cores: 2 }, rows: [], pytorch: { skipped: "--no-torch" } };
    expect(comparisonOf(none)).toBeUndefined();
  });

  it("finds every figure in the committed record (the FAQ shows no NaN)", () => {
    const c = comparisonOf(bench as Parameters<typeof comparisonOf>[0]);
    expect(c).toBeDefined();
    for (const value of Object.values(c!))
      if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  });
});
