import { describe, expect, it } from "vitest";
import { plainDescription } from "../../src/theme/DocItem/Metadata/plainDescription";

describe("doc descriptions as plain text", () => {
  it("writes a notebook's TeX as characters", () => {
    const d = plainDescription(
      "Notebook 01 derived \\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}\\!\\left(QK^\\top/\\sqrt{d_k} + M\\right)V. This notebook reads it.",
    );
    expect(d).not.toMatch(/\\|[{}]/);
    expect(d).toContain("Attention(Q, K, V)");
    expect(d).toContain("This notebook reads it.");
  });

  it("leaves a description without TeX unchanged", () => {
    expect(plainDescription("Energy and CO2e for a model")).toBe("Energy and CO2e for a model");
    expect(plainDescription(undefined)).toBeUndefined();
  });
});
