import * as path from "node:path";
import { describe, expect, test } from "vitest";
import type { RaplIo } from "../../src/lib/energy/rapl";
import {
  RaplAccumulator,
  counterDelta,
  nodeRaplIo,
  probeRapl,
  samplePeriodMs,
} from "../../src/lib/energy/rapl";
import { fakePowercap } from "./fakeSysfs";

const MAX = 262_143_328_850; // a typical max_energy_range_uj (≈ 262 kJ)

function twoSockets() {
  return fakePowercap([
    { dir: "intel-rapl:0", name: "package-0", energyUj: 1_000_000, maxUj: MAX },
    { dir: "intel-rapl:0:0", name: "core", energyUj: 500_000, maxUj: MAX },
    { dir: "intel-rapl:0:1", name: "dram", energyUj: 2_000_000, maxUj: MAX },
    { dir: "intel-rapl:1", name: "package-1", energyUj: 7_000_000, maxUj: MAX },
    { dir: "intel-rapl:1:0", name: "dram", energyUj: 0, maxUj: MAX },
    { dir: "intel-rapl:2", name: "psys", energyUj: 9_000_000, maxUj: MAX },
  ]);
}

describe("RAPL on fake sysfs trees", () => {
  test("finds both packages and both dram zones, ignoring core and psys", () => {
    const { root } = twoSockets();
    const probe = probeRapl(root);
    expect(probe.ok).toBe(true);
    if (!probe.ok) return;
    expect(probe.zones.map((z) => `${path.basename(z.dir)}=${z.kind}`)).toEqual([
      "intel-rapl:0=package",
      "intel-rapl:0:1=dram",
      "intel-rapl:1=package",
      "intel-rapl:1:0=dram",
    ]);
  });

  test("sums package energy across two sockets and reports dram separately", () => {
    const { root, set } = twoSockets();
    const probe = probeRapl(root);
    if (!probe.ok) throw new Error(probe.message);
    const acc = new RaplAccumulator(probe.zones);
    set("intel-rapl:0", 1_000_000 + 30_000_000); // +30 J
    set("intel-rapl:1", 7_000_000 + 12_500_000); // +12.5 J
    set("intel-rapl:0:1", 2_000_000 + 4_000_000); // +4 J
    set("intel-rapl:1:0", 1_000_000); // +1 J
    set("intel-rapl:2", 99_000_000); // psys: must not count
    set("intel-rapl:0:0", 99_000_000); // core: must not count
    acc.sample();
    const t = acc.totals();
    expect(t.cpu).toBeCloseTo(42.5, 9);
    expect(t.dram).toBeCloseTo(5, 9);
  });

  test("a counter wrap is added as cur + (max - prev)", () => {
    expect(counterDelta(MAX - 1_000_000, 2_000_000, MAX)).toBe(3_000_000);
    const { root, set } = fakePowercap([
      { dir: "intel-rapl:0", name: "package-0", energyUj: MAX - 5_000_000, maxUj: MAX },
    ]);
    const probe = probeRapl(root);
    if (!probe.ok) throw new Error(probe.message);
    const acc = new RaplAccumulator(probe.zones);
    set("intel-rapl:0", MAX - 1_000_000); // +4 J
    acc.sample();
    set("intel-rapl:0", 3_000_000); // wrap: +1 J + 3 J
    acc.sample();
    expect(acc.totals()).toEqual({ cpu: 8, dram: null });
  });

  test("samples often enough never to miss a wrap, and warns when a gap was too long", () => {
    const small = 60_000_000; // 60 J range: wraps in 60 ms at 1 kW
    const { root, set } = fakePowercap([
      { dir: "intel-rapl:0", name: "package-0", energyUj: 0, maxUj: small },
    ]);
    const probe = probeRapl(root);
    if (!probe.ok) throw new Error(probe.message);
    expect(samplePeriodMs(probe.zones)).toBeLessThanOrEqual(15); // a quarter of 60 ms, clamped ≥ 10 ms
    expect(samplePeriodMs([{ ...probe.zones[0]!, maxRangeUj: MAX }])).toBe(1000); // 262 kJ: 1 s is plenty
    let now = 0;
    const acc = new RaplAccumulator(probe.zones, () => now);
    now = 5000; // event loop blocked 5 s
    set("intel-rapl:0", 1_000_000);
    acc.sample();
    expect(acc.warnings.join()).toMatch(/may hide a counter wrap/);
  });

  test("permission denied falls back with instructions to grant read access", () => {
    const { root } = fakePowercap([{ dir: "intel-rapl:0", name: "package-0", energyUj: 1, maxUj: MAX }]);
    // Simulated: the test may run as root, which ignores file modes.
    const denied: RaplIo = {
      readdir: nodeRaplIo.readdir,
      readFile: (file) => {
        if (file.endsWith("energy_uj")) {
          throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
        }
        return nodeRaplIo.readFile(file);
      },
    };
    const probe = probeRapl(root, denied);
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    expect(probe.reason).toBe("permission");
    expect(probe.message).toMatch(/EACCES.*chmod a\+r.*udev/s);
  });

  test("an absent powercap tree is reported as absent, quietly", () => {
    const probe = probeRapl("/nonexistent/powercap");
    expect(probe).toMatchObject({ ok: false, reason: "absent" });
  });
});
