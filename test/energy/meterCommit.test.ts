import { describe, expect, test, vi } from "vitest";
import type * as Hardware from "../../src/lib/energy/hardware";

// HEAD moves while the meter runs, as it does when other commits land during an hour-long training run.
const head = vi.hoisted(() => ({ current: "" }));
vi.mock("../../src/lib/energy/hardware", async (importOriginal) => {
  const real = await importOriginal<typeof Hardware>();
  return { ...real, gitCommit: () => head.current };
});

const { startMeter } = await import("../../src/lib/energy/meter");

describe("meter: the recorded commit", () => {
  test("is the commit at the start of the measured work, not at its end", async () => {
    head.current = "commit-at-start";
    const meter = startMeter("test:commit", { powercapRoot: false, nvidiaSmi: false, region: "WORLD" });
    head.current = "commit-at-stop";
    const record = await meter.stop({ unit: "steps", count: 1 });
    expect(record.gitCommit).toBe("commit-at-start");
  });
});
