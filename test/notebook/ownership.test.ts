// The runner owns what it starts and touches no committed file it should not: an interrupted run
// leaves no process (checked by PID) and no temporary folder behind; a kernel that dies is named by
// its cell; a fractional --timeout is refused by Node; a broken run log is reported by path while
// the other notebooks still run; a quick run leaves the committed run log alone.
import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
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
    const r = runRunner([path.relative(ROOT, file)]);
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
function sandbox(): { root: string; run: (args: string[]) => ReturnType<typeof runRunner> } {
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
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", timeout: 900_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
  };
  return { root, run };
}

describe("the notebook run log", () => {
  let box: ReturnType<typeof sandbox> | undefined;
  beforeAll(() => {
    if (!existsSync(CLI))
      throw new Error(`${CLI} is missing: run \`npm run build:lib\` first (npm test does).`);
    box = sandbox();
  });
  afterAll(() => box && rmSync(box.root, { recursive: true, force: true }));
  const log = () => path.join(box!.root, "data/notebooks/runs.json");

  it("is reported by path when corrupted, and the remaining notebooks still run", () => {
    writeFileSync(log(), "{ not json");
    const r = box!.run([]);
    expect(r.status, r.output).toBe(1);
    expect(r.stdout).toMatch(/notebooks\/01-a\.ipynb \.\.\. ok/);
    expect(r.stdout).toMatch(/notebooks\/02-b\.ipynb \.\.\. ok/);
    expect(r.stderr).toContain("run time not logged: data/notebooks/runs.json is not valid JSON");
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
