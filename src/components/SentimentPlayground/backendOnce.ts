// One TensorFlow.js backend per page, shared by every playground on it (tfjs's backend is global).
import { initBrowserBackend } from "@site/src/lib/backend/browser";
import type { BackendInfo } from "@site/src/lib/backend/select";

let backendPromise: Promise<BackendInfo> | undefined;

/**
 * Initialises the backend once: webgpu → webgl → wasm → cpu, or `backend` when given
 * (`?backend=wasm`). `wasmPath` is where the site serves tfjs's .wasm files.
 */
export function backendOnce(wasmPath: string, backend?: string): Promise<BackendInfo> {
  backendPromise ??= initBrowserBackend({ wasmPath, backend, log: false }).catch((e: unknown) => {
    backendPromise = undefined; // a later attempt may succeed
    throw e;
  });
  return backendPromise;
}
