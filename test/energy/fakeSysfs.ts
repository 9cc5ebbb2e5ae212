import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface FakeZone {
  dir: string; // e.g. "intel-rapl:0" or "intel-rapl:0:2"
  name: string;
  energyUj: number;
  maxUj: number;
}

/** Builds a fake /sys/class/powercap tree; returns its root and a setter for counters. */
export function fakePowercap(zones: FakeZone[]): { root: string; set: (dir: string, uj: number) => void } {
  const root = mkdtempSync(path.join(tmpdir(), "powercap-"));
  mkdirSync(path.join(root, "intel-rapl"), { recursive: true }); // the control-type dir, not a zone
  for (const z of zones) {
    const d = path.join(root, z.dir);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, "name"), `${z.name}\n`);
    writeFileSync(path.join(d, "max_energy_range_uj"), `${z.maxUj}\n`);
    writeFileSync(path.join(d, "energy_uj"), `${z.energyUj}\n`);
  }
  return { root, set: (dir, uj) => writeFileSync(path.join(root, dir, "energy_uj"), `${uj}\n`) };
}
