// hardwareWords (src/lib/format/hardwareWords.ts): the hardware lines the runner and the publisher
// write, in Chinese on zh pages and unchanged elsewhere.
import { describe, expect, it } from "vitest";
import { hardwareWords } from "../../src/lib/format/hardwareWords";

describe("hardwareWords", () => {
  it.each([
    ["AMD EPYC (2 logical CPUs)", "AMD EPYC (2 个逻辑 CPU)"],
    ["AMD EPYC, 2 logical CPUs", "AMD EPYC, 2 个逻辑 CPU"],
    [
      "Intel(R) Xeon(R) Processor, NVIDIA A100, 16 logical CPUs",
      "Intel(R) Xeon(R) Processor, NVIDIA A100, 16 个逻辑 CPU",
    ],
    ["unknown CPU (1 logical CPU)", "未知 CPU (1 个逻辑 CPU)"],
  ])("%s → %s on zh-Hans pages", (text, zh) => {
    expect(hardwareWords(text, "zh-Hans")).toBe(zh);
    expect(hardwareWords(text, "en")).toBe(text);
  });
});
