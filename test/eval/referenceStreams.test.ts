import { describe, expect, it } from "vitest";
import { corpusBleu } from "../../src/lib/eval/bleu";
import { corpusChrf } from "../../src/lib/eval/chrf";
import { referenceStreams } from "../../src/lib/eval/referenceStreams";

describe("referenceStreams", () => {
  it("turns one reference per hypothesis into one stream and keeps several streams as given", () => {
    expect(referenceStreams("f", ["a", "b"], ["x", "y"])).toEqual([["x", "y"]]);
    expect(referenceStreams("f", ["a"], [["x"], ["z"]])).toEqual([["x"], ["z"]]);
  });

  it("names the metric and the stream whose length differs from the hypotheses", () => {
    const message = /reference stream 1 has 1 lines but there are 2 hypotheses/;
    expect(() => corpusBleu(["a", "b"], [["x", "y"], ["z"]])).toThrow(
      new RegExp(`corpusBleu: ${message.source}`),
    );
    expect(() => corpusChrf(["a", "b"], [["x", "y"], ["z"]])).toThrow(
      new RegExp(`corpusChrf: ${message.source}`),
    );
  });
});
