/**
 * Backend selection in the browser, on the page or in a Web Worker: webgpu → webgl → wasm → cpu,
 * except that WebGL drawn by a software rasteriser (SwiftShader, llvmpipe: what a machine without a
 * usable GPU, or headless Chromium, gets) is skipped for wasm: there every WebGL kernel is a
 * CPU-emulated draw call, many times slower than the same kernel in WebAssembly.
 * The wasm binaries are served by the site (static/wasm/, copied from the npm package at
 * build time), so pass `wasmPath` = the site's base URL + "wasm/". No CDN is involved.
 */
import type { BackendInfo, Candidate, SelectOptions } from "./select";
import { parseBackendId, selectBackend } from "./select";
import { prepareFusedAttention } from "../attention/fusedAttentionKernel";

export interface BrowserBackendOptions {
  /** Force one backend: "webgpu" | "webgl" | "wasm" | "cpu" (a software WebGL renderer is then used too). */
  backend?: string;
  /** URL prefix where tfjs-backend-wasm-*.wasm are served, ending in "/". */
  wasmPath?: string;
  log?: SelectOptions["log"];
  /** Appended to the CPU device's description, e.g. ", in a Web Worker". */
  cpuSuffix?: string;
}

/** Renderer names of software WebGL implementations (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, ...). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** true when a WebGL renderer name (WEBGL_debug_renderer_info) is a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** A WebGL context on a page (a canvas element) or in a worker (OffscreenCanvas); null if none. */
function webglContext(): WebGLRenderingContext | null {
  if (typeof document !== "undefined") return document.createElement("canvas").getContext("webgl");
  if (typeof OffscreenCanvas !== "undefined")
    return new OffscreenCanvas(1, 1).getContext("webgl") as WebGLRenderingContext | null;
  return null;
}

/** The unmasked renderer name (WEBGL_debug_renderer_info), else gl.RENDERER; null without WebGL. */
export function webglRenderer(): string | null {
  const gl = webglContext();
  if (!gl) return null;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension("WEBGL_lose_context")?.loseContext(); // free it now, not at garbage collection
  return name;
}

export function browserCandidates(options: BrowserBackendOptions = {}): Candidate[] {
  const cpu = async () => `CPU (${navigator.hardwareConcurrency ?? "?"} threads)${options.cpuSuffix ?? ""}`;
  const forced = options.backend ? parseBackendId(options.backend, "option backend") : undefined;
  let renderer: string | null = null;
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
        renderer = webglRenderer();
        if (renderer === null) throw new Error("no WebGL context");
        if (forced !== "webgl" && isSoftwareRenderer(renderer))
          throw new Error(`software WebGL renderer (${renderer}): WebAssembly is faster`);
        await import("@tensorflow/tfjs-backend-webgl");
      },
      device: async () => renderer ?? "GPU (unknown)",
    },
    {
      id: "wasm",
      tfName: "wasm",
      load: async () => {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        if (options.wasmPath) wasm.setWasmPaths(options.wasmPath);
        // The attention kernel: a page's main thread may refuse to compile it synchronously later.
        await prepareFusedAttention();
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
