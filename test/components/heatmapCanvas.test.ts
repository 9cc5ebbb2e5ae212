// The canvas heatmap's layout (src/components/HeatmapCanvas/layout.ts): it reads the figure that
// attentionHeatmapFigure builds, fits square cells to the container, never lets tick labels overlap,
// finds the cell under the pointer, and refuses a figure that is not a heatmap; drawing paints one
// cell per weight on the site's colour scale with every label.
import { describe, expect, it } from "vitest";
import {
  cellAt,
  cellCenter,
  cellText,
  heatmapFromFigure,
  moveCell,
  heatmapLayout,
  plainLines,
} from "../../src/components/HeatmapCanvas/layout";
import { draw, type CanvasLike } from "../../src/components/HeatmapCanvas/draw";
import { attentionHeatmapFigure, heatmapColor } from "../../src/lib/eval/figures";

/** A label's width at ~0.6 em per character (what a canvas measures for Latin text). */
const measure = (t: string, px: number) => 0.6 * px * t.length;

const uniform = (rows: number, cols: number) =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => 1 / cols));

describe("canvas heatmap layout", () => {
  it("reads tokens, weights, colour range and titles from attentionHeatmapFigure's figure", () => {
    const figure = attentionHeatmapFigure(uniform(2, 3), {
      queryTokens: ["车", "<b>"],
      keyTokens: ["where", "a&b", "?"],
      title: "Decoder layer 1 · head 2",
      labels: { query: "character", key: "word" },
    });
    const d = heatmapFromFigure(figure);
    expect(d.rows).toEqual(["车", "<b>"]); // raw tokens, not Plotly's escaped text
    expect(d.cols).toEqual(["where", "a&b", "?"]);
    expect(d.z).toEqual(uniform(2, 3));
    expect([d.zmin, d.zmax]).toEqual([0, 1]);
    expect(d.title).toEqual(["Decoder layer 1 · head 2"]);
    expect([d.xTitle, d.yTitle]).toEqual(["word", "character"]);
  });

  it("turns Plotly's escaped, <br>-broken text into plain lines", () => {
    expect(plainLines("a &lt;b&gt; &amp; c<br>second")).toEqual(["a <b> & c", "second"]);
  });

  it("refuses a figure that is not a heatmap, naming the field", () => {
    expect(() => heatmapFromFigure({ data: [{ type: "bar", y: [1] }] })).toThrow(
      /figure\.data\[0\].*heatmap/,
    );
  });

  it("fits every column of a 40-word sentence into a phone's column, labels a step apart", () => {
    const d = heatmapFromFigure(
      attentionHeatmapFigure(uniform(45, 40), {
        queryTokens: Array.from({ length: 45 }, (_, i) => `c${i}`),
        keyTokens: Array.from({ length: 40 }, (_, j) => `word${j}`),
      }),
    );
    for (const width of [358, 700]) {
      const L = heatmapLayout(d, width, measure);
      expect(L.width).toBe(width); // no sideways overflow
      expect(L.left + L.cell * 40).toBeLessThanOrEqual(L.barX);
      expect(L.barX + L.barWidth).toBeLessThanOrEqual(width);
      expect(L.rotateX).toBe(true);
      // Labels drawn at least a font's height apart.
      expect(L.yStep * L.cell).toBeGreaterThanOrEqual(L.font + 1);
      expect(L.xStep * L.cell).toBeGreaterThanOrEqual(L.font + 1);
    }
  });

  it("keeps big square cells and every label for a short sentence, upright when they fit", () => {
    const short = heatmapFromFigure(
      attentionHeatmapFigure(uniform(3, 3), {
        queryTokens: ["车", "站", "在"],
        keyTokens: ["is", "it", "?"],
      }),
    );
    const L = heatmapLayout(short, 700, measure);
    expect(L.cell).toBe(36);
    expect(L.rotateX).toBe(false);
    expect(L.gap).toBe(1);
    expect([L.xStep, L.yStep]).toEqual([1, 1]);
    // A word wider than its cell turns the labels, and still every one is drawn.
    const long = heatmapFromFigure(
      attentionHeatmapFigure(uniform(3, 3), {
        queryTokens: ["车", "站", "在"],
        keyTokens: ["where", "station", "?"],
      }),
    );
    const M = heatmapLayout(long, 700, measure);
    expect(M.rotateX).toBe(true);
    expect([M.xStep, M.yStep]).toEqual([1, 1]);
    expect(M.height).toBeGreaterThan(L.height); // room for the turned labels
  });

  it("finds the cell under the pointer, none outside the cells", () => {
    const d = heatmapFromFigure(attentionHeatmapFigure(uniform(3, 4)));
    const L = heatmapLayout(d, 500, measure);
    expect(cellAt(L, d, L.left + 0.5 * L.cell, L.top + 2.5 * L.cell)).toEqual({ row: 2, col: 0 });
    expect(cellAt(L, d, L.left + 3.9 * L.cell, L.top + 0.1 * L.cell)).toEqual({ row: 0, col: 3 });
    expect(cellAt(L, d, L.left - 1, L.top + 1)).toBeUndefined();
    expect(cellAt(L, d, L.left + 4 * L.cell + 1, L.top + 1)).toBeUndefined();
    expect(cellAt(L, d, L.left + 1, L.top + 3 * L.cell + 1)).toBeUndefined();
  });
});

/** A 2-D context that records what is painted (fillRect colours, fillText strings). */
function fakeCanvas() {
  const rects: { x: number; y: number; w: number; h: number; color: string }[] = [];
  const texts: string[] = [];
  const ctx = {
    font: "",
    fillStyle: "" as unknown,
    textAlign: "left",
    textBaseline: "alphabetic",
    measureText: (t: string) => ({ width: 0.6 * 12 * t.length }),
    setTransform: () => {},
    clearRect: () => {},
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push({ x, y, w, h, color: String(this.fillStyle) });
    },
    fillText: (t: string) => void texts.push(t),
    save: () => {},
    restore: () => {},
    translate: () => {},
    rotate: () => {},
  };
  const canvas = { getContext: () => ctx, width: 0, height: 0, style: { width: "", height: "" } };
  return { canvas, rects, texts };
}

describe("canvas heatmap drawing", () => {
  it("paints one cell per weight on the site's colour scale, every label, titles and the colour bar", () => {
    const z = [
      [1, 0],
      [0.25, 0.75],
      [0, 1],
    ];
    const data = heatmapFromFigure(
      attentionHeatmapFigure(z, {
        queryTokens: ["车", "站", "?"],
        keyTokens: ["station", "?"],
        title: "Decoder layer 2 · head 1",
        labels: { query: "character", key: "word" },
      }),
    );
    const { canvas, rects, texts } = fakeCanvas();
    const L = draw(canvas as unknown as CanvasLike, data, 600, { fg: "#000", family: "sans-serif" }, 2);
    expect(canvas.width).toBe(2 * L.width);
    expect(canvas.style.height).toBe(`${L.height}px`);
    const cells = rects.filter((r) => r.x < L.barX);
    expect(cells).toHaveLength(6);
    expect(cells.map((r) => r.color)).toEqual(z.flat().map(heatmapColor));
    expect(cells[3]).toMatchObject({ x: L.left + L.cell, y: L.top + L.cell });
    for (const t of ["Decoder layer 2 · head 1", "车", "站", "station", "word", "character", "0", "0.5", "1"])
      expect(texts).toContain(t);
    expect(rects.filter((r) => r.x >= L.barX).length).toBeGreaterThan(10); // the colour bar's bands
  });
});

describe("canvas heatmap keyboard", () => {
  it("moves the marked cell with arrows, Home/End and PageUp/PageDown, never out of the grid", () => {
    const at = { row: 1, col: 1 };
    expect(moveCell(at, "ArrowRight", 3, 4)).toEqual({ row: 1, col: 2 });
    expect(moveCell(at, "ArrowLeft", 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCell(at, "ArrowUp", 3, 4)).toEqual({ row: 0, col: 1 });
    expect(moveCell(at, "ArrowDown", 3, 4)).toEqual({ row: 2, col: 1 });
    expect(moveCell(at, "Home", 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCell(at, "End", 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCell(at, "PageUp", 3, 4)).toEqual({ row: 0, col: 1 });
    expect(moveCell(at, "PageDown", 3, 4)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 0, col: 0 }, "ArrowUp", 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 2, col: 3 }, "ArrowRight", 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCell(at, "Tab", 3, 4)).toBeUndefined(); // focus leaves the heatmap as usual
  });

  it("names the cell as the pointer tooltip does, and centres the keyboard tooltip on the cell", () => {
    const d = heatmapFromFigure(
      attentionHeatmapFigure(uniform(2, 3), {
        queryTokens: ["车", "站"],
        keyTokens: ["where", "a&b", "?"],
        title: "t",
        labels: { query: "character", key: "word" },
      }),
    );
    expect(cellText(d, { row: 1, col: 1 })).toBe("character 站 → word a&b: 0.333");
    expect(cellText(d, { row: 2, col: 0 })).toBeUndefined();
    const L = heatmapLayout(d, 400, measure);
    const c = cellCenter(L, { row: 1, col: 2 });
    expect(cellAt(L, d, c.x, c.y)).toEqual({ row: 1, col: 2 });
  });
});
