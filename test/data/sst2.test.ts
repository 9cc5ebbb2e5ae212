import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSst2, parseGlueTsv, readGlueTsv, splitRows, SST2_ROWS } from "../../src/lib/data/sst2";
import { sst2FixtureDir } from "./datasetFixtures";

const fixtures = path.join(__dirname, "fixtures");

describe("parseGlueTsv", () => {
  it("reads the good fixture with labels and trimmed text", async () => {
    const rows = await readGlueTsv(path.join(sst2FixtureDir(), "sst2/train.tsv"));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ text: "it 's a charming and often affecting journey .", label: 1 });
    expect(rows[1]!.label).toBe(0);
  });

  it.each([
    ["malformed-label.tsv", /malformed-label\.tsv:3: label "maybe" is not 0 or 1/],
    ["missing-label.tsv", /missing-label\.tsv:3: missing label/],
    ["bad-header.tsv", /bad-header\.tsv:1: expected the header/],
  ])("%s gives an error naming file, line and problem", async (name, message) => {
    await expect(readGlueTsv(path.join(fixtures, "sst2-bad", name))).rejects.toThrow(message);
  });

  it("refuses a header-only file at load, naming the file", () => {
    expect(() => parseGlueTsv("sentence\tlabel\n", "sst2/train.tsv")).toThrow(
      /sst2\/train\.tsv: no rows after the header/,
    );
    expect(() => parseGlueTsv("sentence\tlabel", "dev.tsv")).toThrow(/dev\.tsv: no rows after the header/);
  });

  it("strips a UTF-8 byte-order mark before checking the header", () => {
    expect(parseGlueTsv("\ufeffsentence\tlabel\ngood .\t1\n", "bom.tsv")).toEqual([{ text: "good .", label: 1 }]);
  });

  it("rejects a row with three fields", () => {
    expect(() => parseGlueTsv("sentence\tlabel\na\t1\textra\n", "x.tsv")).toThrow(/x\.tsv:2: 3 TAB-separated/);
  });
});

describe("splitRows", () => {
  it("is seeded, disjoint and complete", () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    const [a, b] = splitRows(rows, 0.1, 7);
    const [a2, b2] = splitRows(rows, 0.1, 7);
    expect(b).toHaveLength(10);
    expect(a2).toEqual(a);
    expect(b2).toEqual(b);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(rows);
    expect(splitRows(rows, 0.1, 8)[1]).not.toEqual(b);
  });
});

describe("loadSst2", () => {
  it("loads an explicit directory holding an sst2/ subfolder", async () => {
    const s = await loadSst2({ dataDir: sst2FixtureDir(), validationFraction: 0.34 });
    expect(s.source).toBe("explicit");
    expect(s.train.length + s.validation.length).toBe(3);
    expect(s.dev).toHaveLength(2);
  });

  // Real data: CI sets FOOTPRINT_DATA_DIR. Without it this fails with the loader's message, on purpose.
  it("loads the real SST-2 from FOOTPRINT_DATA_DIR with the GLUE row counts", async () => {
    const s = await loadSst2({ download: false });
    expect(s.train.length + s.validation.length).toBe(SST2_ROWS.train);
    expect(s.dev).toHaveLength(SST2_ROWS.dev);
    expect(s.validation.length).toBe(Math.round(SST2_ROWS.train * 0.05));
  });
});
