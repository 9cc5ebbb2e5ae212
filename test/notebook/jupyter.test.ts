import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  INSTALL_HINT,
  findPython,
  kernelSpecPointsAt,
  privateKernelDir,
  pythonCandidates,
  repoRoot,
  withLockDir,
} from "../../src/lib/notebook/jupyter";
import { tempDir } from "./run";

describe("Jupyter discovery and kernel registration", () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns null when no candidate interpreter has Jupyter, and the hint says how to install it", () => {
    expect(findPython(["nbclient"], [path.join(dir, "no-such-python")])).toBeNull();
    expect(INSTALL_HINT).toContain(
      "apt-get install -y jupyter-nbconvert python3-nbconvert python3-notebook jupyter-client",
    );
    expect(INSTALL_HINT).toContain("pip install jupyterlab");
  });

  it("tries $FOOTPRINT_PYTHON first, then Debian's /usr/bin/python3", () => {
    expect(pythonCandidates({ FOOTPRINT_PYTHON: "/opt/py/bin/python3" }).slice(0, 2)).toEqual([
      "/opt/py/bin/python3",
      "/usr/bin/python3",
    ]);
  });

  it("keeps the runner's kernelspec inside the repository, never in the user's Jupyter directories", () => {
    const root = repoRoot();
    expect(privateKernelDir(root)).toBe(path.join(root, ".cache", "jupyter", "share", "jupyter", "kernels"));
  });

  it("recognises a kernelspec that starts the project's tslab binary, and rejects others", () => {
    mkdirSync(path.join(dir, "tslab"), { recursive: true });
    writeFileSync(
      path.join(dir, "tslab", "kernel.json"),
      JSON.stringify({ argv: ["/repo/node_modules/.bin/tslab", "kernel"] }),
    );
    expect(kernelSpecPointsAt(dir, "/repo/node_modules/.bin/tslab")).toBe(true);
    expect(kernelSpecPointsAt(dir, "/other/tslab")).toBe(false);
    expect(kernelSpecPointsAt(path.join(dir, "missing"), "/repo/node_modules/.bin/tslab")).toBe(false);
  });

  it("installs the kernel under a lock: waits while another process holds it, takes a stale one", async () => {
    const lock = path.join(dir, "install.lock");
    expect(withLockDir(lock, () => existsSync(lock))).toBe(true); // held while fn runs
    expect(existsSync(lock)).toBe(false); // released after

    mkdirSync(lock); // another runner's lock, released by it 0.6 s from now
    const other = spawn("sh", ["-c", `sleep 0.6; rmdir '${lock}'`]);
    const released = new Promise((resolve) => other.on("exit", resolve));
    const t0 = Date.now();
    withLockDir(lock, () => undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    await released;

    mkdirSync(lock); // left behind by a runner that died
    const t1 = Date.now();
    expect(withLockDir(lock, () => "ran", 300)).toBe("ran");
    expect(Date.now() - t1).toBeGreaterThanOrEqual(300);
    expect(existsSync(lock)).toBe(false);
  });
});
