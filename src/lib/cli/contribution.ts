#!/usr/bin/env node
// `npm run contribution -- <file.json ...>`: validates participants' energy contributions
// (default: every file in data/energy/contributions/). Exit code 1 names each bad file and field.
import * as path from "node:path";
import { readdirSync, existsSync } from "node:fs";
import { CONTRIBUTIONS_DIR, readContribution } from "../workshop/contributions";
import { parseFlags, runCli } from "./flags";

const HELP = `Usage: npm run contribution -- [file.json ...]
  Validates energy contributions (default: every file in ${CONTRIBUTIONS_DIR}/).
  -h, --help  this text`;

function main(): number {
  const parsed = parseFlags("contribution", process.argv.slice(2), {}, HELP, { positionals: true });
  if (parsed === "help") {
    console.log(HELP);
    return 0;
  }
  const args = parsed.positionals;
  const files = args.length
    ? args
    : existsSync(CONTRIBUTIONS_DIR)
      ? readdirSync(CONTRIBUTIONS_DIR)
          .filter((f) => f.endsWith(".json"))
          .map((f) => path.join(CONTRIBUTIONS_DIR, f))
      : [];
  let bad = 0;
  for (const file of files) {
    try {
      const c = readContribution(file);
      console.log(`✓ ${file}: ${c.contributor}, ${c.record.label}, ${c.record.joules.total.toFixed(1)} J`);
    } catch (err) {
      bad++;
      console.error(`✗ ${(err as Error).message}`);
    }
  }
  if (files.length === 0) console.log(`no contributions in ${CONTRIBUTIONS_DIR}/`);
  return bad ? 1 : 0;
}

runCli(main);
