import { describe, expect, it } from "vitest";
import { chrfFromStats, chrfSentenceStats, corpusChrf } from "../../src/lib/eval/chrf";

// Expected values checked against sacreBLEU 2.6.0 `CHRF().corpus_score(hyps, [refs])`.
describe("corpusChrf", () => {
  it("an exact match scores 100", () => {
    expect(corpusChrf(["我爱你。"], ["我爱你。"]).score).toBeCloseTo(100, 10);
  });

  it("an empty hypothesis scores 0", () => {
    expect(corpusChrf([""], ["我爱你。"]).score).toBe(0);
  });

  it("no common character scores 0", () => {
    expect(corpusChrf(["他们"], ["我爱你"]).score).toBe(0);
  });

  it("a longer hypothesis: precision and recall averaged over the orders present in both", () => {
    // hyp 我爱你们大家。 (7 chars), ref 我爱你。 (4 chars); orders 1..4 are present in both.
    // matches: n=1 4, n=2 2, n=3 1, n=4 0; hyp n-grams 7,6,5,4; ref n-grams 4,3,2,1
    const P = (4 / 7 + 2 / 6 + 1 / 5 + 0 / 4) / 4;
    const R = (4 / 4 + 2 / 3 + 1 / 2 + 0 / 1) / 4;
    const expected = (100 * 5 * P * R) / (4 * P + R);
    const s = corpusChrf(["我爱你们大家。"], ["我爱你。"]);
    expect(s.score).toBeCloseTo(expected, 10);
    expect(s.score).toBeCloseTo(45.43263436972764, 10);
  });

  it("ignores whitespace", () => {
    expect(corpusChrf(["我 喜欢 猫"], ["我喜欢狗"]).score).toBeCloseTo(47.91666666666667, 10);
  });

  it("sums statistics over the corpus before averaging", () => {
    expect(
      corpusChrf(["他在看书。", "今天天气很好。"], ["他在读书。", "今天的天气很好。"]).score,
    ).toBeCloseTo(39.191759705798155, 10);
    expect(corpusChrf(["Tom 喜欢 3.5 个苹果, “好”"], ["Tom喜欢3.5个苹果，“好”"]).score).toBeCloseTo(
      74.37895437895436,
      10,
    );
  });

  it("does not count hypothesis n-grams of an order the reference lacks", () => {
    const st = chrfSentenceStats("abcdefg", "ab");
    expect(st[2]).toEqual([0, 0, 0]); // no reference 3-grams → hypothesis 3-grams not counted
    expect(chrfFromStats(st)).toBeGreaterThan(0);
  });
});
