import { describe, expect, it } from "vitest";
import { shortNotebookLabel } from "../../sidebars.labels";

describe("short numbered notebook labels", () => {
  it.each([
    ["01-deriving-attention.mdx", "Deriving attention", "01 · Deriving attention"],
    [
      "03-sentiment.mdx",
      "03 · Sentiment on SST-2: what attention costs next to a word list",
      "03 · Sentiment on SST-2",
    ],
    ["05-energy.mdx", "Energy: measuring our runs and scaling them up", "05 · Energy"],
    ["01-deriving-attention.mdx", "逐步推导注意力，每一步都经过验证", "01 · 逐步推导注意力"],
    ["04-translation.mdx", "04 · 英译中：编码器–解码器 Transformer、BLEU 及其能耗", "04 · 英译中"],
  ])("%s titled %j reads %j", (file, title, label) => {
    expect(shortNotebookLabel(file, title)).toBe(label);
  });

  it("leaves a page without a number in its file name alone", () => {
    expect(shortNotebookLabel("intro.mdx", "Introduction")).toBeUndefined();
  });
});
