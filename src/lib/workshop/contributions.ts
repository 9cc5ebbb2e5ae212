/**
 * Participants' energy measurements: one JSON file per contribution in data/energy/contributions/,
 * `{ contributor, event?, record }` where `record` is an EnergyRecord exactly as the meter returns it.
 * The same schema as the project's own ledger validates it; a bad file is rejected with the file, the field
 * and what to do about it. The ledger page aggregates the valid ones with their hardware.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { z } from "zod";
import { EnergyRecordSchema } from "../energy/schema";
import type { EnergyRecord } from "../energy/schema";

export const CONTRIBUTIONS_DIR = path.join("data", "energy", "contributions");

export const ContributionSchema = z
  .object({
    /** Name or handle shown on the ledger page. */
    contributor: z.string().trim().min(1).max(80),
    /** Workshop or context, e.g. "Workshop Lyon 2026-12". */
    event: z.string().trim().min(1).max(120).optional(),
    record: EnergyRecordSchema,
  })
  .strict();

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

/** Reads and validates one contribution file; JSON syntax errors name the line. */
export function readContribution(file: string): Contribution {
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
 * Used from notebook 05: `saveContribution(record, "ada")`.
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
  writeFileAtomic(file, JSON.stringify(contribution, null, 2) + "\n");
  return file;
}
