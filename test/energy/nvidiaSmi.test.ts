import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ChildProcess } from "node:child_process";
import { describe, expect, test, vi } from "vitest";
import { startNvidiaSmi } from "../../src/lib/energy/nvidiaSmi";
import { integratePower, parseNvidiaSmiLines, parseSmiTimestamp } from "../../src/lib/energy/nvidiaSmiParse";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);
const read = (name: string) => readFileSync(fixture(name), "utf8");

describe("nvidia-smi power readings", () => {
  test("parses timestamps to milliseconds", () => {
    expect(
      parseSmiTimestamp("2024/05/27 10:49:55.500")! - parseSmiTimestamp("2024/05/27 10:49:55.000")!,
    ).toBe(500);
    expect(parseSmiTimestamp("garbage")).toBeNull();
  });

  test("parses a recorded two-GPU output, with [N/A] as null", () => {
    const r = parseNvidiaSmiLines(read("nvidia-smi-a100.txt"));
    expect(r).toHaveLength(6);
    expect(r[0]).toMatchObject({ gpu: 0, name: "NVIDIA A100-SXM4-40GB", watts: 60 });
    expect(r[3]).toMatchObject({ gpu: 1, watts: null });
  });

  test("ignores lines that are not readings (driver errors)", () => {
    const text = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n";
    expect(parseNvidiaSmiLines(text)).toEqual([]);
  });

  test("integrates each GPU with the trapezoid rule, skipping [N/A] (hand-computed)", () => {
    // GPU 0: (60+260)/2 × 0.5 + (260+300)/2 × 0.5 = 80 + 140 = 220 J
    // GPU 1: [N/A] skipped → (58+62)/2 × 1.0 = 60 J
    const g = integratePower(parseNvidiaSmiLines(read("nvidia-smi-a100.txt")));
    expect(g.joules).toBeCloseTo(280, 9);
    expect(g.skipped).toBe(1);
    expect(g.gpus).toEqual(["0: NVIDIA A100-SXM4-40GB", "1: NVIDIA A100-SXM4-40GB"]);
  });

  test("all readings [N/A] / [Not Supported] give zero energy, not NaN", () => {
    const g = integratePower(parseNvidiaSmiLines(read("nvidia-smi-na.txt")));
    expect(g).toMatchObject({ joules: 0, skipped: 2 });
  });

  test("the sampler collects the output of an injected command", async () => {
    const smi = startNvidiaSmi(process.execPath, [
      "-e",
      `process.stdout.write(require("fs").readFileSync(${JSON.stringify(fixture("nvidia-smi-a100.txt"))}, "utf8"))`,
    ]);
    await smi.exited;
    const { readings, error } = await smi.stop();
    expect(error).toBeUndefined();
    expect(readings).toHaveLength(6);
  });

  test("a missing nvidia-smi is reported quietly, with no readings", async () => {
    const smi = startNvidiaSmi("/nonexistent/nvidia-smi");
    const { readings, error } = await smi.stop();
    expect(readings).toEqual([]);
    expect(error).toMatch(/not found/);
  });

  test("stopping after a failed spawn signals nobody (kill of pid 0 would hit our process group)", async () => {
    const kill = vi.spyOn(ChildProcess.prototype, "kill");
    try {
      const smi = startNvidiaSmi("/nonexistent/nvidia-smi");
      await new Promise((r) => setTimeout(r, 200)); // let the spawn error arrive
      busyWait(300); // a long synchronous block, as a training step is
      await smi.stop();
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });
});

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}
