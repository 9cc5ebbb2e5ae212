// Attention heatmap figures of the playgrounds: typed text stays text in Plotly's labels, and
// rows/columns follow the query and key tokens (square for self-attention, rectangular for cross).
import { describe, expect, it } from "vitest";
import { attentionHeatmap, plotlyText } from "../../src/components/SentimentPlayground/heatmaps";

const labels = { title: "Layer 1 · head 1", query: "query", key: "key", weight: "weight" };

describe("playground heatmaps", () => {
  it("escapes markup and entities that Plotly would otherwise interpret", () => {
    expect(plotlyText(`<b>bold</b> & <a href="javascript:x">`)).toBe(
      "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=&quot;javascript:x&quot;&gt;",
    );
    expect(plotlyText("plain 's")).toBe("plain 's");
  });

  it("labels both axes with the escaped tokens of a self-attention head", () => {
    const f = attentionHeatmap(
      [
        [0.9, 0.1],
        [0.3, 0.7],
      ],
      ["<i>", "ok"],
      labels,
    );
    const trace = f.data[0] as Record<string, unknown>;
    expect(trace.z).toEqual([
      [0.9, 0.1],
      [0.3, 0.7],
    ]);
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
    const layout = f.layout as Record<string, Record<string, unknown>>;
    expect(layout.xaxis!.ticktext).toEqual(["&lt;i&gt;", "ok"]);
    expect(layout.yaxis!.ticktext).toEqual(["&lt;i&gt;", "ok"]);
    expect(layout.yaxis!.autorange).toBe("reversed"); // first query on top
  });

  it("puts query tokens on rows and key tokens on columns for cross-attention", () => {
    const f = attentionHeatmap([[0.2, 0.5, 0.3]], ["我"], labels, ["i", "love", "[EOS]"]);
    const trace = f.data[0] as Record<string, unknown>;
    expect(trace.x).toEqual([0, 1, 2]);
    expect(trace.y).toEqual([0]);
    const layout = f.layout as Record<string, Record<string, unknown>>;
    expect(layout.xaxis!.ticktext).toEqual(["i", "love", "[EOS]"]);
    expect(layout.yaxis!.ticktext).toEqual(["我"]);
  });
});
