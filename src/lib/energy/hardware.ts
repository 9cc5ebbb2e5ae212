/**
 * What the meter ran on: CPU model and identity, logical CPUs, memory, GPUs, git commit. Node-only.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as os from "node:os";
import type { CpuIdentity } from "./cpuPower";

/** Parses the first processor block of /proc/cpuinfo into a CpuIdentity (pure; exported for tests). */
export function parseCpuinfo(text: string, logicalCpus: number): CpuIdentity {
  const field = (name: string): string | undefined => {
    const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(text);
    return m?.[1]?.trim();
  };
  const family = field("cpu family");
  const modelNumber = field("model");
  return {
    model: field("model name") ?? "unknown CPU",
    logicalCpus,
    vendor: field("vendor_id"),
    family: family !== undefined && /^\d+$/.test(family) ? Number(family) : undefined,
    modelNumber: modelNumber !== undefined && /^\d+$/.test(modelNumber) ? Number(modelNumber) : undefined,
  };
}

export function detectCpu(cpuinfoPath = "/proc/cpuinfo"): CpuIdentity {
  const logicalCpus = os.cpus().length || 1;
  try {
    return parseCpuinfo(readFileSync(cpuinfoPath, "utf8"), logicalCpus);
  } catch {
    return { model: os.cpus()[0]?.model.trim() || "unknown CPU", logicalCpus };
  }
}

/** Total system memory in GB (1e9 bytes). */
export function totalMemoryGB(): number {
  return os.totalmem() / 1e9;
}

/** Set by a parent process for the processes it starts: the commit they run, read before it wrote anything. */
export const GIT_COMMIT_ENV = "FOOTPRINT_GIT_COMMIT";

/**
 * `git rev-parse HEAD` (+ "-dirty" when tracked files changed), or "unknown" outside a repository.
 * $FOOTPRINT_GIT_COMMIT wins when set: the notebook runner reads the tree before it writes executed
 * notebooks in place, which would otherwise mark every later notebook's cells -dirty.
 */
export function gitCommit(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const given = env[GIT_COMMIT_ENV];
  if (given) return given;
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}
