import { describe, expect, it } from "vitest";
import { bleuFromStats, corpusBleu, isZhTokenChar, tokenizeZh } from "../../src/lib/eval/bleu";

// Expected values were computed by hand (shown) and checked against sacreBLEU 2.6.0
// (`BLEU(tokenize="zh").corpus_score(hyps, [refs])`).
describe("tokenizeZh (sacreBLEU 'zh')", () => {
  it("splits every CJK character and keeps Latin words and decimals whole", () => {
    expect(tokenizeZh("Tom 喜欢 3.5 个苹果, “好”—ok… it's")).toEqual(
      "Tom 喜 欢 3.5 个 苹 果 , “ 好 ” — ok … it's".split(" "),
    );
  });

  it("treats full-width punctuation as CJK tokens", () => {
    expect(tokenizeZh("你好！（测试）")).toEqual(["你", "好", "！", "（", "测", "试", "）"]);
  });

  it("reproduces sacreBLEU's range quirk: “ counts as CJK, astral Extension B does not", () => {
    expect(isZhTokenChar("“")).toBe(true);
    expect(isZhTokenChar("\u{20000}")).toBe(false);
    expect(isZhTokenChar("a")).toBe(false);
  });
});

describe("corpusBleu", () => {
  it("an exact match scores 100", () => {
    const s = corpusBleu(["我爱你。"], ["我爱你。"]);
    expect(s.score).toBeCloseTo(100, 10);
    expect(s.counts).toEqual([4, 3, 2, 1]);
    expect(s.bp).toBe(1);
  });

  it("an empty hypothesis scores 0 with brevity penalty 0", () => {
    const s = corpusBleu([""], ["我爱你。"]);
    expect(s.score).toBe(0);
    expect(s.bp).toBe(0);
    expect(s.sysLen).toBe(0);
    expect(s.refLen).toBe(4);
  });

  it("no matching n-gram gives 0 even with smoothing", () => {
    const s = corpusBleu(["他们"], ["我爱你"]);
    expect(s.score).toBe(0);
    expect(s.totals).toEqual([2, 1, 0, 0]);
  });

  it("a hypothesis longer than the reference has no brevity penalty; missing 4-grams use exp smoothing", () => {
    // p1 = 4/7, p2 = 2/6, p3 = 1/5, p4 = 0/4 → 1/(2·4) (exp smoothing); BLEU = 100·(p1·p2·p3·p4)^(1/4)
    const s = corpusBleu(["我爱你们大家。"], ["我爱你。"]);
    const expected = 100 * Math.pow((4 / 7) * (2 / 6) * (1 / 5) * (1 / 8), 1 / 4);
    expect(s.bp).toBe(1);
    expect(s.counts).toEqual([4, 2, 1, 0]);
    expect(s.score).toBeCloseTo(expected, 10);
    expect(s.score).toBeCloseTo(26.269098944241588, 10);
  });

  it("without smoothing a zero 4-gram precision gives 0", () => {
    expect(corpusBleu(["我爱你们大家。"], ["我爱你。"], { smooth: "none" }).score).toBe(0);
  });

  it("spaces in the hypothesis do not matter for Chinese", () => {
    expect(corpusBleu(["我 喜欢 猫"], ["我喜欢狗"]).score).toBeCloseTo(59.460355750136046, 10);
  });

  it("pools statistics over the corpus and applies the brevity penalty once", () => {
    // counts [11,7,3,2] / totals [12,10,8,6], hyp 12 vs ref 13 → BP = exp(1 − 13/12)
    const s = corpusBleu(["他在看书。", "今天天气很好。"], ["他在读书。", "今天的天气很好。"]);
    const expected = 100 * Math.exp(1 - 13 / 12) * Math.pow((11 / 12) * (7 / 10) * (3 / 8) * (2 / 6), 1 / 4);
    expect(s.counts).toEqual([11, 7, 3, 2]);
    expect(s.score).toBeCloseTo(expected, 10);
    expect(s.score).toBeCloseTo(48.962509205477666, 10);
  });

  it("mixed Latin, digits and punctuation match sacreBLEU", () => {
    expect(corpusBleu(["Tom 喜欢 3.5 个苹果, “好”"], ["Tom喜欢3.5个苹果，“好”"]).score).toBeCloseTo(
      70.16879391277372,
      10,
    );
  });

  it("clips matches by the most frequent reference count over several references", () => {
    // hyp 的的的的 ; refs 的 and 的的 → 1-gram matches clipped at 2
    const s = corpusBleu(["的的的的"], [["的"], ["的的"]]);
    expect(s.counts[0]).toBe(2);
    expect(s.refLen).toBe(2); // closest reference length to 4
    expect(s.score).toBeCloseTo(31.947155212313625, 10);
  });

  it("rejects streams of different lengths with a helpful message", () => {
    expect(() => corpusBleu(["a", "b"], ["a"])).toThrow(/one reference per hypothesis/);
  });

  it("bleuFromStats with floor smoothing matches the formula", () => {
    const s = bleuFromStats([2, 1, 0, 0], [3, 2, 1, 0], 3, 3, "floor", 0.1);
    // total 4-grams = 0 stops the loop: p4 stays 0 → score 0 (sacreBLEU behaviour)
    expect(s.score).toBe(0);
    expect(s.precisions[2]).toBeCloseTo(10, 10);
  });
});
