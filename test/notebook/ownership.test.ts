// The runner owns what it starts and touches no committed file it should not: an interrupted run
// leaves no process (checked by PID) and no temporary folder behind; a kernel that dies is named by
// its cell; a fractional --timeout is refused by Node; a broken run log is reported by path while
// the other notebooks still run; a quick run leaves the committed run log alone.
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  openSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendants, killAll } from "../../src/lib/notebook/processTree";
import { CLI, ROOT, runRunner, tempDir } from "./run";

const fixtures = path.join(ROOT, "test", "fixtures", "notebook");

/** True while the process runs (a zombie waiting to be reaped has finished). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on("exit", (code, signal) => resolve({ code, signal }));
  });
}

describe.runIf(process.platform === "linux")("an interrupted notebook run", () => {
  let out = "";
  beforeAll(() => {
    out = tempDir();
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // SIGKILL cannot be caught: execute.py notices that the runner is gone and cleans up itself.
  it.each(["SIGTERM", "SIGINT", "SIGKILL"] as const)(
    "stops execute.py and the kernel and removes its temporary folder on %s",
    async (signal) => {
      const tmp = mkdtempSync(path.join(os.tmpdir(), "footprint-owner-"));
      const stderr: string[] = [];
      const runner = spawn(
        process.execPath,
        [CLI, "--timeout", "600", "--out-dir", out, path.relative(ROOT, path.join(fixtures, "hang.ipynb"))],
        { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] },
      );
      runner.stderr!.on("data", (d: Buffer) => stderr.push(d.toString()));
      let started: number[] = [];
      try {
        // The kernel (a tslab process under execute.py) is up and spinning in the cell.
        await until(
          "the tslab kernel to start",
          () => descendants(runner.pid!).some((p) => /tslab kernel/.test(commandLine(p))),
          240_000,
        );
        await new Promise((r) => setTimeout(r, 3000));
        started = descendants(runner.pid!);
        expect(started.length, "execute.py and the kernel").toBeGreaterThanOrEqual(2);
        expect(readdirSync(tmp).some((f) => f.startsWith("footprint-nb-"))).toBe(true);

        runner.kill(signal);
        const end = await exited(runner);
        expect(end.signal ?? end.code, stderr.join("")).toBeTruthy();
        await until(
          `every process of the run to end (${started.map((p) => `${p} ${commandLine(p)}`).join("; ")})`,
          () => started.every((p) => !running(p)),
          15_000,
        ).catch((e: Error) => e);
        expect(
          started.filter(running).map((p) => `${p}: ${commandLine(p)}`),
          "processes still running",
        ).toEqual([]);
        expect(readdirSync(tmp), "left in TMPDIR").toEqual([]);
      } finally {
        killAll(started);
        runner.kill("SIGKILL");
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    300_000,
  );
});

describe("npm run notebooks error messages", () => {
  let out = "";
  beforeAll(() => {
    out = tempDir();
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("names the cell whose process.exit() ended the kernel, and leaves the file byte-identical", () => {
    const file = path.join(fixtures, "exits.ipynb");
    const before = readFileSync(file);
    // In place (a full run) even when other files of the checkout are being edited.
    const r = runRunner(["--allow-dirty", path.relative(ROOT, file)]);
    expect(r.status, r.output).toBe(1);
    expect(r.stderr).toContain(
      "test/fixtures/notebook/exits.ipynb: cell 2 (`// ends the kernel`) stopped the kernel: the kernel process ended with exit code 3",
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 600_000);

  it("refuses a fractional --timeout before starting anything", () => {
    const r = runRunner([
      "--timeout",
      "2.5",
      "--out-dir",
      out,
      path.join("test", "fixtures", "notebook", "hang.ipynb"),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('notebooks: --timeout must be an integer ≥ 1, got "2.5"');
    expect(r.output).not.toContain("usage: execute.py");
  });
});

/**
 * A copy of the project's runner in a temporary root (dist/, execute.py, node_modules linked), so
 * that its notebooks/ and data/notebooks/runs.json can be broken without touching the real ones.
 */
function sandbox(): {
  root: string;
  run: (args: string[], opts?: { merged?: boolean }) => ReturnType<typeof runRunner>;
} {
  const root = mkdtempSync(path.join(os.tmpdir(), "footprint-sandbox-"));
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "llm-footprint", private: true }));
  cpSync(path.join(ROOT, "dist"), path.join(root, "dist"), { recursive: true });
  mkdirSync(path.join(root, "src/lib/notebook"), { recursive: true });
  cpSync(path.join(ROOT, "src/lib/notebook/execute.py"), path.join(root, "src/lib/notebook/execute.py"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  mkdirSync(path.join(root, "notebooks"));
  mkdirSync(path.join(root, "data/notebooks"), { recursive: true });
  const cell = (source: string) => ({
    cells: [{ cell_type: "code", execution_count: null, id: "c1", metadata: {}, outputs: [], source }],
    metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
  writeFileSync(path.join(root, "notebooks/01-a.ipynb"), JSON.stringify(cell('console.log("a")')));
  writeFileSync(path.join(root, "notebooks/02-b.ipynb"), JSON.stringify(cell('console.log("b")')));
  const cli = path.join(root, "dist", "cli", "notebooks.js");
  const run = (args: string[], { merged = false } = {}) => {
    if (merged) {
      // stdout and stderr into one file, in the order they were written.
      const file = path.join(root, "output.txt");
      const fd = openSync(file, "w");
      try {
        const r = spawnSync(process.execPath, [cli, ...args], {
          cwd: root,
          stdio: ["ignore", fd, fd],
          timeout: 900_000,
        });
        const output = readFileSync(file, "utf8");
        return { status: r.status, stdout: output, stderr: output, output };
      } finally {
        closeSync(fd);
        rmSync(file, { force: true });
      }
    }
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", timeout: 900_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
  };
  return { root, run };
}

/** git in the sandbox, with an identity of its own. */
function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.org", ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

describe.runIf(spawnSync("git", ["--version"]).status === 0)("a full run from a git checkout", () => {
  let box: ReturnType<typeof sandbox> | undefined;
  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(`${CLI} is missing: run \`npm run build:lib\` first (npm test does).`);
    box = sandbox();
    writeFileSync(path.join(box.root, ".gitignore"), "dist/\nnode_modules\n.scratch/\n.cache/\n");
    git(box.root, "init", "-q");
    git(box.root, "add", ".");
    git(box.root, "commit", "-q", "-m", "sandbox");
  });
  afterAll(() => box && rmSync(box.root, { recursive: true, force: true }));
  const nb = (name: string) => path.join(box!.root, "notebooks", name);

  it("refuses to overwrite committed outputs from a dirty tree, naming the changed files", () => {
    writeFileSync(nb("02-b.ipynb"), readFileSync(nb("02-b.ipynb"), "utf8") + "\n");
    const before = readFileSync(nb("01-a.ipynb"));
    const r = box!.run(["01"]);
    expect(r.status, r.output).toBe(2);
    expect(r.stderr).toContain("refusing to overwrite committed outputs from a dirty git tree");
    expect(r.stderr).toContain("notebooks/02-b.ipynb");
    expect(r.stderr).toContain("--allow-dirty");
    expect(r.stdout).not.toContain("01-a.ipynb ...");
    expect(readFileSync(nb("01-a.ipynb")).equals(before)).toBe(true);
    expect(existsSync(path.join(box!.root, "data/notebooks/runs.json"))).toBe(false);
    // A quick run writes no committed file: it is not refused, and git sees nothing new.
    const status = git(box!.root, "status", "--porcelain");
    const quick = box!.run(["--quick", "01"]);
    expect(quick.status, quick.output).toBe(0);
    expect(git(box!.root, "status", "--porcelain")).toBe(status);
    expect(existsSync(path.join(box!.root, ".scratch/notebooks/01-a.ipynb"))).toBe(true);
  }, 900_000);

  it("runs with --allow-dirty and records it, the grid intensity and the run's CO2e in the metadata", () => {
    const r = box!.run(["--allow-dirty", "01"]);
    expect(r.status, r.output).toBe(0);
    const fp = (
      JSON.parse(readFileSync(nb("01-a.ipynb"), "utf8")) as {
        metadata: { footprint: Record<string, unknown> };
      }
    ).metadata.footprint;
    expect(fp).toMatchObject({ allowDirty: true, dirty: true, region: "WORLD", pue: { value: 1 } });
    const intensity = (fp.intensity as { gCO2ePerKWh: number }).gCO2ePerKWh;
    expect(intensity).toBeGreaterThan(0);
    expect(typeof fp.joules).toBe("number");
    expect((fp.gCO2e as number) / (((fp.joules as number) / 3.6e6) * intensity)).toBeCloseTo(1, 2);
  }, 900_000);
});

describe("the notebook run log", () => {
  let box: ReturnType<typeof sandbox> | undefined;
  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(`${CLI} is missing: run \`npm run build:lib\` first (npm test does).`);
    box = sandbox();
  });
  afterAll(() => box && rmSync(box.root, { recursive: true, force: true }));
  const log = () => path.join(box!.root, "data/notebooks/runs.json");

  it("is reported by path when corrupted, before any notebook runs, and the remaining notebooks still run", () => {
    writeFileSync(log(), "{ not json");
    const r = box!.run([], { merged: true });
    expect(r.status, r.output).toBe(1);
    const out = r.output;
    const reported = out.indexOf("run times will not be logged: data/notebooks/runs.json is not valid JSON");
    expect(reported, out).toBeGreaterThanOrEqual(0);
    expect(reported, "reported before the first notebook").toBeLessThan(out.indexOf("... ok"));
    expect(out).toMatch(/notebooks\/01-a\.ipynb \.\.\. ok/);
    expect(out).toMatch(/notebooks\/02-b\.ipynb \.\.\. ok/);
    expect(out).toContain("2 run time(s) not logged in data/notebooks/runs.json");
    expect(readFileSync(log(), "utf8")).toBe("{ not json");
  }, 900_000);

  it("is not rewritten by a quick run (quick runs are logged under .scratch)", () => {
    const committed = JSON.stringify({
      "01-a": { full: { seconds: 1, joules: null, method: "x", date: "d", hardware: "h" } },
    });
    writeFileSync(log(), committed);
    const r = box!.run(["--quick", "01"]);
    expect(r.status, r.output).toBe(0);
    expect(readFileSync(log(), "utf8")).toBe(committed);
    const scratch = JSON.parse(
      readFileSync(path.join(box!.root, ".scratch/notebooks/runs.json"), "utf8"),
    ) as Record<string, { quick?: unknown }>;
    expect(scratch["01-a"]?.quick).toBeDefined();
  }, 900_000);
});
