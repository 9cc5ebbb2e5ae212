import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MimeBundle } from "../../src/lib/notebook/display";
import {
  figureFallbackWanted,
  plotlyBundle,
  PLOTLY_MIME,
  setDisplaySink,
  showAttention,
  showAttentionHeads,
  showPlot,
  showTable,
  tableBundle,
  toPlainJson,
} from "../../src/lib/notebook/display";
import { dedent, showSource, sourceOf } from "../../src/lib/notebook/source";

const ROOT = path.resolve(__dirname, "../..");

function capture(): MimeBundle[] {
  const seen: MimeBundle[] = [];
  setDisplaySink((b) => seen.push(b));
  return seen;
}
afterEach(() => setDisplaySink(null));

describe("display helpers", () => {
  it("emits a Plotly figure as plain JSON with an HTML/SVG fallback and a text summary", () => {
    const seen = capture();
    showPlot({
      data: [{ type: "scatter", name: "time", x: [64, 128, 256], y: new Float32Array([1, 4, NaN]) }],
      layout: { title: { text: "Time vs T" }, xaxis: { type: "log" } },
    });
    expect(seen).toHaveLength(1);
    const b = seen[0]!;
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    const fig = b[PLOTLY_MIME] as { data: { y: unknown }[] };
    expect(fig.data[0]!.y).toEqual([1, 4, null]); // typed array → array, NaN → null
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
    expect(b["text/html"]).toContain("<svg");
    expect(b["text/html"]).toContain("Time vs T");
    expect(b["text/plain"]).toBe('Plotly figure "Time vs T": 1 trace(s) (scatter)');
  });

  it("stores each figure once (JSON and a one-line summary) when the runner turns the HTML copy off", () => {
    const fig = { data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "T" } } };
    expect(Object.keys(plotlyBundle(fig, { fallback: false })).sort()).toEqual(
      [PLOTLY_MIME, "text/plain"].sort(),
    );
    expect(figureFallbackWanted({ FOOTPRINT_FIGURE_FALLBACK: "0" })).toBe(false);
    expect(figureFallbackWanted({})).toBe(true);
  });

  it("draws an attention heatmap with queries as rows and a shaded-table fallback", () => {
    const seen = capture();
    showAttention(
      [
        [1, 0],
        [0.25, 0.75],
      ],
      ["the", "the"],
    );
    const fig = seen[0]![PLOTLY_MIME] as {
      data: Record<string, unknown>[];
      layout: Record<string, Record<string, unknown>>;
    };
    expect(fig.data[0]!.type).toBe("heatmap");
    expect(fig.data[0]!.z).toEqual([
      [1, 0],
      [0.25, 0.75],
    ]);
    expect(fig.layout.yaxis!.range).toEqual([1.5, -0.5]); // first query on top
    expect(fig.layout.yaxis!.ticktext).toEqual(["the", "the"]); // repeated tokens kept apart
    const html = seen[0]!["text/html"] as string;
    expect(html).toContain("<table>");
    expect(html).toContain("0.75");
    expect(html).toContain("<th>the</th>");
    expect(html).toContain("background:#08306b"); // weight 1: the dark end of the shared scale
  });

  it("rejects a tensor that is not a matrix, saying how to slice it", () => {
    expect(() => showAttention({ arraySync: () => [1, 2], shape: [2] })).toThrow(
      /Expected a 2-D matrix.*\[2\]/,
    );
  });

  it("shows several heads in a grid, one panel and one fallback table per head", () => {
    const seen = capture();
    showAttentionHeads([[[1]], [[1]], [[1]]], ["<a>"]);
    const fig = seen[0]![PLOTLY_MIME] as { data: Record<string, unknown>[]; layout: Record<string, unknown> };
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x2", "x3"]);
    expect((fig.layout.grid as { columns: number }).columns).toBe(2);
    const html = seen[0]!["text/html"] as string;
    expect(html.match(/<table>/g)).toHaveLength(3);
    expect(html).toContain("<caption>head 3 (rows: query, columns: key)</caption>");
    expect(html).toContain("<th>&lt;a&gt;</th>"); // raw token escaped once for HTML
  });

  it("renders tables as HTML and as aligned text, escaping HTML", () => {
    const b = tableBundle(
      [
        { name: "<b>", ms: 1.23456 },
        { name: "x", ms: 10 },
      ],
      { caption: "c" },
    );
    expect(b["text/html"]).toContain("&lt;b&gt;");
    expect(b["text/html"]).toContain('<td align="right">1.235</td>');
    expect(b["text/plain"]).toBe(
      ["c", "name     ms", "----  -----", "<b>   1.235", "x        10"].join("\n"),
    );
    const seen = capture();
    showTable([{ a: 1 }]);
    expect(seen[0]!["text/html"]).toContain("<th");
  });

  it("turns non-finite numbers into null and typed arrays into arrays", () => {
    expect(toPlainJson({ a: [Infinity, 1], b: new Int32Array([2, 3]), c: undefined })).toEqual({
      a: [null, 1],
      b: [2, 3],
    });
  });
});

describe("showSource", () => {
  it("finds a function by name and shows exactly the text of its .ts file, JSDoc included", () => {
    const s = sourceOf("scaledDotProductAttention", { root: ROOT });
    expect(s.file).toBe("src/lib/attention/scaledDotProduct.ts");
    expect(s.exported).toBe(true);
    const lines = readFileSync(path.join(ROOT, s.file), "utf8").split("\n");
    expect(s.text).toBe(lines.slice(s.startLine - 1, s.endLine).join("\n"));
    expect(s.text.startsWith("/**")).toBe(true);
    expect(s.text).toContain("export function scaledDotProductAttention(");
  });

  it("finds class members as Class.member, dedented", () => {
    const s = sourceOf("MultiHeadAttention.apply", { root: ROOT });
    expect(s.file).toBe("src/lib/attention/multiHeadAttention.ts");
    expect(s.kind).toBe("member");
    expect(s.text).toMatch(/^\/\*\*[\s\S]*\napply\(/);
  });

  it("displays the source as Markdown with the file and line numbers", () => {
    const seen = capture();
    showSource("causalMask");
    const md = seen[0]!["text/markdown"] as string;
    expect(md).toMatch(/^`src\/lib\/attention\/masks\.ts, lines \d+–\d+`\n\n```ts\n/);
    expect(md).toContain("export function causalMask(");
  });

  it("says which name it could not find", () => {
    expect(() => sourceOf("noSuchSymbolAnywhere", { root: ROOT })).toThrow(
      /no declaration named "noSuchSymbolAnywhere"/,
    );
  });

  it("dedents by the common indentation only", () => {
    expect(dedent("  a\n    b\n\n  c")).toBe("a\n  b\n\nc");
  });
});
