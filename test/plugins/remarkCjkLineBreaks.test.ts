// remarkCjkLineBreaks (src/plugins/remarkCjkLineBreaks.ts): a paragraph wrapped between two Chinese
// characters renders without the line break (Chromium draws it as a space); breaks next to Latin
// text, in English text and inside code stay.
import * as runtime from "react/jsx-runtime";
import React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { run } from "@mdx-js/mdx";
import { describe, expect, it } from "vitest";
import { joinCjkLines } from "../../src/plugins/remarkCjkLineBreaks";
import { compileMdx } from "../publish/compileMdx";

async function render(mdx: string): Promise<string> {
  const code = await compileMdx(mdx, { functionBody: true });
  const mod = await run(code, { ...runtime, baseUrl: import.meta.url } as Parameters<typeof run>[1]);
  return renderToStaticMarkup(React.createElement(mod.default));
}

describe("remarkCjkLineBreaks", () => {
  it("joins lines wrapped between two CJK characters and nothing else", () => {
    expect(joinCjkLines("慢多少由测量。\n同样的硬件上")).toBe("慢多少由测量。同样的硬件上");
    expect(joinCjkLines("第一句，  \n  第二句（见文件）\r\n。")).toBe("第一句，第二句（见文件）。");
    expect(joinCjkLines("单线程的 TensorFlow.js WebAssembly\n后端")).toBe(
      "单线程的 TensorFlow.js WebAssembly\n后端",
    );
    expect(joinCjkLines("能导入\n`torch`")).toBe("能导入\n`torch`");
    expect(joinCjkLines("two lines\nof English")).toBe("two lines\nof English");
  });

  it("renders a wrapped Chinese paragraph without the break, keeping code as written", async () => {
    const html = await render(
      [
        "代码越慢，完成同样的工作就越耗电。\n所以本项目记录每次运行。",
        "",
        "```text",
        "第一行\n第二行",
        "```",
      ].join("\n"),
    );
    expect(html).toContain("<p>代码越慢，完成同样的工作就越耗电。所以本项目记录每次运行。</p>");
    expect(html).toContain("第一行\n第二行");
    // next to a link or emphasis, on either side of the break
    expect(await render("见该文件。\n[工具](https://example.org)一章\n**逐一**介绍。")).toContain(
      '<p>见该文件。<a href="https://example.org">工具</a>一章<strong>逐一</strong>介绍。</p>',
    );
    expect(await render("*强调*\n继续，and\n[link](https://example.org)")).toContain(
      '<em>强调</em>继续，and\n<a href="https://example.org">link</a>',
    );
  });
});
