// Every notebook in notebooks/ executes headlessly in quick mode, with no error outputs and with
// per-cell footprint metadata, without touching the committed file. One test per notebook.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { joinSource, parseNotebook, PLOTLY_MIME } from "../../src/lib/notebook/format";
import { ROOT, runRunner, tempDir } from "./run";

const dir = path.join(ROOT, "notebooks");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

describe("notebooks in quick mode", () => {
  const out = tempDir();
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("finds the notebooks", () => {
    expect(names).toContain("01-deriving-attention.ipynb");
    expect(names).toContain("02-attention-in-code.ipynb");
  });

  for (const name of names) {
    it(`${name} executes with no error outputs`, () => {
      const committed = readFileSync(path.join(dir, name));
      const r = runRunner(["--quick", "--out-dir", out, path.join("notebooks", name)]);
      expect(r.status, r.output).toBe(0);
      expect(readFileSync(path.join(dir, name)).equals(committed), "committed notebook changed").toBe(true);

      const source = parseNotebook(committed.toString("utf8"), name);
      const nb = parseNotebook(readFileSync(path.join(out, name), "utf8"), name);
      expect(nb.cells.map((c) => joinSource(c.source))).toEqual(
        source.cells.map((c) => joinSource(c.source)),
      );
      for (const [i, cell] of nb.cells.entries()) {
        if (cell.cell_type !== "code" || joinSource(cell.source).trim() === "") continue;
        const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
        expect(errors, `cell ${i} has an error output`).toEqual([]);
        // Each figure stored once: its Plotly JSON, not also a static HTML copy.
        const doubled = (cell.outputs ?? []).filter((o) => {
          const data = o.data as Record<string, unknown> | undefined;
          return data !== undefined && PLOTLY_MIME in data && "text/html" in data;
        });
        expect(doubled, `cell ${i} stores a figure twice`).toEqual([]);
        expect(cell.metadata.footprint, `cell ${i} has no footprint`).toMatchObject({
          seconds: expect.any(Number),
        });
        expect(cell.metadata.execution, `cell ${i} kept volatile metadata`).toBeUndefined();
      }
      expect(nb.metadata.footprint).toMatchObject({ quick: true, date: expect.any(String) });
    }, 900_000);
  }
});
