#!/usr/bin/env node
// `npm run doctor`: is this machine ready for the workshop? Exit code 1 when a required check fails.
import { defaultCacheDir } from "../data/datasetSource";
import { defaultProbes, formatReport, runDoctor } from "../workshop/doctor";
import { parseFlags, runCli } from "./flags";

const HELP = `Usage: npm run doctor
  Checks that this machine is ready for the workshop; exit code 1 when a required check fails.
  -h, --help  this text`;

async function main(): Promise<number> {
  if (parseFlags("doctor", process.argv.slice(2), {}, HELP) === "help") {
    console.log(HELP);
    return 0;
  }
  const results = await runDoctor(defaultProbes(), defaultCacheDir());
  console.log(formatReport(results));
  const failed = results.filter((r) => !r.ok);
  return failed.length > 0 ? 1 : 0;
}

runCli(main);
