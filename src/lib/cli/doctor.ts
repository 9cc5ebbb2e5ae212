#!/usr/bin/env node
// `npm run doctor`: is this machine ready for the workshop? Exit code 1 when a required check fails.
import { defaultCacheDir } from "../data/datasetSource";
import { defaultProbes, formatReport, runDoctor } from "../workshop/doctor";

async function main(): Promise<void> {
  const results = await runDoctor(defaultProbes(), defaultCacheDir());
  console.log(formatReport(results));
  const failed = results.filter((r) => !r.ok);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

void main();
