// Every published training energy in src/lib/energy/published.ts is recomputed from the inputs the
// entry states (GPU-hours × power per GPU, × PUE when the figure includes it), and its flags must
// say what kind of figure it is. A wrong flag (BLOOM's TDP-derived 433 MWh once marked as reported
// and PUE-inclusive) or a figure that does not follow from its inputs fails here.
import { describe, expect, it } from "vitest";
import { PUBLISHED_TRAINING, REFERENCE_GPUS } from "../../src/lib/energy/published";
import type { PublishedTraining } from "../../src/lib/energy/published";

/** MWh from the entry's own inputs; undefined when it lacks them. */
function recomputedMWh(p: PublishedTraining): number | undefined {
  if (p.gpuHours === undefined || p.powerWatts === undefined) return undefined;
  if (p.includesPue && p.pue === undefined) return undefined;
  return (p.gpuHours * p.powerWatts * (p.includesPue ? p.pue! : 1)) / 1e6;
}

const tdpOf = (hardware: string) =>
  REFERENCE_GPUS.find((g) => hardware.includes(g.name.split(" ")[1]!))?.tdpWatts;

describe("published training energies", () => {
  for (const p of PUBLISHED_TRAINING) {
    it(`${p.id}: ${p.energyMWh.toFixed(1)} MWh follows from its stated GPU-hours, power and PUE`, () => {
      const mwh = recomputedMWh(p);
      expect(mwh, `${p.id}: needs gpuHours, powerWatts (and pue when includesPue)`).toBeDefined();
      // Sources round their inputs (GPT-3: 10,000 GPUs × 14.8 days); 0.5 % covers that, not a wrong flag.
      expect(Math.abs(mwh! / p.energyMWh - 1), `${p.id}: recomputed ${mwh} MWh`).toBeLessThan(0.005);
    });

    if (p.energyDerived) {
      it(`${p.id}: a derived energy uses the GPU's TDP and no PUE`, () => {
        expect(p.powerWatts).toBe(tdpOf(p.hardware));
        expect(p.includesPue).toBe(false);
      });
    }
  }

  it("BLOOM's 433 MWh is GPU-hours × 400 W TDP without PUE, and × 57 g/kWh gives its 24.7 t", () => {
    const bloom = PUBLISHED_TRAINING.find((p) => p.id === "bloom-dynamic")!;
    expect(bloom).toMatchObject({ energyDerived: true, includesPue: false, powerWatts: 400 });
    expect((bloom.energyMWh * bloom.intensity!) / 1e3).toBeCloseTo(24.7, 1);
  });

  it("GPT-3's 1,287 MWh is the source's energy from measured server power × PUE 1.1, and × 429 g/kWh gives 552 t", () => {
    const gpt3 = PUBLISHED_TRAINING.find((p) => p.id === "gpt3")!;
    expect(gpt3).toMatchObject({ energyDerived: false, includesPue: true, pue: 1.1 });
    expect((gpt3.energyMWh * gpt3.intensity!) / 1e3).toBeCloseTo(552, 0);
  });

  it("a wrong flag is caught: BLOOM marked PUE-inclusive no longer recomputes", () => {
    const bloom = PUBLISHED_TRAINING.find((p) => p.id === "bloom-dynamic")!;
    const wrong = { ...bloom, includesPue: true };
    expect(Math.abs(recomputedMWh(wrong)! / wrong.energyMWh - 1)).toBeGreaterThan(0.005);
  });
});

describe("inferenceEnergyRatio", () => {
  it("gives text generation / text classification from the table (0.047 / 0.002)", async () => {
    const { inferenceEnergyRatio } = await import("../../src/lib/energy/published");
    expect(inferenceEnergyRatio("text generation", "text classification")).toBeCloseTo(23.5, 6);
    expect(() => inferenceEnergyRatio("poetry", "text classification")).toThrow(/no task "poetry".*tasks: /);
  });
});
