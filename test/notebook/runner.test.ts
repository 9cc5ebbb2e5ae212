// The runner's failure contract and the issue-2 check: a one-cell notebook imports the library by
// package name and runs attention in the tslab kernel.
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseNotebook } from "../../src/lib/notebook/format";
import { ROOT, runRunner, tempDir } from "./run";

const fixtures = path.join(ROOT, "test", "fixtures", "notebook");

describe("npm run notebooks", () => {
  const out = tempDir();
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("exits non-zero on a failing cell, naming notebook, cell, first line and error, and leaves the file byte-identical", () => {
    const file = path.join(fixtures, "broken.ipynb");
    const before = readFileSync(file);
    // A full (non-quick) run without --out-dir would write in place: the failure must prevent that.
    // In place (a full run) even when other files of the checkout are being edited.
    const r = runRunner(["--allow-dirty", path.relative(ROOT, file)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "test/fixtures/notebook/broken.ipynb: cell 2 (`// this cell fails on purpose`) failed",
    );
    expect(r.stderr).toContain("RangeError: deliberate failure for the runner test");
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 600_000);

  it("runs a one-cell notebook that imports llm-footprint by package name and computes attention", () => {
    const r = runRunner([
      "--quick",
      "--out-dir",
      out,
      path.join("test", "fixtures", "notebook", "one-cell-attention.ipynb"),
    ]);
    expect(r.status, r.output).toBe(0);
    const nb = parseNotebook(readFileSync(path.join(out, "one-cell-attention.ipynb"), "utf8"));
    const text = (nb.cells[0]!.outputs ?? [])
      .map((o) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? "")))
      .join("");
    expect(text).toMatch(/backend=\w+ output=\[2,4,8\] weights=\[2,4,4\]/);
    const sums = /rowsum=([^\n]*)/.exec(text)![1]!.split(",").map(Number);
    expect(sums).toHaveLength(8);
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    const fp = nb.cells[0]!.metadata.footprint as {
      seconds: number;
      cpuSeconds: number | null;
      method: string;
    };
    expect(fp.seconds).toBeGreaterThan(0);
    expect(fp.cpuSeconds).toBeGreaterThan(0); // read from /proc/<kernel pid>/stat around the execute request
    expect(["estimated:tdp", "cpu-time"]).toContain(fp.method);
  }, 600_000);

  it("stops a cell that exceeds the per-cell timeout and says so", () => {
    const file = path.join(fixtures, "hang.ipynb");
    const before = readFileSync(file);
    const r = runRunner(["--timeout", "5", "--out-dir", out, path.relative(ROOT, file)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "hang.ipynb: cell 0 (`// spins forever`) timed out: no reply within 5 s (raise --timeout)",
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 600_000);

  it("rejects unknown notebook names with the list of available ones", () => {
    const r = runRunner(["no-such-notebook"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('No notebook matches "no-such-notebook"');
    expect(r.stderr).toContain("01-deriving-attention.ipynb");
  });
});
