import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { measure, startMeter } from "../../src/lib/energy/meter";
import { fakePowercap } from "./fakeSysfs";

/** Spins until this process has used `ms` of CPU time (wall time varies with machine load). */
const busy = (ms: number) => {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 1e5; i++) x += Math.sqrt(x + 1);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
};

const noDevices = { powercapRoot: false as const, nvidiaSmi: false as const };

describe("meter", () => {
  test("without counters, estimates from CPU time and labels it estimated:tdp", async () => {
    const { result, record } = await measure("test:busy", () => busy(200), {
      ...noDevices,
      region: "FRA",
      pue: 1.2,
      cpu: { model: "Test CPU", logicalCpus: 2, wattsPerCore: 5, source: "test" },
      backend: "test",
      work: (x) => ({ unit: "steps", count: x > 0 ? 3 : 1 }),
    });
    expect(result).toBeGreaterThan(0);
    expect(record.schemaVersion).toBe(2);
    expect(record.work).toEqual({ unit: "steps", count: 3 });
    expect(record.method).toEqual({ cpu: "estimated:tdp", dram: "estimated:tdp" });
    const e = record.estimate!;
    expect(e.cpuSeconds).toBeGreaterThanOrEqual(0.2);
    expect(record.joules.cpu).toBeCloseTo(e.cpuSeconds * 5, 9);
    expect(record.joules.dram).toBeCloseTo(e.memoryGBAverage * record.seconds * 0.3725, 9);
    expect(record.facilityJoules).toBeCloseTo(record.joules.total * 1.2, 9);
    expect(record.gCO2e).toBeCloseTo((record.facilityJoules / 3.6e6) * record.intensity.gCO2ePerKWh, 12);
    expect(record).toMatchObject({ region: "FRA", backend: "test", hardware: { cpuModel: "Test CPU" } });
  });

  test("reads RAPL when present and labels it measured:rapl", async () => {
    const fake = fakePowercap([
      { dir: "intel-rapl:0", name: "package-0", energyUj: 0, maxUj: 262_143_328_850 },
      { dir: "intel-rapl:0:1", name: "dram", energyUj: 0, maxUj: 65_712_999_613 },
    ]);
    const meter = startMeter("test:rapl", { powercapRoot: fake.root, nvidiaSmi: false, region: "WORLD" });
    fake.set("intel-rapl:0", 15_000_000);
    fake.set("intel-rapl:0:1", 2_000_000);
    const record = await meter.stop({ unit: "tokens", count: 17 });
    expect(record.method).toEqual({ cpu: "measured:rapl", dram: "measured:rapl" });
    expect(record.joules).toMatchObject({ cpu: 15, dram: 2, total: 17 });
    expect(record.estimate).toBeUndefined();
    expect(record.notes?.join()).toMatch(/whole CPU package/);
  });

  test("adds a GPU component from an injected nvidia-smi", async () => {
    const file = path.join(__dirname, "fixtures", "nvidia-smi-a100.txt");
    const record = await startMeter("test:gpu", {
      powercapRoot: false,
      nvidiaSmi: {
        command: process.execPath,
        args: ["-e", `process.stdout.write(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`],
        waitForExit: true,
      },
    }).stop({ unit: "flops", count: 1e12 });
    expect(record.method.gpu).toBe("measured:nvidia-smi");
    expect(record.joules.gpu).toBeCloseTo(280, 9);
    expect(record.hardware.gpu).toMatch(/A100/);
  });

  test("an unknown region fails before the work starts", () => {
    expect(() => startMeter("x", { ...noDevices, region: "XXX" })).toThrow(/Unknown grid region "XXX"/);
  });

  test("measure rethrows the block's error", async () => {
    await expect(
      measure("x", () => Promise.reject(new Error("boom")), {
        ...noDevices,
        work: { unit: "predictions", count: 1 },
      }),
    ).rejects.toThrow("boom");
  });

  test.each([
    ["no work at all", undefined],
    ["an unknown unit", { unit: "poems", count: 3 }],
    ["a fractional count", { unit: "sentences", count: 2.5 }],
    ["a zero count", { unit: "sentences", count: 0 }],
  ])("stop refuses %s, listing the units, and can then still stop properly", async (_name, work) => {
    const meter = startMeter("test:work", noDevices);
    await expect(meter.stop(work as never)).rejects.toThrow(
      /stop\(work\) needs the unit of work .*predictions, sentences, characters, tokens, steps, flops/,
    );
    const record = await meter.stop({ unit: "sentences", count: 2 });
    expect(record.work).toEqual({ unit: "sentences", count: 2 });
  });

  test("abort releases the meter without a record; stop after abort is refused", async () => {
    const meter = startMeter("test:abort", noDevices);
    await meter.abort();
    await expect(meter.stop({ unit: "steps", count: 1 })).rejects.toThrow(/already stopped/);
  });
});
