// The browser chooser skips WebGL drawn by a software rasteriser (wasm is faster there), unless
// WebGL is forced. A fake OffscreenCanvas stands in for the browser's WebGL context.
import { afterEach, describe, expect, it } from "vitest";
import { browserCandidates, isSoftwareRenderer, webglRenderer } from "../../src/lib/backend/browser";

const DEBUG_INFO = { UNMASKED_RENDERER_WEBGL: 0x9246 };

/** Installs a global OffscreenCanvas whose WebGL context reports `renderer` (null: no WebGL). */
function fakeWebgl(renderer: string | null): void {
  (globalThis as Record<string, unknown>).OffscreenCanvas = class {
    getContext() {
      if (renderer === null) return null;
      return {
        RENDERER: 0x1f01,
        getExtension: (name: string) => (name === "WEBGL_debug_renderer_info" ? DEBUG_INFO : null),
        getParameter: (p: number) => (p === DEBUG_INFO.UNMASKED_RENDERER_WEBGL ? renderer : "WebKit WebGL"),
      };
    }
  };
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).OffscreenCanvas;
});

describe("software WebGL renderers", () => {
  it.each([
    ["ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)", true],
    ["llvmpipe (LLVM 15.0.6, 256 bits)", true],
    ["Mesa softpipe", true],
    ["ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)", true],
    ["ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)", false],
    ["Apple M2", false],
    ["ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)", false],
  ])("%s → software: %s", (renderer, software) => {
    expect(isSoftwareRenderer(renderer)).toBe(software);
  });

  it("reads the unmasked renderer name in a worker (OffscreenCanvas)", () => {
    fakeWebgl("llvmpipe (LLVM 15.0.6, 256 bits)");
    expect(webglRenderer()).toBe("llvmpipe (LLVM 15.0.6, 256 bits)");
    fakeWebgl(null);
    expect(webglRenderer()).toBeNull();
  });

  it("skips webgl on SwiftShader, saying why, unless webgl is forced", async () => {
    fakeWebgl("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)");
    const webgl = browserCandidates().find((c) => c.id === "webgl")!;
    await expect(webgl.load()).rejects.toThrow(
      /software WebGL renderer \(.*SwiftShader.*\): WebAssembly is faster/,
    );
    const forced = browserCandidates({ backend: "webgl" }).find((c) => c.id === "webgl")!;
    await expect(forced.load()).resolves.toBeUndefined();
    expect(await forced.device()).toMatch(/SwiftShader/);
  });

  it("keeps webgl first among the CPU backends on a hardware renderer, and says when there is no WebGL", async () => {
    const order = browserCandidates().map((c) => c.id);
    expect(order).toEqual(["webgpu", "webgl", "wasm", "cpu"]);
    fakeWebgl("Apple M2");
    await expect(
      browserCandidates()
        .find((c) => c.id === "webgl")!
        .load(),
    ).resolves.toBeUndefined();
    fakeWebgl(null);
    await expect(
      browserCandidates()
        .find((c) => c.id === "webgl")!
        .load(),
    ).rejects.toThrow("no WebGL context");
  });
});
