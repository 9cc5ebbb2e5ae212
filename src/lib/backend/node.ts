/**
 * Backend selection in Node: tfjs-node-gpu (CUDA) → tfjs-node (native CPU) → wasm → cpu.
 *
 * tfjs-node is worth its download on a normal machine: its multi-threaded native kernels
 * are several times faster than the single-threaded wasm backend. Both native packages are
 * optionalDependencies; where their install fails (no network to Google storage, Node ≥ 22
 * without a prebuilt addon) they are simply missing and we fall back.
 */
import { execFile } from "node:child_process";
import * as os from "node:os";
import { promisify } from "node:util";
import { registerCoreGradients } from "./gradients";
import type { BackendInfo, Candidate, SelectOptions } from "./select";
import { parseBackendId, selectBackend } from "./select";

const execFileAsync = promisify(execFile);

export interface NodeBackendOptions {
  /** Force one backend (same ids as FOOTPRINT_BACKEND). Takes precedence over the environment. */
  backend?: string;
  log?: SelectOptions["log"];
  /** Replace package loaders, for tests: each should throw if the package is "missing". */
  loaders?: Partial<Record<"node-gpu" | "node" | "wasm" | "cpu", () => Promise<unknown>>>;
  /** Environment to read FOOTPRINT_BACKEND from (default process.env). */
  env?: Record<string, string | undefined>;
}

export function cpuDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? "unknown CPU";
  return `CPU: ${model} (${cpus.length} cores)`;
}

/** GPU names from nvidia-smi, or [] when there is no driver or no GPU. */
export async function nvidiaGpuNames(): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"], {
      timeout: 5000,
    });
    return stdout
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

// Dynamic imports keep the optional packages out of module loading until tried.
const defaultLoaders = {
  "node-gpu": () => import("@tensorflow/tfjs-node-gpu" as string),
  node: () => import("@tensorflow/tfjs-node" as string),
  wasm: () => import("@tensorflow/tfjs-backend-wasm"),
  cpu: () => import("@tensorflow/tfjs-backend-cpu"),
};

export function nodeCandidates(loaders: NodeBackendOptions["loaders"] = {}): Candidate[] {
  const load = (id: keyof typeof defaultLoaders) => async () => {
    await (loaders[id] ?? defaultLoaders[id])();
  };
  return [
    {
      id: "node-gpu",
      tfName: "tensorflow",
      load: async () => {
        await load("node-gpu")();
        // tfjs-node-gpu silently runs on the CPU when CUDA sees no device: treat that as a skip.
        if ((await nvidiaGpuNames()).length === 0) throw new Error("loaded, but no NVIDIA GPU is visible");
      },
      device: async () => (await nvidiaGpuNames()).join(", "),
    },
    { id: "node", tfName: "tensorflow", load: load("node"), device: async () => cpuDescription() },
    { id: "wasm", tfName: "wasm", load: load("wasm"), device: async () => cpuDescription() },
    { id: "cpu", tfName: "cpu", load: load("cpu"), device: async () => cpuDescription() },
  ];
}

/**
 * Picks and initialises the fastest available backend and logs one line saying which,
 * on what device, and why faster candidates were skipped.
 * Override with `{ backend: "wasm" }` or FOOTPRINT_BACKEND=wasm.
 */
export async function initBackend(options: NodeBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const forced = options.backend
    ? parseBackendId(options.backend, "option backend")
    : env.FOOTPRINT_BACKEND
      ? parseBackendId(env.FOOTPRINT_BACKEND, "FOOTPRINT_BACKEND")
      : undefined;
  const info = await selectBackend(nodeCandidates(options.loaders), { force: forced, log: options.log });
  // tfjs-core's Node bundle ships no gradients: register them so tf.grad and optimizers work everywhere.
  registerCoreGradients();
  return info;
}
