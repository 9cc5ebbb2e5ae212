/**
 * Environment-neutral backend selection: try candidates in order, keep the first that
 * loads and initialises, and remember why each earlier one was skipped.
 * Node and browser entry points (node.ts, browser.ts) supply the candidate lists.
 */
import * as tf from "@tensorflow/tfjs-core";

/** Every backend the project knows, by the id used in options and FOOTPRINT_BACKEND. */
export const BACKEND_IDS = ["node-gpu", "node", "webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

export interface Candidate {
  id: BackendId;
  /** Name under which the package registers itself with tfjs-core ("tensorflow", "wasm", ...). */
  tfName: string;
  /** Imports the package (registering the backend) and prepares it; throws when unavailable. */
  load: () => Promise<void>;
  /** Human-readable device, e.g. "NVIDIA A100-SXM4-40GB" or "CPU: AMD EPYC 9R14 (2 cores)". */
  device: () => Promise<string>;
}

export interface BackendInfo {
  /** Our id of the backend in use. */
  id: BackendId;
  /** tfjs-core's name for it (what tf.getBackend() returns). */
  tfName: string;
  device: string;
  /** Candidates tried before the chosen one, each with the reason it was skipped. */
  skipped: { id: BackendId; reason: string }[];
  /** The one-line summary that was logged. */
  summary: string;
}

export interface SelectOptions {
  /** Use exactly this backend; fail with a clear message if it cannot load. */
  force?: BackendId;
  /** Where the one-line summary goes; `false` silences it. Default: console.log. */
  log?: ((line: string) => void) | false;
}

/** Parses a backend id from user input (option or environment variable) or throws naming the valid ids. */
export function parseBackendId(value: string, source: string): BackendId {
  const id = value.trim().toLowerCase();
  if ((BACKEND_IDS as readonly string[]).includes(id)) return id as BackendId;
  throw new Error(`${source}="${value}" is not a known backend. Use one of: ${BACKEND_IDS.join(", ")}.`);
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Module-not-found errors carry a long require stack: the first line says it all.
  return text.split("\n")[0] ?? text;
}

export async function selectBackend(
  candidates: Candidate[],
  options: SelectOptions = {},
): Promise<BackendInfo> {
  const { force, log = (line: string) => console.log(line) } = options;
  const order = force ? candidates.filter((c) => c.id === force) : candidates;
  if (force && order.length === 0) {
    throw new Error(
      `Backend "${force}" is not available in this environment. ` +
        `Candidates here: ${candidates.map((c) => c.id).join(", ")}.`,
    );
  }
  const skipped: BackendInfo["skipped"] = [];
  for (const candidate of order) {
    try {
      await candidate.load();
      const ok = await tf.setBackend(candidate.tfName);
      if (!ok) throw new Error(`tf.setBackend("${candidate.tfName}") returned false`);
      await tf.ready();
      const device = await candidate.device();
      const skippedText = skipped.length
        ? ` (skipped: ${skipped.map((s) => `${s.id}: ${s.reason}`).join("; ")})`
        : "";
      const summary = `[llm-footprint] backend=${candidate.id} device="${device}"${skippedText}`;
      if (log) log(summary);
      return { id: candidate.id, tfName: candidate.tfName, device, skipped, summary };
    } catch (err) {
      if (force) {
        throw new Error(`Backend "${force}" was requested but failed to load: ${errorMessage(err)}`);
      }
      skipped.push({ id: candidate.id, reason: errorMessage(err) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend could be initialised: ${skipped.map((s) => `${s.id}: ${s.reason}`).join("; ")}`,
  );
}
