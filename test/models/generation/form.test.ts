import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../../src/lib/backend";
import {
  GPT,
  formConstraint,
  formViolation,
  generate,
  parseForm,
  regularLineLength,
} from "../../../src/lib/models/generation";

beforeAll(async () => {
  await initBackend({ backend: "wasm", log: false });
});

describe("regularLineLength", () => {
  it.each([
    ["床前明月光，疑是地上霜。举头望明月，低头思故乡。", 5],
    ["朝辞白帝彩云间，千里江陵一日还。", 7],
    ["床前明月光，疑是地上霜。举头望明月，低头思故乡", null], // last line unclosed
    ["床前明月光，疑是地上。", null], // lines of different lengths
    ["床前明月，疑是地上。", null], // 4 characters per line
    ["床前明月光！疑是地上霜。", null], // other punctuation
    ["", null],
  ])("%s → %s", (poem, expected) => {
    expect(regularLineLength(poem)).toBe(expected);
  });
});

describe("parseForm", () => {
  it("reads 5x4 and 7x8, and rejects other shapes clearly", () => {
    expect(parseForm("5x4")).toEqual({ lineLength: 5, lines: 4 });
    expect(parseForm("7x8")).toEqual({ lineLength: 7, lines: 8 });
    expect(() => parseForm("5*4")).toThrow(/form must look like 5x4 or 7x4/);
    expect(() => parseForm("0x4")).toThrow(/form must look like/);
  });
});

describe("formConstraint", () => {
  // Ids: 0 PAD, 1 UNK, 2 BOS, 3 EOS, 4 ，, 5 。, 6 ！, 7… characters.
  const o = { lineLength: 5, lines: 4, commaId: 4, periodId: 5, eosId: 3, forbidden: [0, 1, 2, 6] };

  it("makes an untrained model write a 5x4 quatrain: ，and 。 in place, nothing else punctuated, then EOS", () => {
    const m = new GPT({
      vocabSize: 40,
      dModel: 16,
      heads: 2,
      layers: 1,
      contextLength: 32,
      dropout: 0,
      seed: 2,
    });
    for (const seed of [1, 2, 3]) {
      const out = generate(m, [7], {
        bosId: 2,
        eosId: 3,
        maxTokens: 60,
        temperature: 1.5,
        seed,
        processLogits: formConstraint(o),
      });
      const poem = [7, ...out];
      expect(poem.length).toBe(24); // stopped by the forced EOS
      poem.forEach((id, p) => {
        if (p % 6 === 5) expect(id).toBe(p % 12 === 5 ? 4 : 5);
        else expect([0, 1, 2, 3, 4, 5, 6]).not.toContain(id);
      });
      expect(formViolation(poem, o)).toBeNull();
    }
    m.dispose();
  });

  it("names the first position where a text breaks the form", () => {
    expect(formViolation([7, 8, 9, 10, 11, 5], o)).toMatch(/position 6 must be id 4/);
    expect(formViolation([7, 4], o)).toMatch(
      /position 2 is inside a line of the 5x4 form and may not be id 4/,
    );
  });
});
