import { describe, expect, it } from "vitest";
import { lengthBucketedBatches, paddedTokens } from "../../../src/lib/models/train";

describe("lengthBucketedBatches", () => {
  it("length bucketing covers every example once and pads far less than random batches", () => {
    const lengths = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 50));
    const batches = lengthBucketedBatches(lengths, 32, 1);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    const random = Array.from({ length: Math.ceil(1000 / 32) }, (_, b) =>
      lengths.map((_, i) => i).slice(b * 32, b * 32 + 32),
    );
    expect(paddedTokens(batches, lengths)).toBeLessThan(0.6 * paddedTokens(random, lengths));
  });
});
