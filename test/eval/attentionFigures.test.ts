// The one attention-heatmap builder (src/lib/eval/figures.ts), shared by the notebook display
// helpers and both playgrounds: one colour scale, typed text kept as text, queries on rows.
import { describe, expect, it } from "vitest";
import {
  HEATMAP_COLORSCALE,
  attentionHeadsFigure,
  attentionHeatmapFigure,
  confusionMatrixFigure,
  heatmapColor,
  plotlyText,
} from "../../src/lib/eval/figures";

type Trace = Record<string, unknown>;
type Axes = Record<string, Record<string, unknown>>;

const w2 = [
  [0.9, 0.1],
  [0.3, 0.7],
];

describe("attentionHeatmapFigure", () => {
  it("escapes markup and entities that Plotly would otherwise interpret", () => {
    expect(plotlyText(`<b>bold</b> & <a href="javascript:x">`)).toBe(
      '&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href="javascript:x"&gt;',
    );
    expect(plotlyText(`plain 's "quoted"`)).toBe(`plain 's "quoted"`); // Plotly shows &quot; literally
  });

  it("labels both axes with the escaped tokens of a self-attention head, first query on top", () => {
    const f = attentionHeatmapFigure(w2, { queryTokens: ["<i>", "ok"], title: "<t>" });
    const trace = f.data[0] as Trace;
    expect(trace.z).toEqual(w2);
    expect(trace.customdata).toEqual([
      [
        ["&lt;i&gt;", "&lt;i&gt;"],
        ["&lt;i&gt;", "ok"],
      ],
      [
        ["ok", "&lt;i&gt;"],
        ["ok", "ok"],
      ],
    ]);
    const layout = f.layout as Axes;
    expect(layout.xaxis!.ticktext).toEqual(["&lt;i&gt;", "ok"]);
    expect(layout.yaxis!.ticktext).toEqual(["&lt;i&gt;", "ok"]);
    expect(layout.yaxis!.range).toEqual([1.5, -0.5]); // first query on top
    expect(layout.title!.text).toBe("&lt;t&gt;");
    expect(trace.meta).toEqual({ rows: ["<i>", "ok"], columns: ["<i>", "ok"] }); // raw, for static previews
  });

  it("keeps repeated tokens apart: positions on the axes, tokens as tick labels", () => {
    const f = attentionHeatmapFigure(w2, { queryTokens: ["the", "the"] });
    const trace = f.data[0] as Trace;
    expect(trace.x).toEqual([0, 1]);
    expect((f.layout as Axes).xaxis!.ticktext).toEqual(["the", "the"]);
  });

  it("puts query tokens on rows and key tokens on columns for cross-attention", () => {
    const f = attentionHeatmapFigure([[0.2, 0.5, 0.3]], {
      queryTokens: ["我"],
      keyTokens: ["i", "love", "[EOS]"],
    });
    const trace = f.data[0] as Trace;
    expect(trace.x).toEqual([0, 1, 2]);
    expect(trace.y).toEqual([0]);
    const layout = f.layout as Axes;
    expect(layout.xaxis!.ticktext).toEqual(["i", "love", "[EOS]"]);
    expect(layout.yaxis!.ticktext).toEqual(["我"]);
  });

  it("breaks a long title at spaces so a phone shows all of it", () => {
    const long = '"Where is the station?" → 车站在哪里? · last decoder block, mean over heads';
    const f = attentionHeatmapFigure([[1]], { title: long });
    const text = (f.layout.title as { text: string }).text;
    expect(text.split("<br>").every((l) => l.length <= 48)).toBe(true);
    expect(text.replace(/<br>/g, " ")).toBe(long);
    expect((f.layout.margin as { t: number }).t).toBeGreaterThan(
      (attentionHeatmapFigure([[1]], { title: "short" }).layout.margin as { t: number }).t,
    );
  });

  it("numbers the positions when no tokens are given", () => {
    const f = attentionHeatmapFigure([[1, 0, 0]]);
    expect((f.layout as Axes).xaxis!.ticktext).toEqual(["0", "1", "2"]);
    expect((f.layout as Axes).yaxis!.ticktext).toEqual(["0"]);
  });

  it("uses the translated words in axis titles and hover text", () => {
    const f = attentionHeatmapFigure(w2, { labels: { query: "查询", key: "键", weight: "权重" } });
    const layout = f.layout as Record<string, { title: { text: string } }>;
    expect(layout.xaxis!.title.text).toBe("键");
    expect(layout.yaxis!.title.text).toBe("查询");
    expect((f.data[0] as Trace).hovertemplate).toMatch(/^查询 .* → 键 .*<br>权重 %\{z:\.3f\}/);
  });

  it("rejects token lists that do not match the weights, naming both sizes", () => {
    expect(() => attentionHeatmapFigure([[1, 0]], { queryTokens: ["a", "b"] })).toThrow(
      /weights are 1×2 but got 2 query and 2 key tokens/,
    );
    expect(() => attentionHeatmapFigure([[1, 0], [1]])).toThrow(/rows have different lengths/);
  });
});

describe("one colour scale", () => {
  const figures = {
    "a single head": attentionHeatmapFigure(w2),
    "a grid of heads": attentionHeadsFigure([w2, w2, w2]),
    "a cross-attention head": attentionHeatmapFigure([[0.5, 0.5]], {
      queryTokens: ["x"],
      keyTokens: ["a", "b"],
    }),
    "a confusion matrix": confusionMatrixFigure(
      [
        [5, 1],
        [2, 9],
      ],
      ["neg", "pos"],
    ),
  };

  it.each(Object.entries(figures))("%s uses the shared scale with 0 at its pale end", (_, f) => {
    for (const t of f.data as Trace[]) {
      expect(t.colorscale).toBe(HEATMAP_COLORSCALE);
      expect(t.zmin).toBe(0);
      expect(t.reversescale).toBeUndefined();
    }
  });

  it("attention weights span 0 to 1 unless told otherwise", () => {
    expect((attentionHeatmapFigure(w2).data[0] as Trace).zmax).toBe(1);
    expect((attentionHeatmapFigure(w2, { zmax: 0.5 }).data[0] as Trace).zmax).toBe(0.5);
  });

  it("runs from near white to dark blue, getting darker all the way", () => {
    const luminance = (hex: string) =>
      [1, 3, 5]
        .map((k) => parseInt(hex.slice(k, k + 2), 16))
        .reduce((a, v, i) => a + v * [0.3, 0.59, 0.11][i]!, 0);
    const steps = Array.from({ length: 21 }, (_, i) => luminance(heatmapColor(i / 20)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeLessThan(steps[i - 1]!);
    expect(heatmapColor(0)).toBe("#f7fbff");
    expect(heatmapColor(1)).toBe("#08306b");
    expect(heatmapColor(-1)).toBe("#f7fbff");
    expect(heatmapColor(Number.NaN)).toBe("#f7fbff");
  });
});

describe("attentionHeadsFigure", () => {
  it("lays heads out two per row by default, one colour bar, head titles above each panel", () => {
    const f = attentionHeadsFigure([w2, w2, w2], { queryTokens: ["a", "b"] });
    const data = f.data as Trace[];
    expect(data.map((t) => t.xaxis)).toEqual(["x", "x2", "x3"]);
    expect(data.map((t) => t.showscale)).toEqual([false, false, true]);
    expect(f.layout.grid).toMatchObject({ rows: 2, columns: 2 });
    const annotations = f.layout.annotations as { text: string; yref: string }[];
    expect(annotations.map((a) => a.text)).toEqual(["head 1", "head 2", "head 3"]);
    expect(annotations[2]!.yref).toBe("y3 domain");
    const layout = f.layout as Axes;
    expect([layout.yaxis, layout.yaxis2, layout.yaxis3].map((a) => a!.showticklabels)).toEqual([
      undefined,
      false, // second column: the query tokens are those of the first
      undefined,
    ]);
  });

  it("takes the number of columns", () => {
    expect(attentionHeadsFigure([w2, w2, w2, w2], { columns: 4 }).layout.grid).toMatchObject({
      rows: 1,
      columns: 4,
    });
  });

  it("still accepts the old (tokens, heads, title) call of notebook 04", () => {
    const f = attentionHeadsFigure(["not", "not"], [w2, w2], "t");
    expect(f.data).toHaveLength(2);
    expect((f.layout.title as { text: string }).text).toBe("t");
    expect((f.layout as Axes).xaxis!.ticktext).toEqual(["not", "not"]);
  });
});
