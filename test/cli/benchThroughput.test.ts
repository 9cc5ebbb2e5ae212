import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseBenchFlags } from "../../src/lib/cli/bench";
import {
  THROUGHPUT_SHAPES,
  formatThroughputTable,
  shippedModelConfig,
} from "../../src/lib/experiments/benchThroughput";
import type { ThroughputRow } from "../../src/lib/experiments/benchThroughput";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-throughput-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("throughput benchmark", () => {
  it("builds each demo's model from the shipped model.json configuration", () => {
    const root = path.resolve(__dirname, "../..");
    expect(shippedModelConfig(root, "sentiment")).toMatchObject({
      dModel: 64,
      vocabSize: expect.any(Number),
    });
    expect(shippedModelConfig(root, "translation")).toMatchObject({ srcVocabSize: expect.any(Number) });
    expect(shippedModelConfig(root, "poetry")).toMatchObject({ contextLength: expect.any(Number) });
  });

  it("names the file when the configuration is missing or has no modelConfig.model", () => {
    expect(() => shippedModelConfig(tmp, "poetry")).toThrow(/poetry model configuration from .*model\.json/);
    fs.mkdirSync(path.join(tmp, "static", "models", "poetry"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "static", "models", "poetry", "model.json"), '{"modelConfig": {}}');
    expect(() => shippedModelConfig(tmp, "poetry")).toThrow(/model\.json has no modelConfig\.model/);
  });

  it("prints units per second with the unit, right-aligned numbers", () => {
    const row: ThroughputRow = {
      workload: "poetry GPT decoding, with KV cache",
      shape: "1 sequence",
      unit: "characters",
      unitsPerRun: 100,
      medianMs: 250,
      minMs: 200,
      reps: 3,
      perSecond: 400,
    };
    const table = formatThroughputTable([row, { ...row, unit: "tokens", perSecond: 12345.6 }]);
    expect(table).toMatch(
      /\| poetry GPT decoding, with KV cache \| 1 sequence \| +250\.0 \| +200\.0 \| +400 characters\/s \|/,
    );
    expect(table).toContain("12,346 tokens/s");
  });

  it("times fixed shapes, so figures compare across runs", () => {
    expect(THROUGHPUT_SHAPES.poetry).toEqual({ batch: 32, T: 128 });
    expect(THROUGHPUT_SHAPES.decode.tokens).toBeGreaterThan(0);
  });

  it("runs one part with --only and rejects an unknown part", () => {
    expect(parseBenchFlags(["--only", "throughput"])).toMatchObject({ only: "throughput" });
    expect(parseBenchFlags([])).toMatchObject({ only: undefined });
    expect(() => parseBenchFlags(["--only", "kernels"])).toThrow(/--only must be attention or throughput/);
  });
});
