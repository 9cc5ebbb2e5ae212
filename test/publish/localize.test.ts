// Localisation of outputs (src/lib/publish/localize.ts) and the English-on-zh count
// (src/lib/publish/englishCheck.ts) on small fixtures, including what they must leave alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { englishWords, figureTexts, pageEnglish } from "../../src/lib/publish/englishCheck";
import type { StringTable } from "../../src/lib/publish/localize";
import {
  formatNumberText,
  formatTableNumbers,
  Localizer,
  readStringTable,
} from "../../src/lib/publish/localize";
import { notebookToMdx } from "../../src/lib/publish/notebook";
import { figureId } from "../../src/lib/publish/site";
import type { Notebook } from "../../src/lib/publish/types";

const table: StringTable = {
  strings: {
    "Attention weights": "注意力权重",
    query: "查询",
    key: "键",
    "weight %{z:.3f}": "权重 %{z:.3f}",
    "Energy per run": "每次运行的能耗",
    "{n} sentences": "{n} 句",
    "{n} sentences of {lang}": "{n} 句{lang}",
    English: "英文",
    "Training run of {date} on {hw}": "训练运行于 {date}，{hw}",
    "{cpu} ({n} logical CPUs)": "{cpu}（{n} 个逻辑 CPU）",
    "Causal self-attention (rows: queries, columns: keys)": "因果自注意力（行：查询，列：键）",
    greedy: "贪心解码",
    decoding: "解码方式",
    "mean tokens": "平均词元数",
    "**Training**: {s} steps in {m} min (estimated).": "**训练**：{s} 步，{m} 分钟（估算）。",
  },
  allow: ["CPU", "BLEU", "AMD", "EPYC", "ipynb"],
  dataColumns: ["English"],
};
const zh = () => new Localizer(table, "zh-Hans");

describe("the localiser", () => {
  it("translates whole strings, and templates with the run's values in the locale's number format", () => {
    const l = zh();
    expect(l.text("Attention weights")).toBe("注意力权重");
    expect(l.text("12345 sentences")).toBe("12,345 句");
    // The template with more literal text wins; a caught text in the table is translated.
    expect(l.text("3 sentences of English")).toBe("3 句英文");
    expect(l.text("Training run of 2026-11-29 on AMD EPYC (2 logical CPUs)")).toBe(
      "训练运行于 2026-11-29，AMD EPYC（2 个逻辑 CPU）",
    );
    expect(l.text("Causal self-attention (rows: queries, columns:<br>keys)")).toBe(
      "因果自注意力（行：查询，列：键）",
    );
    expect(l.text("no such string")).toBe("no such string");
    expect([...l.missing]).toEqual(["no such string"]);
    expect(formatNumberText("1234567.50", "zh-Hans")).toBe("1,234,567.50");
    expect(formatNumberText("1554", "zh-Hans")).toBe("1554");
  });

  it("writes the numbers of an output table in the page's format, in both locales, and nothing else", () => {
    const html =
      "<table><caption>Run of 2026-11-30 (load 1.5)</caption><thead><tr><th>quantity</th><th>value</th></tr></thead>" +
      "<tbody><tr><td>characters</td><td>7266187</td></tr><tr><td>poems / characters</td><td>53181 / 3422015</td></tr>" +
      "<tr><td>year</td><td>2026</td></tr><tr><td>energy (J)</td><td>2.908e+4</td></tr>" +
      "<tr><td>date</td><td>2026-11-30</td></tr><tr><td>rate</td><td>12345.50</td></tr></tbody></table>";
    const cells = (h: string) => [...h.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells(formatTableNumbers(html, "en"))).toEqual([
      "characters",
      "7,266,187",
      "poems / characters",
      "53,181 / 3,422,015",
      "year",
      "2026",
      "energy (J)",
      "2.908e+4",
      "date",
      "2026-11-30",
      "rate",
      "12,345.50",
    ]);
    // Real tables right-align numeric cells; ids, fractions without spaces and stray commas are not numbers.
    const aligned = '<tr><td align="right">12345</td><td>00042</td><td>1/2</td><td>1,2</td></tr>';
    expect(formatTableNumbers(aligned, "en")).toBe(
      '<tr><td align="right">12,345</td><td>00042</td><td>1/2</td><td>1,2</td></tr>',
    );
    // The zh-Hans localiser formats the same cells the same way (and translates the rest).
    const zhCells = cells(zh().html(html));
    expect(zhCells[1]).toBe("7,266,187");
    expect(zhCells[3]).toBe("53,181 / 3,422,015");
  });

  it("keeps data cells as they are, but translates a marker written in place of data such as (none)", () => {
    const l = new Localizer(
      { ...table, strings: { ...table.strings, "(none)": "（无）", none: "无" } },
      "zh-Hans",
    );
    const html =
      "<table><thead><tr><th>decoding</th><th>English</th></tr></thead><tbody>" +
      "<tr><td>greedy</td><td>(none)</td></tr><tr><td>greedy</td><td>none</td></tr>" +
      "<tr><td>greedy</td><td>(not in the table)</td></tr></tbody></table>";
    const cells = [...l.html(html).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(["贪心解码", "（无）", "贪心解码", "none", "贪心解码", "(not in the table)"]);
  });

  it("localises a figure's title, axes, legend names and hover labels, and leaves heatmap tokens alone", () => {
    const fig = {
      data: [
        {
          type: "heatmap",
          x: ["the", "key"],
          y: ["the", "key"],
          z: [[1]],
          name: "query",
          hovertemplate: "query %{y}<br>key %{x}<br>weight %{z:.3f}<extra></extra>",
        },
        { type: "bar", x: ["greedy"], y: [1], name: "key" },
      ],
      layout: {
        title: { text: "Attention weights" },
        xaxis: { title: { text: "key" }, ticktext: ["the", "query"] },
        yaxis: { title: "query" },
        annotations: [{ text: "Energy per run" }],
      },
    };
    const out = zh().figure(fig);
    expect(out.layout.title.text).toBe("注意力权重");
    expect(out.layout.xaxis.title.text).toBe("键");
    expect(out.layout.xaxis.ticktext).toEqual(["the", "查询"]);
    expect(out.layout.yaxis.title).toBe("查询");
    expect(out.layout.annotations[0]!.text).toBe("每次运行的能耗");
    expect(out.data[0]!.x).toEqual(["the", "key"]); // heatmap tokens are the input
    expect(out.data[0]!.hovertemplate).toBe("查询 %{y}<br>键 %{x}<br>权重 %{z:.3f}<extra></extra>");
    expect(out.data[1]!.x).toEqual(["贪心解码"]);
    expect(fig.layout.title.text).toBe("Attention weights"); // the input is not modified
  });

  it("localises an output table's caption, headers and label cells, keeps data columns, escapes again", () => {
    const html =
      '<table><caption>Energy per run</caption><thead><tr><th>English</th><th>decoding</th><th align="right">mean tokens</th></tr></thead>' +
      '<tbody><tr><td>I like &lt;cats&gt;.</td><td>greedy</td><td align="right">12345.5</td></tr></tbody></table>';
    expect(zh().html(html)).toBe(
      '<table><caption>每次运行的能耗</caption><thead><tr><th>英文</th><th>解码方式</th><th align="right">平均词元数</th></tr></thead>' +
        '<tbody><tr><td>I like &lt;cats&gt;.</td><td>贪心解码</td><td align="right">12,345.5</td></tr></tbody></table>',
    );
  });

  it("localises markdown outputs line by line and leaves code blocks alone", () => {
    const md = "- **Training**: 1554 steps in 19.3 min (estimated).\n\n```text\ngreedy\n```\n";
    expect(zh().markdown(md)).toBe("- **训练**：1554 步，19.3 分钟（估算）。\n\n```text\ngreedy\n```\n");
  });

  it("refuses a table whose translation uses a placeholder the English key lacks, naming file and entry", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "strings-")), "strings.json");
    fs.writeFileSync(file, JSON.stringify({ strings: { "{n} runs": "{count} 次运行" } }));
    expect(() => readStringTable(file)).toThrow(`${file}: strings["{n} runs"] uses {count}`);
    fs.writeFileSync(file, JSON.stringify({ strngs: {} }));
    expect(() => readStringTable(file)).toThrow(/unknown key "strngs"/);
  });
});

describe("the English count", () => {
  const allow = new Set(table.allow);

  it("counts English words, not quotations, citations, code names or allowed words", () => {
    expect(englishWords("Energy per run", allow)).toEqual(["Energy", "per", "run"]);
    expect(
      englishWords(
        '“Great” 的例子 "a fine film" （Vaswani et al., 2017）BLEU CPU data/energy/ledger.jsonl estimated:tdp scaledDotProductAttention',
        allow,
      ),
    ).toEqual([]);
  });

  it("reads the visible text of a figure (not its data)", () => {
    const texts = figureTexts({
      data: [{ type: "heatmap", x: ["token"], name: "only trace", hovertemplate: "query %{y}" }],
      layout: { title: { text: "Attention<br>weights" } },
    });
    expect(texts.map((t) => t.trim())).toEqual(["Attention weights", "query"]);
  });

  it("fails a zh page whose chart and table are English, and passes it once the table translates them", () => {
    const nb: Notebook = {
      nbformat: 4,
      cells: [
        { cell_type: "markdown", source: "# 标题\n\n正文。" },
        {
          cell_type: "code",
          source: "show()",
          outputs: [
            {
              output_type: "display_data",
              data: {
                "application/vnd.plotly.v1+json": {
                  data: [{ type: "bar", x: ["greedy"], y: [1] }],
                  layout: { title: { text: "Energy per run" } },
                },
              },
            },
            {
              output_type: "display_data",
              data: { "text/html": "<table><caption>12 sentences</caption><tr><td>1</td></tr></table>" },
            },
            { output_type: "stream", name: "stdout", text: "printed English is code output\n" },
          ],
        },
      ],
    };
    const count = (strings?: Localizer) => {
      const figures = new Map<string, unknown>();
      const imports: string[] = [];
      const page = notebookToMdx(nb, {
        name: "99-fixture",
        sourceUrl: "@site/notebooks/99-fixture.ipynb",
        assets: {
          writeFile: (f) => f,
          importJson: (f, v) => {
            figures.set(figureId(f), v);
            imports.push(`import ${figureId(f)} from "@site/x/${f}";`);
            return figureId(f);
          },
        },
        imports: () => imports,
        locale: "zh-Hans",
        translation: { title: "夹具", note: "" },
        strings,
      });
      return pageEnglish(page.mdx, figures, allow);
    };
    expect(count().outputs.sort()).toEqual(["Energy", "greedy", "per", "run", "sentences"]);
    expect(count(zh())).toEqual({ prose: [], outputs: [] });
  });
});
