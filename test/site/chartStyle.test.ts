import { describe, expect, it } from "vitest";
import { siteStyle, titleText } from "../../src/components/PlotlyChart/siteStyle";
import { HEATMAP_COLORSCALE } from "../../src/lib/eval/figures";

const desk = { dark: false, width: 800, touch: false };
const phone = { dark: false, width: 358, touch: true };

describe("the site's one chart style", () => {
  it("puts every heatmap on the project's scale, largest values darkest", () => {
    const confusion = {
      data: [{ type: "heatmap", colorscale: "Blues", reversescale: true, z: [[331, 97]] }],
    };
    const [trace] = siteStyle(confusion, desk).data as Record<string, unknown>[];
    expect(trace!.colorscale).toBe(HEATMAP_COLORSCALE);
    expect(trace!.reversescale).toBeUndefined();
    // 0 is the palest colour, 1 the darkest.
    const lum = (c: string) => [1, 3, 5].reduce((s, k) => s + parseInt(c.slice(k, k + 2), 16), 0);
    expect(lum(HEATMAP_COLORSCALE[0]![1])).toBeGreaterThan(lum(HEATMAP_COLORSCALE.at(-1)![1]));
  });

  it("gives every axis and the title automatic margins", () => {
    const fig = { data: [], layout: { title: "Attention", xaxis: { title: "key", side: "top" } } };
    const { layout } = siteStyle(fig, desk);
    expect(layout.xaxis).toMatchObject({ automargin: true, side: "top", title: { text: "key" } });
    expect(layout.yaxis).toMatchObject({ automargin: true });
    expect(layout.title).toMatchObject({ text: "Attention", automargin: true });
  });

  it("re-flows a row of four head heatmaps to one per row on a phone, taller", () => {
    const heads = {
      data: [1, 2, 3, 4].map((i) => ({ type: "heatmap", xaxis: `x${i}`, z: [[0]] })),
      layout: {
        grid: { rows: 1, columns: 4, pattern: "independent" },
        height: 320,
        margin: { t: 50, b: 80 },
        xaxis: {},
        xaxis2: {},
        xaxis3: {},
        xaxis4: {},
      },
    };
    expect(siteStyle(heads, desk).layout.grid).toMatchObject({ rows: 1, columns: 4 });
    const small = siteStyle(heads, phone).layout;
    expect(small.grid).toMatchObject({ rows: 4, columns: 1 });
    expect(small.height as number).toBeGreaterThan(4 * 200);
    expect(siteStyle(heads, { ...desk, width: 560 }).layout.grid).toMatchObject({ rows: 2, columns: 2 });
  });

  it("hides the mode bar on touch screens only, and never keeps a fixed width", () => {
    const fig = { data: [], layout: { width: 772 }, config: { displayModeBar: true } };
    expect(siteStyle(fig, phone).config.displayModeBar).toBe(false);
    expect(siteStyle(fig, desk).config.displayModeBar).toBe(true);
    expect(siteStyle(fig, { ...desk, width: 358 }).config.displayModeBar).toBe(false);
    expect(siteStyle(fig, desk).layout.width).toBeUndefined();
  });

  it("wraps a long title at spaces on a phone, not on a desktop", () => {
    const text = "Training energy: published runs and your estimate";
    expect(siteStyle({ data: [], layout: { title: text } }, desk).layout.title).toMatchObject({ text });
    const wrapped = (siteStyle({ data: [], layout: { title: text } }, phone).layout.title as { text: string })
      .text;
    expect(wrapped).toContain("<br>");
    expect(wrapped.replace(/<br>/g, " ")).toBe(text);
  });

  it("names a chart by its title without markup", () => {
    expect(titleText({ title: { text: "Four heads<br>(untrained)" } })).toBe("Four heads (untrained)");
  });
});
