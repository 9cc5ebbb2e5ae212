/**
 * Participants' energy measurements: one JSON file per contribution in data/energy/contributions/,
 * `{ contributor, event?, record }` where `record` is an EnergyRecord exactly as the meter returns it.
 * The same schema as the project's own ledger validates it, plus what a real measurement looks like:
 * values in plausible ranges (PLAUSIBLE), a gCO2e that follows from the joules, the PUE and the grid
 * intensity (within 1 %), and a file of at most 64 kB (the site bundles every contribution). A bad
 * file is rejected with the file, the field and what to do about it. The ledger page aggregates the
 * valid ones with their hardware.
 */
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { z } from "zod";
import { EnergyRecordSchema } from "../energy/schema";
import type { EnergyRecord } from "../energy/schema";

export const CONTRIBUTIONS_DIR = path.join("data", "energy", "contributions");

/** Largest contribution file: one record is about 1 kB, and the site bundles every file. */
export const MAX_CONTRIBUTION_BYTES = 64 * 1024;

/**
 * Upper limits of a real measurement from a workshop laptop or workstation, with a wide margin;
 * anything beyond is a typo, a unit mix-up or a made-up number.
 */
export const PLAUSIBLE = {
  /** One run: a week. */
  seconds: 7 * 24 * 3600,
  /** 278 kWh. */
  joules: 1e9,
  /** Average power: a multi-GPU workstation draws about 3 kW. */
  averageWatts: 10_000,
  /** The most carbon-intensive grids are near 1,100 gCO2e/kWh (Ember). */
  gCO2ePerKWh: 2000,
  /** Data centres report 1.1–2; a laptop is 1. */
  pue: 3,
  cpuCores: 1024,
  memoryGB: 16_384,
} as const;

/** gCO2e may differ from joules.total / 3.6e6 × pue × intensity by this fraction (rounding). */
export const GCO2E_TOLERANCE = 0.01;

type RefineContext = {
  addIssue(issue: { code: "custom"; path: (string | number)[]; message: string }): void;
};

/** Plausible ranges and internal consistency of a contribution's record (see PLAUSIBLE). */
function checkPlausible(r: EnergyRecord, ctx: RefineContext): void {
  const issue = (field: string, message: string) =>
    ctx.addIssue({ code: "custom", path: ["record", ...field.split(".")], message });
  const atMost = (field: string, value: number, limit: number, unit: string) => {
    const u = unit ? ` ${unit}` : "";
    if (value > limit)
      issue(field, `${value}${u} is not plausible for one measurement (at most ${limit}${u})`);
  };
  atMost("seconds", r.seconds, PLAUSIBLE.seconds, "s");
  atMost("joules.total", r.joules.total, PLAUSIBLE.joules, "J");
  atMost("intensity.gCO2ePerKWh", r.intensity.gCO2ePerKWh, PLAUSIBLE.gCO2ePerKWh, "gCO2e/kWh");
  atMost("pue.value", r.pue.value, PLAUSIBLE.pue, "");
  atMost("hardware.cpuCores", r.hardware.cpuCores, PLAUSIBLE.cpuCores, "cores");
  atMost("hardware.memoryGB", r.hardware.memoryGB, PLAUSIBLE.memoryGB, "GB");
  if (r.seconds > 0 && r.joules.total / r.seconds > PLAUSIBLE.averageWatts) {
    issue(
      "joules.total",
      `${r.joules.total} J in ${r.seconds} s is an average of ${Math.round(r.joules.total / r.seconds)} W (at most ${PLAUSIBLE.averageWatts} W is plausible)`,
    );
  }
  if (r.estimate && r.estimate.cpuSeconds > r.seconds * r.hardware.cpuCores * 1.05 + 1) {
    issue(
      "estimate.cpuSeconds",
      `${r.estimate.cpuSeconds} CPU seconds cannot be used in ${r.seconds} s on ${r.hardware.cpuCores} cores`,
    );
  }
  const expected = (r.joules.total / 3.6e6) * r.pue.value * r.intensity.gCO2ePerKWh;
  if (Math.abs(r.gCO2e - expected) > GCO2E_TOLERANCE * expected + 1e-9) {
    issue(
      "gCO2e",
      `must be joules.total / 3.6e6 × pue.value × intensity.gCO2ePerKWh (= ${expected.toPrecision(4)} g, within ${GCO2E_TOLERANCE * 100} %), got ${r.gCO2e}`,
    );
  }
}

export const ContributionSchema = z
  .object({
    /** Name or handle shown on the ledger page. */
    contributor: z.string().trim().min(1).max(80),
    /** Workshop or context, e.g. "Workshop Lyon 2026-12". */
    event: z.string().trim().min(1).max(120).optional(),
    record: EnergyRecordSchema,
  })
  .strict()
  .superRefine((c, ctx) => checkPlausible(c.record, ctx));

export type Contribution = z.infer<typeof ContributionSchema>;

const FIXES: [RegExp, string][] = [
  [/^record\./, "copy the record printed by `measure(...)` / `meter.stop()` unchanged"],
  [/^contributor$/, 'add "contributor": "<your name or handle>"'],
  [/^\(file\)$/, 'a contribution is an object: { "contributor": ..., "record": { ... } }'],
];

function fixFor(field: string): string {
  return FIXES.find(([re]) => re.test(field))?.[1] ?? "see the example on the workshop page";
}

/** Validates a parsed contribution; the error names the file, every bad field and how to fix it. */
export function parseContribution(value: unknown, file: string): Contribution {
  const result = ContributionSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(file)";
    return `  - field "${field}": ${issue.message} (fix: ${fixFor(field)})`;
  });
  throw new Error(`${file} is not a valid contribution:\n${problems.join("\n")}`);
}

function checkSize(bytes: number, file: string): void {
  if (bytes > MAX_CONTRIBUTION_BYTES) {
    throw new Error(
      `${file} is ${(bytes / 1024).toFixed(0)} kB; a contribution holds one record (about 1 kB) and may be at most ` +
        `${MAX_CONTRIBUTION_BYTES / 1024} kB (the site bundles every file). Keep only the record printed by \`measure(...)\`.`,
    );
  }
}

/** Reads and validates one contribution file (size first); JSON syntax errors name the line. */
export function readContribution(file: string): Contribution {
  checkSize(statSync(file).size, file);
  const text = readFileSync(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    throw new Error(
      `${file}${line ? `:${line}` : ""}: not valid JSON (${message}). Check commas and quotes there.`,
    );
  }
  return parseContribution(value, file);
}

/** All contributions in a directory, sorted by file name; the first bad file throws. */
export function readContributions(dir: string = CONTRIBUTIONS_DIR): Contribution[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readContribution(path.join(dir, f)));
}

/**
 * Writes a participant's measurement as a contribution file (atomically) and returns its path.
 * Used from notebook 06: `saveContribution(record, "ada")`.
 */
export function saveContribution(
  record: EnergyRecord,
  contributor: string,
  options: { event?: string; dir?: string } = {},
): string {
  const dir = options.dir ?? CONTRIBUTIONS_DIR;
  const contribution = parseContribution({ contributor, event: options.event, record }, "(new contribution)");
  const slug =
    contributor
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "anonymous";
  const file = path.join(dir, `${slug}-${record.date.slice(0, 19).replace(/[-:T]/g, "")}.json`);
  const text = JSON.stringify(contribution, null, 2) + "\n";
  checkSize(Buffer.byteLength(text), file);
  writeFileAtomic(file, text);
  return file;
}
