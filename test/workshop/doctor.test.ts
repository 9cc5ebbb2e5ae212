import { describe, expect, it } from "vitest";
import type { DoctorProbes } from "../../src/lib/workshop/doctor";
import { formatReport, runDoctor } from "../../src/lib/workshop/doctor";

const kernelspecs = (names: string[]) =>
  JSON.stringify({ kernelspecs: Object.fromEntries(names.map((n) => [n, { resource_dir: `/k/${n}` }])) });

function probes(over: Partial<DoctorProbes> & { commands?: Record<string, string> } = {}): DoctorProbes {
  const commands = over.commands ?? {};
  return {
    nodeVersion: "20.20.2",
    env: {},
    exists: () => false,
    reachable: async () => false,
    initBackend: async () => ({
      id: "wasm",
      tfName: "wasm",
      device: "CPU: Test (2 cores)",
      skipped: [{ id: "node", reason: "Cannot find module '@tensorflow/tfjs-node'" }],
      summary: "",
    }),
    run: async (cmd, args) => {
      const out = commands[[cmd, ...args].join(" ")];
      if (out === undefined) throw new Error(`spawn ${cmd} ENOENT`);
      return out;
    },
    ...over,
  };
}

describe("npm run doctor", () => {
  it("reports every check with ✓ on a ready machine", async () => {
    const results = await runDoctor(
      probes({
        env: { FOOTPRINT_DATA_DIR: "/data" },
        exists: (f) => f.startsWith("/data/") || f === "/usr/bin/chromium",
        commands: {
          "jupyter --version":
            "IPython          : 8.5.0\njupyterlab       : not installed\nnotebook         : 6.4.12\n",
          "jupyter kernelspec list --json": kernelspecs(["python3", "tslab"]),
        },
      }),
      "/cache",
    );
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ["Node.js", true],
      ["Jupyter", true],
      ["tslab kernel", true],
      ["TensorFlow.js backend", true],
      ["Datasets", true],
      ["Browser for tests", true],
    ]);
    expect(results[1]!.detail).toBe("jupyter: notebook         : 6.4.12");
    expect(results[3]!.detail).toContain("wasm on CPU: Test (2 cores) (no GPU)");
  });

  it("prints ✗ with the fix for each missing piece", async () => {
    const results = await runDoctor(probes({ nodeVersion: "18.19.0" }), "/cache");
    const report = formatReport(results);
    expect(results.filter((r) => !r.ok).map((r) => r.name)).toEqual([
      "Node.js",
      "Jupyter",
      "tslab kernel",
      "Datasets",
      "Browser for tests",
    ]);
    expect(report).toContain("✗ Node.js: v18.19.0\n    fix: Install Node.js 20 LTS");
    expect(report).toContain("fix: Debian/Ubuntu: sudo apt-get install jupyter-nbconvert");
    expect(report).toContain("set FOOTPRINT_DATA_DIR to it");
    expect(report).toContain("sudo apt-get install chromium");
  });

  it("finds Debian's Jupyter under /usr/bin/python3 and asks for the kernel when only python3 is registered", async () => {
    const results = await runDoctor(
      probes({
        commands: {
          "/usr/bin/python3 -m jupyter --version": "notebook         : 6.4.12\n",
          "/usr/bin/python3 -m jupyter kernelspec list --json": kernelspecs(["python3"]),
        },
      }),
      "/cache",
    );
    expect(results[1]).toMatchObject({ ok: true, detail: "/usr/bin/python3: notebook         : 6.4.12" });
    expect(results[2]).toMatchObject({ ok: false, fix: expect.stringContaining("npm run lab") });
  });

  it("accepts datasets that are not on disk when their archives can be downloaded", async () => {
    const results = await runDoctor(probes({ reachable: async () => true }), "/cache");
    expect(results[4]).toMatchObject({
      ok: true,
      detail: "not on disk yet; downloadable, fetched on first use",
    });
  });

  it("says which backend and whether a GPU is used, and fails when no backend loads", async () => {
    const gpu = await runDoctor(
      probes({
        initBackend: async () => ({
          id: "node-gpu",
          tfName: "tensorflow",
          device: "NVIDIA A100",
          skipped: [],
          summary: "",
        }),
      }),
      "/c",
    );
    expect(gpu[3]).toMatchObject({ ok: true, detail: "node-gpu on NVIDIA A100 (GPU)" });
    const none = await runDoctor(
      probes({
        initBackend: async () => {
          throw new Error("No TensorFlow.js backend could be initialised");
        },
      }),
      "/c",
    );
    expect(none[3]).toMatchObject({ ok: false, fix: "rm -rf node_modules && npm ci" });
  });
});
