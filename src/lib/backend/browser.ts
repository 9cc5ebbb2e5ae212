/**
 * Backend selection in the browser: webgpu → webgl → wasm → cpu.
 * The wasm binaries are served by the site (static/wasm/, copied from the npm package at
 * build time), so pass `wasmPath` = the site's base URL + "wasm/". No CDN is involved.
 */
import type { BackendInfo, Candidate, SelectOptions } from "./select";
import { parseBackendId, selectBackend } from "./select";

export interface BrowserBackendOptions {
  /** Force one backend: "webgpu" | "webgl" | "wasm" | "cpu". */
  backend?: string;
  /** URL prefix where tfjs-backend-wasm-*.wasm are served, ending in "/". */
  wasmPath?: string;
  log?: SelectOptions["log"];
}

function gpuAdapterName(gl: WebGLRenderingContext | null): string {
  if (!gl) return "GPU (unknown)";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

export function browserCandidates(options: BrowserBackendOptions = {}): Candidate[] {
  const cpu = async () => `CPU (${navigator.hardwareConcurrency ?? "?"} threads)`;
  return [
    {
      id: "webgpu",
      tfName: "webgpu",
      load: async () => {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        if (!gpu) throw new Error("navigator.gpu is absent");
        if (!(await gpu.requestAdapter())) throw new Error("no WebGPU adapter");
        await import("@tensorflow/tfjs-backend-webgpu");
      },
      device: async () => "GPU via WebGPU",
    },
    {
      id: "webgl",
      tfName: "webgl",
      load: async () => {
        await import("@tensorflow/tfjs-backend-webgl");
      },
      device: async () => gpuAdapterName(document.createElement("canvas").getContext("webgl")),
    },
    {
      id: "wasm",
      tfName: "wasm",
      load: async () => {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        if (options.wasmPath) wasm.setWasmPaths(options.wasmPath);
      },
      device: cpu,
    },
    {
      id: "cpu",
      tfName: "cpu",
      load: async () => {
        await import("@tensorflow/tfjs-backend-cpu");
      },
      device: cpu,
    },
  ];
}

export async function initBrowserBackend(options: BrowserBackendOptions = {}): Promise<BackendInfo> {
  const forced = options.backend ? parseBackendId(options.backend, "option backend") : undefined;
  return selectBackend(browserCandidates(options), { force: forced, log: options.log });
}
