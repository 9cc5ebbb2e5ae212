import { describe, expect, it } from "vitest";
import type { AssetSink } from "../../src/lib/publish/outputs";
import { renderOutputs, sanitizeOutputHtml } from "../../src/lib/publish/outputs";
import { Slugger } from "../../src/lib/publish/text";
import type { Output } from "../../src/lib/publish/types";
import { compileMdx } from "./compileMdx";

function fakeSink() {
  const files = new Map<string, Buffer | string>();
  const json = new Map<string, unknown>();
  const sink: AssetSink = {
    writeFile(name, data) {
      files.set(name, data);
      return `@site/assets/${name}`;
    },
    importJson(name, value) {
      json.set(name, value);
      return `fig_${json.size}`;
    },
  };
  return { sink, files, json };
}

function render(outputs: Output[], sink = fakeSink().sink) {
  return renderOutputs(outputs, {
    cellIndex: 3,
    assets: sink,
    markdown: { slugger: new Slugger() },
    locale: "en",
  });
}

describe("renderOutputs text", () => {
  it("strips ANSI codes and keeps only the last redraw of a progress line", () => {
    const [out] = render([
      { output_type: "stream", name: "stdout", text: "\u001b[32mgreen\u001b[0m\nstep 1\rstep 2\n" },
    ]);
    expect(out).toContain("```text\ngreen\nstep 2\n```");
    expect(out).not.toContain("\u001b");
  });

  it("merges consecutive writes to the same stream and keeps stderr apart", () => {
    const parts = render([
      { output_type: "stream", name: "stdout", text: "a\n" },
      { output_type: "stream", name: "stdout", text: ["b\n"] },
      { output_type: "stream", name: "stderr", text: "warn\n" },
    ]);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain("a\nb");
    expect(parts[1]).toContain('kind="stderr"');
  });

  it("collapses long output and says how long it is", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n");
    const [out] = render([{ output_type: "stream", name: "stdout", text }]);
    expect(out).toContain("lines={50}");
    expect(out).toContain("line 49");
  });

  it("uses a fence longer than any backtick run in the output", () => {
    const [out] = render([{ output_type: "stream", name: "stdout", text: "```\n{x}\n```" }]);
    expect(out).toContain("````text\n```\n{x}\n```\n````");
  });
});

describe("renderOutputs errors", () => {
  it("shows the error name, value and traceback, without ANSI codes", () => {
    const [out] = render([
      {
        output_type: "error",
        ename: "TypeError",
        evalue: "bad {shape}",
        traceback: ["\u001b[31mTypeError: bad {shape}\u001b[0m", "    at <anonymous>:1:1"],
      },
    ]);
    expect(out).toContain('kind="error"');
    expect(out).toContain('title={"TypeError: bad {shape}"}');
    expect(out).toContain("TypeError: bad {shape}\n    at <anonymous>:1:1");
  });

  it("keeps an error that has no traceback", () => {
    const [out] = render([{ output_type: "error", ename: "Error", evalue: "boom" }]);
    expect(out).toContain("Error: boom");
  });
});

describe("renderOutputs rich data", () => {
  const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "t" } } };

  it("turns Plotly JSON stored as a string into an interactive chart", () => {
    const { sink, json } = fakeSink();
    const [out] = render(
      [
        {
          output_type: "display_data",
          data: { "application/vnd.plotly.v1+json": JSON.stringify(fig), "text/plain": "<Figure>" },
        },
      ],
      sink,
    );
    expect(out).toContain("<PlotlyChart figure={fig_1} />");
    expect(json.get("cell3-0.plotly.json")).toEqual(fig);
  });

  it("falls back to text/plain when the Plotly JSON is malformed", () => {
    const [out] = render([
      {
        output_type: "display_data",
        data: { "application/vnd.plotly.v1+json": "{oops", "text/plain": "fallback" },
      },
    ]);
    expect(out).toContain("fallback");
    expect(out).not.toContain("PlotlyChart");
  });

  it("writes PNG images as files", () => {
    const { sink, files } = fakeSink();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString("base64");
    const [out] = render([{ output_type: "display_data", data: { "image/png": png + "\n" } }], sink);
    expect(out).toContain("![Output of cell 3](@site/assets/cell3-0.png)");
    expect((files.get("cell3-0.png") as Buffer).subarray(0, 4)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    );
  });

  it("keeps a text/latex output with a $$ line inside one math block", async () => {
    const [out] = render([
      { output_type: "display_data", data: { "text/latex": "$$\n</div><script>x</script>\n$$\n{x}" } },
    ]);
    expect(out).toContain('kind="math"');
    expect(out).toContain("$$$\n</div><script>x</script>\n$$\n{x}\n$$$");
    const js = await compileMdx(out!, { katex: "render" });
    expect(js).not.toMatch(/_jsx\("script"/);
  });

  it("publishes text/markdown as escaped markdown", () => {
    const [out] = render([{ output_type: "display_data", data: { "text/markdown": "export the {model}" } }]);
    expect(out).toContain("&#x65;xport the \\{model}");
  });

  it("keeps the first and last lines of a text output over the size limit", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");
    const [out] = renderOutputs([{ output_type: "stream", name: "stdout", text }], {
      cellIndex: 3,
      assets: fakeSink().sink,
      markdown: { slugger: new Slugger() },
      locale: "en",
      maxTextChars: 1000,
    });
    expect(out).toContain("line 0\n");
    expect(out).toContain("line 999");
    expect(out).not.toContain("line 500");
    expect(out).toMatch(
      /\[… [\d,]+ lines \(\d+ kB\) left out here; the full output is in the \.ipynb file …\]/,
    );
  });

  it("never drops an output it cannot show", () => {
    const [out] = render([{ output_type: "display_data", data: { "application/x-unknown": 1 } }]);
    expect(out).toContain("application/x-unknown");
  });
});

describe("sanitizeOutputHtml", () => {
  const hostile = [
    '<table onclick="steal()"><tr><td style="color:red">1</td></tr></table>',
    "<script>alert('x')</script>",
    '<a href="javascript:alert(1)">click</a>',
    '<img src="x" onerror="alert(1)">',
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<form action="https://evil.example"><input name="p"></form>',
  ].join("");

  it("removes scripts, handlers, styles, frames, forms and javascript: URLs", () => {
    const clean = sanitizeOutputHtml(hostile);
    expect(clean).not.toMatch(
      /script|onclick|onerror|style=|iframe|javascript:|data:text|<form|<input|src="x"/i,
    );
  });

  it("keeps tables, safe links and data: images", () => {
    const html =
      '<table><tr><th>k</th><td>v</td></tr></table><a href="https://example.org">ok</a><img src="data:image/png;base64,AAAA" alt="p">';
    const clean = sanitizeOutputHtml(html);
    expect(clean).toContain("<table><tr><th>k</th><td>v</td></tr></table>");
    expect(clean).toContain('href="https://example.org"');
    expect(clean).toContain('src="data:image/png;base64,AAAA"');
  });
});
