// Every committed notebook stays small enough to review and to publish: under ~3k lines of JSON
// as the runner writes it (serializeNotebook keeps a figure's arrays on one line), and no figure
// stored twice. A histogram of raw values instead of binned counts, or a static copy of each chart,
// is what pushed notebooks past this before.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../src/lib/notebook/format";

const ROOT = path.resolve(__dirname, "../..");
const MAX_LINES = 3000;
const dir = path.join(ROOT, "notebooks");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

describe("committed notebook size", () => {
  it.each(names)(`%s is under ${MAX_LINES} lines of JSON and stores each figure once`, (name) => {
    const text = readFileSync(path.join(dir, name), "utf8");
    const lines = text.split("\n").length;
    expect(lines, `${name}: ${lines} lines (bytes: ${text.length})`).toBeLessThanOrEqual(MAX_LINES);
    const nb = JSON.parse(text) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    const doubled = nb.cells.flatMap((c, i) =>
      (c.outputs ?? []).filter((o) => o.data && PLOTLY_MIME in o.data && "text/html" in o.data).map(() => i),
    );
    expect(doubled, `${name}: cells whose figure is also stored as HTML`).toEqual([]);
  });
});
