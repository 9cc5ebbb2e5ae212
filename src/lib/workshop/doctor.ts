/**
 * `npm run doctor`: checks that a workshop laptop can run everything, printing ✓ or ✗ with the fix for each.
 * Every probe is injectable so the checks themselves are tested.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { BackendInfo } from "../backend/select";

const execFileAsync = promisify(execFile);

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found (version, path, backend). */
  detail: string;
  /** How to fix it, when not ok. */
  fix?: string;
}

export interface DoctorProbes {
  nodeVersion: string;
  /** Runs a command, resolving stdout, rejecting when it is missing or fails. */
  run: (cmd: string, args: string[]) => Promise<string>;
  exists: (file: string) => boolean;
  env: Record<string, string | undefined>;
  initBackend: () => Promise<BackendInfo>;
  /** Whether a URL answers (for datasets that download on first use). */
  reachable: (url: string) => Promise<boolean>;
}

export const defaultProbes = (): DoctorProbes => ({
  nodeVersion: process.versions.node,
  run: async (cmd, args) => (await execFileAsync(cmd, args, { timeout: 20_000 })).stdout,
  exists: existsSync,
  env: process.env,
  initBackend: async () => (await import("../backend/node")).initBackend({ log: false }),
  reachable: async (url) => {
    try {
      const res = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(5000) });
      return res.ok;
    } catch {
      return false;
    }
  },
});

export function checkNode(version: string): CheckResult {
  const major = Number(version.split(".")[0]);
  if (major < 20) {
    return {
      name: "Node.js",
      ok: false,
      detail: `v${version}`,
      fix: "Install Node.js 20 LTS (https://nodejs.org).",
    };
  }
  const note =
    major >= 22
      ? " (the optional native TensorFlow addon has no build for Node ≥ 22: wasm will be used)"
      : "";
  return { name: "Node.js", ok: true, detail: `v${version}${note}` };
}

const JUPYTER_FIX =
  "Debian/Ubuntu: sudo apt-get install jupyter-nbconvert python3-nbconvert python3-notebook jupyter-client; " +
  "elsewhere: pip install jupyterlab";

/** Jupyter: the Debian install lives under /usr/bin/python3, pip installs put `jupyter` on PATH. */
export async function checkJupyter(p: DoctorProbes): Promise<CheckResult> {
  for (const [cmd, args] of [
    ["jupyter", ["--version"]],
    ["/usr/bin/python3", ["-m", "jupyter", "--version"]],
  ] as const) {
    try {
      const out = await p.run(cmd, [...args]);
      // `jupyter --version` lists components; report the first front end that is installed.
      const line =
        out.split("\n").find((l) => /^(jupyterlab|notebook)\s*:\s*\d/.test(l)) ?? out.split("\n")[0];
      return { name: "Jupyter", ok: true, detail: `${cmd}: ${line?.trim()}` };
    } catch {
      // try the next way of finding it
    }
  }
  return { name: "Jupyter", ok: false, detail: "not found", fix: JUPYTER_FIX };
}

export async function checkKernel(p: DoctorProbes): Promise<CheckResult> {
  for (const cmd of ["jupyter", "/usr/bin/python3"]) {
    const args =
      cmd === "jupyter"
        ? ["kernelspec", "list", "--json"]
        : ["-m", "jupyter", "kernelspec", "list", "--json"];
    try {
      const specs = JSON.parse(await p.run(cmd, args)) as {
        kernelspecs: Record<string, { resource_dir: string }>;
      };
      const tslab = specs.kernelspecs.tslab ?? specs.kernelspecs.jslab;
      if (tslab) return { name: "tslab kernel", ok: true, detail: tslab.resource_dir };
      return {
        name: "tslab kernel",
        ok: false,
        detail: "Jupyter has no TypeScript kernel",
        fix: "npm run lab (registers the tslab kernel from this project and opens Jupyter)",
      };
    } catch {
      // try the next way of finding Jupyter
    }
  }
  return { name: "tslab kernel", ok: false, detail: "Jupyter not found", fix: JUPYTER_FIX };
}

export async function checkBackend(p: DoctorProbes): Promise<CheckResult> {
  try {
    const info = await p.initBackend();
    const gpu = info.id === "node-gpu" || info.id === "webgpu" || info.id === "webgl";
    const skipped = info.skipped.map((s) => `${s.id}: ${s.reason}`).join("; ");
    return {
      name: "TensorFlow.js backend",
      ok: true,
      detail: `${info.id} on ${info.device} (${gpu ? "GPU" : "no GPU"})${skipped ? `; skipped ${skipped}` : ""}`,
      fix: gpu
        ? undefined
        : "Optional: for an NVIDIA GPU install CUDA 11.2 + cuDNN 8.1, use Node 20, then npm ci (tfjs-node-gpu).",
    };
  } catch (err) {
    return {
      name: "TensorFlow.js backend",
      ok: false,
      detail: err instanceof Error ? err.message : String(err),
      fix: "rm -rf node_modules && npm ci",
    };
  }
}

/** Canonical archives the loaders download when no local copy exists. */
export const DATASET_URLS = [
  "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip",
  "https://www.manythings.org/anki/cmn-eng.zip",
];

/** Datasets: a local copy (FOOTPRINT_DATA_DIR), the download cache, or reachable download URLs. */
export async function checkDatasets(p: DoctorProbes, cacheDir: string): Promise<CheckResult> {
  const files = ["sst2/train.tsv", "sst2/dev.tsv", "tatoeba-cmn-eng/cmn.txt"];
  const roots = [p.env.FOOTPRINT_DATA_DIR, cacheDir].filter((d): d is string => Boolean(d));
  for (const root of roots) {
    const missing = files.filter((f) => !p.exists(path.join(root, f)));
    if (missing.length === 0) return { name: "Datasets", ok: true, detail: `found in ${root}` };
  }
  const reachable = await Promise.all(DATASET_URLS.map((u) => p.reachable(u)));
  if (reachable.every(Boolean)) {
    return { name: "Datasets", ok: true, detail: "not on disk yet; downloadable, fetched on first use" };
  }
  return {
    name: "Datasets",
    ok: false,
    detail: `not found in ${roots.join(" or ") || "(no FOOTPRINT_DATA_DIR set)"}, and ${DATASET_URLS.filter((_, i) => !reachable[i]).join(", ")} cannot be reached`,
    fix:
      "Put sst2/{train,dev}.tsv and tatoeba-cmn-eng/cmn.txt " +
      "in a folder and set FOOTPRINT_DATA_DIR to it.",
  };
}

export const CHROME_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function checkBrowser(p: DoctorProbes): CheckResult {
  const candidates = [p.env.CHROME_PATH, ...CHROME_CANDIDATES].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => p.exists(c));
  return found
    ? { name: "Browser for tests", ok: true, detail: found }
    : {
        name: "Browser for tests",
        ok: false,
        detail: `none of ${candidates.join(", ")}`,
        fix: "Debian/Ubuntu: sudo apt-get install chromium; elsewhere set CHROME_PATH to Chrome or Chromium.",
      };
}

export async function runDoctor(p: DoctorProbes, cacheDir: string): Promise<CheckResult[]> {
  return [
    checkNode(p.nodeVersion),
    await checkJupyter(p),
    await checkKernel(p),
    await checkBackend(p),
    await checkDatasets(p, cacheDir),
    checkBrowser(p),
  ];
}

export function formatReport(results: CheckResult[]): string {
  return results
    .map((r) => `${r.ok ? "✓" : "✗"} ${r.name}: ${r.detail}${r.fix && !r.ok ? `\n    fix: ${r.fix}` : ""}`)
    .join("\n");
}
