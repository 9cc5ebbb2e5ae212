/**
 * Corpus chrF (Popović, 2015) with sacreBLEU 2.x defaults, browser-safe: character n-grams up to
 * order 6, β = 2, whitespace removed before counting, no word n-grams (chrF, not chrF++),
 * statistics summed over the corpus, then precision and recall averaged over the orders that
 * occur in both hypothesis and reference ("effective order"), then F_β. Scale 0–100.
 * With several references, each sentence keeps the reference with the best sentence-level F.
 */
import { pySplit } from "./bleu";
import { referenceStreams } from "./referenceStreams";
import type { References } from "./referenceStreams";

export interface ChrfOptions {
  /** Maximum character n-gram order (default 6). */
  order?: number;
  /** Recall weight β (default 2). */
  beta?: number;
  /** Keep whitespace inside n-grams (default false, as sacreBLEU). */
  whitespace?: boolean;
  lowercase?: boolean;
}

export interface ChrfScore {
  /** chrF on a 0–100 scale. */
  score: number;
  /** [hyp n-grams, ref n-grams, matches] per order, summed over the corpus. */
  stats: Array<[number, number, number]>;
}

function charNgrams(chars: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join("");
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Per-order [hyp, ref, match] counts for one sentence pair (sacreBLEU `_get_match_statistics`). */
export function chrfSentenceStats(
  hypothesis: string,
  reference: string,
  options: ChrfOptions = {},
): Array<[number, number, number]> {
  const order = options.order ?? 6;
  const prep = (s: string) => {
    const t = options.lowercase ? s.toLowerCase() : s;
    return Array.from(options.whitespace ? t : pySplit(t).join("")); // code points, as Python
  };
  const h = prep(hypothesis);
  const r = prep(reference);
  const out: Array<[number, number, number]> = [];
  for (let n = 1; n <= order; n++) {
    const hg = charNgrams(h, n);
    const rg = charNgrams(r, n);
    let hypCount = 0;
    let match = 0;
    for (const [g, c] of hg) {
      hypCount += c;
      match += Math.min(c, rg.get(g) ?? 0);
    }
    let refCount = 0;
    for (const c of rg.values()) refCount += c;
    // sacreBLEU does not count hypothesis n-grams when the reference has none of that order.
    out.push([rg.size > 0 ? hypCount : 0, refCount, match]);
  }
  return out;
}

/** F_β from summed statistics with sacreBLEU's effective-order averaging. */
export function chrfFromStats(stats: ReadonlyArray<readonly [number, number, number]>, beta = 2): number {
  const factor = beta * beta;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (const [nHyp, nRef, nMatch] of stats) {
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** Corpus chrF; `references` as in `corpusBleu` (one string per hypothesis, or several streams). */
export function corpusChrf(
  hypotheses: readonly string[],
  references: References,
  options: ChrfOptions = {},
): ChrfScore {
  const order = options.order ?? 6;
  const beta = options.beta ?? 2;
  const streams = referenceStreams("corpusChrf", hypotheses, references);
  const total: Array<[number, number, number]> = Array.from({ length: order }, () => [0, 0, 0]);
  hypotheses.forEach((hyp, i) => {
    let best: Array<[number, number, number]> = [];
    let bestF = -1;
    for (const s of streams) {
      const st = chrfSentenceStats(hyp, s[i]!, options);
      const f = chrfFromStats(st, beta);
      if (f > bestF) {
        bestF = f;
        best = st;
      }
    }
    best.forEach((t, n) => {
      total[n]![0] += t[0];
      total[n]![1] += t[1];
      total[n]![2] += t[2];
    });
  });
  return { score: chrfFromStats(total, beta), stats: total };
}
