import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";

const missing = (name: string) => async () => {
  throw new Error(`Cannot find module '${name}'\nRequire stack:\n- somewhere`);
};

describe("initBackend", () => {
  it("falls back past missing and throwing optional packages to wasm, saying why", async () => {
    const lines: string[] = [];
    const info = await initBackend({
      env: {},
      log: (l) => lines.push(l),
      loaders: {
        "node-gpu": missing("@tensorflow/tfjs-node-gpu"),
        node: async () => {
          throw new Error("The specified module could not be found: tfjs_binding.node");
        },
      },
    });
    expect(info.id).toBe("wasm");
    expect(info.skipped.map((s) => s.id)).toEqual(["node-gpu", "node"]);
    expect(info.skipped[0]!.reason).toBe("Cannot find module '@tensorflow/tfjs-node-gpu'");
    expect(info.skipped[1]!.reason).toContain("tfjs_binding.node");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/backend=wasm device="CPU: .+" \(skipped: node-gpu: .+; node: .+\)/);
  });

  it("falls back to cpu when wasm fails too", async () => {
    const info = await initBackend({
      env: {},
      log: false,
      loaders: { "node-gpu": missing("a"), node: missing("b"), wasm: missing("c") },
    });
    expect(info.id).toBe("cpu");
    expect(info.skipped).toHaveLength(3);
  });

  it("honours FOOTPRINT_BACKEND, and the option over the environment", async () => {
    expect((await initBackend({ env: { FOOTPRINT_BACKEND: "cpu" }, log: false })).id).toBe("cpu");
    expect((await initBackend({ backend: "wasm", env: { FOOTPRINT_BACKEND: "cpu" }, log: false })).id).toBe(
      "wasm",
    );
  });

  it("fails loudly when a forced backend cannot load, instead of silently falling back", async () => {
    await expect(
      initBackend({ backend: "node", loaders: { node: missing("@tensorflow/tfjs-node") }, log: false }),
    ).rejects.toThrow(/Backend "node" was requested but failed to load: Cannot find module/);
  });

  it("rejects an unknown backend id naming the valid ones", async () => {
    await expect(initBackend({ env: { FOOTPRINT_BACKEND: "cuda" }, log: false })).rejects.toThrow(
      'FOOTPRINT_BACKEND="cuda" is not a known backend. Use one of: node-gpu, node, webgpu, webgl, wasm, cpu.',
    );
  });

  it("skips tfjs-node-gpu when it loads but no GPU is visible", async () => {
    const info = await initBackend({
      env: { PATH: "" },
      log: false,
      loaders: { "node-gpu": async () => undefined, node: missing("b") },
    });
    // nvidia-smi is absent on CI machines, so the GPU candidate must be skipped with that reason.
    expect(info.skipped[0]).toEqual({ id: "node-gpu", reason: "loaded, but no NVIDIA GPU is visible" });
  });
});

describe("initBackend in Node", () => {
  it("leaves gradients registered, so tf.grad works after initialisation", async () => {
    await initBackend({ log: false });
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2]));
    expect(Array.from(g.dataSync())).toEqual([2, 4]);
  });
});
