#!/usr/bin/env node
// `npm run doctor`: is this machine ready for the workshop? Exit code 1 when a required check fails.
import * as path from "node:path";
import { defaultProbes, formatReport, runDoctor } from "../workshop/doctor";

async function main(): Promise<void> {
  const cacheDir = path.resolve(__dirname, "..", "..", ".cache", "datasets");
  const results = await runDoctor(defaultProbes(), cacheDir);
  console.log(formatReport(results));
  const failed = results.filter((r) => !r.ok);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

void main();
