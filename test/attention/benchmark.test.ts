import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import "../../src/lib/backend/gradients";
import { attentionMatMulFlops, benchmarkAttention } from "../../src/lib/attention";
import { benchConfigs, formatTable } from "../../src/lib/cli/bench";

beforeAll(async () => {
  await initBackend({ log: false });
});

describe("attention benchmark", () => {
  it("counts matrix-product FLOPs as 2·N·T_q·T_k·(d_k + d_v)", () => {
    expect(attentionMatMulFlops(32, 128, 128, 32, 32)).toBe(2 * 32 * 128 * 128 * 64);
  });

  it("measures every variant and mode side by side on a tiny config without leaking tensors", async () => {
    const config = { label: "tiny", batch: [2], T: 8, d: 4, reps: 2, warmups: 1, chunkSize: 3 };
    const before = tf.memory().numTensors;
    for (const mode of ["forward", "forward+backward"] as const) {
      const rows = await benchmarkAttention(config, mode);
      expect(rows.map((r) => r.variant)).toEqual(["plain", "library", "chunked"]);
      for (const row of rows) {
        expect(row.mode).toBe(mode);
        expect(row.medianMs).toBeGreaterThan(0);
        expect(row.peakBytes).toBeGreaterThan(0);
        expect(row.gflops).toBeCloseTo(
          (attentionMatMulFlops(2, 8, 8, 4, 4) * (mode === "forward" ? 1 : 3)) / 1e9,
        );
        expect(row.speedupVsPlain).toBeCloseTo(rows[0]!.medianMs / row.medianMs, 10);
      }
      expect(rows[0]!.speedupVsPlain).toBe(1);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("leaves the speed-up undefined (NaN) when plain is not among the variants", async () => {
    const config = { label: "tiny", batch: [1], T: 4, d: 2, reps: 1, warmups: 0, chunkSize: 2 };
    const [row] = await benchmarkAttention(config, "forward", ["library"]);
    expect(row!.variant).toBe("library");
    expect(row!.speedupVsPlain).toBeNaN();
  });

  it("includes the B·H=32, T=128, d=32 config and prints a table with a speed-up column", () => {
    const configs = benchConfigs(false);
    expect(configs[0]).toMatchObject({ batch: [4, 8], T: 128, d: 32 });
    expect(configs.map((c) => c.T)).toEqual([128, 64, 128, 256, 512, 1024]);
    const row = {
      label: "x",
      batch: [1],
      T: 4,
      d: 2,
      chunkSize: 2,
      variant: "library" as const,
      mode: "forward" as const,
      medianMs: 2,
      minMs: 1,
      medianCpuMs: 2,
      reps: 3,
      gflops: 1,
      gflopPerS: 500,
      peakBytes: 2 ** 20,
      speedupVsPlain: 3.5,
      cpuSpeedupVsPlain: 3.25,
    };
    const table = formatTable([row]);
    expect(table).toContain("× vs plain");
    expect(table).toMatch(
      /\| x +\| forward +\| library +\| +2\.00 \| +2\.00 \| +500\.00 \| +1\.0 \| +3\.50 \| +3\.25 \|/,
    );
  });
});
