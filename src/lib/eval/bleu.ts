/**
 * Corpus BLEU (Papineni et al., 2002) following sacreBLEU 2.x conventions, browser-safe.
 *
 * - Tokenizers: "zh" (sacreBLEU's `TokenizerZh`: every character in its CJK ranges becomes a token,
 *   the rest goes through the mteval-v13a regular expressions), "13a" (without the HTML-entity
 *   unescaping), "char" (every non-space character), "none" (split on whitespace).
 * - Clipped n-gram matches up to order 4 (max count over references), brevity penalty against the
 *   closest reference length (ties → the shorter), statistics summed over the corpus first.
 * - Smoothing "exp" by default, as sacreBLEU's `BLEU()` / `corpus_bleu()` (it only matters when some
 *   n-gram order has zero matches); "none" and "floor" available. No match at all → 0.
 *
 * Scores are on sacreBLEU's 0–100 scale.
 */
import { referenceStreams } from "./referenceStreams";
import type { References } from "./referenceStreams";

export type BleuTokenizer = "zh" | "13a" | "char" | "none";
export type BleuSmoothing = "exp" | "none" | "floor";

export interface BleuOptions {
  /** Tokenizer applied to hypotheses and references (default "zh"). */
  tokenize?: BleuTokenizer;
  /** Smoothing of zero n-gram precisions (default "exp", sacreBLEU's default). */
  smooth?: BleuSmoothing;
  /** Value for "floor" smoothing (default 0.1, sacreBLEU's). */
  smoothValue?: number;
  /** Maximum n-gram order (default 4). */
  maxOrder?: number;
  /** Lower-case before tokenizing (default false). */
  lowercase?: boolean;
}

export interface BleuScore {
  /** BLEU on a 0–100 scale. */
  score: number;
  /** Matched (clipped) n-grams per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** Precisions per order, percent (after smoothing). */
  precisions: number[];
  /** Brevity penalty in [0, 1]. */
  bp: number;
  sysLen: number;
  refLen: number;
}

/**
 * sacreBLEU's `_UCODE_RANGES` as Python evaluates them on one character. Two entries are written
 * `'\u20000'` and `'\u2f800'` in the original, which Python reads as a BMP character followed by
 * a digit; compared with a single character they act as the ranges U+2001–U+2A6D and
 * U+2F81–U+2FA1 (general punctuation such as “ ” — …, arrows, maths symbols, …) and never match the
 * astral Extension B block. We reproduce that behaviour to give the same numbers as sacreBLEU.
 */
const ZH_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4db5],
  [0x4e00, 0x9fa5],
  [0x9fa6, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0x2001, 0x2a6d], // written ('\u20000', '\u2a6d6') in sacreBLEU
  [0x2f81, 0x2fa1], // written ('\u2f800', '\u2fa1d') in sacreBLEU
  [0xff00, 0xffef],
  [0x2e80, 0x2eff],
  [0x3000, 0x303f],
  [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf],
  [0x2ff0, 0x2fff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

/** True for characters sacreBLEU's "zh" tokenizer splits off as single tokens. */
export function isZhTokenChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  for (const [lo, hi] of ZH_RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

/** Python's `str.split()` whitespace (differs from JS `\s`: adds \x1c–\x1f and \x85, drops \ufeff). */
const PY_WHITESPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export function pySplit(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

/** Python's `str.strip()` with no argument. */
function pyStrip(s: string): string {
  return s.replace(new RegExp(`^${PY_WHITESPACE.source}|${PY_WHITESPACE.source}$`, "g"), "");
}

/** The mteval-v13a regular expressions (sacreBLEU `TokenizerRegexp`). */
function regexpTokenize(line: string): string {
  let s = line;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, " $1 "); // symbols and punctuation other than . , -
  s = s.replace(/([^0-9])([.,])/g, "$1 $2 "); // period/comma unless preceded by a digit
  s = s.replace(/([.,])([^0-9])/g, " $1 $2"); // period/comma unless followed by a digit
  s = s.replace(/([0-9])(-)/g, "$1 $2 "); // dash after a digit
  return pySplit(s).join(" ");
}

/** sacreBLEU "zh": space around each CJK-range character, then the 13a regular expressions. */
export function tokenizeZh(line: string): string[] {
  let spaced = "";
  for (const ch of pyStrip(line)) spaced += isZhTokenChar(ch) ? ` ${ch} ` : ch;
  return pySplit(regexpTokenize(spaced));
}

export function tokenizeBleu(line: string, tokenizer: BleuTokenizer): string[] {
  switch (tokenizer) {
    case "zh":
      return tokenizeZh(line);
    case "13a":
      return pySplit(regexpTokenize(` ${line.replace(/-\n/g, "").replace(/\n/g, " ")} `));
    case "char":
      return Array.from(pySplit(line).join(""));
    case "none":
      return pySplit(line);
  }
}

function ngramCounts(tokens: string[], maxOrder: number): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join("\u0001");
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** Reference length closest to the hypothesis length; ties go to the shorter reference. */
function closestRefLen(hypLen: number, refLens: number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const r of refLens) {
    const diff = Math.abs(hypLen - r);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = r;
    } else if (diff === bestDiff && r < best) best = r;
  }
  return best;
}

/**
 * Corpus BLEU. `references` is either one string per hypothesis or several reference streams
 * (`references[k][i]` is the k-th reference of hypothesis i), as sacreBLEU's `ref_streams`.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: References,
  options: BleuOptions = {},
): BleuScore {
  const tokenizer = options.tokenize ?? "zh";
  const smooth = options.smooth ?? "exp";
  const smoothValue = options.smoothValue ?? 0.1;
  const maxOrder = options.maxOrder ?? 4;
  const streams = referenceStreams("corpusBleu", hypotheses, references);
  const prep = (s: string) => tokenizeBleu((options.lowercase ? s.toLowerCase() : s).trimEnd(), tokenizer);

  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;
  for (let i = 0; i < hypotheses.length; i++) {
    const hyp = prep(hypotheses[i]!);
    const refNgrams = Array.from({ length: maxOrder }, () => new Map<string, number>());
    const refLens: number[] = [];
    for (const s of streams) {
      const ref = prep(s[i]!);
      refLens.push(ref.length);
      ngramCounts(ref, maxOrder).forEach((m, n) => {
        const target = refNgrams[n]!;
        for (const [g, c] of m) target.set(g, Math.max(target.get(g) ?? 0, c));
      });
    }
    sysLen += hyp.length;
    refLen += closestRefLen(hyp.length, refLens);
    ngramCounts(hyp, maxOrder).forEach((m, n) => {
      for (const [g, c] of m) {
        total[n]! += c;
        correct[n]! += Math.min(c, refNgrams[n]!.get(g) ?? 0);
      }
    });
  }
  return bleuFromStats(correct, total, sysLen, refLen, smooth, smoothValue);
}

/** BLEU from sufficient statistics (sacreBLEU `compute_bleu`, effective order off). */
export function bleuFromStats(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  smooth: BleuSmoothing = "exp",
  smoothValue = 0.1,
): BleuScore {
  const maxOrder = correct.length;
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(maxOrder).fill(0);
  const result = (score: number): BleuScore => ({
    score,
    counts: [...correct],
    totals: [...total],
    precisions,
    bp,
    sysLen,
    refLen,
  });
  if (!correct.some((c) => c > 0)) return result(0);
  let smoothMteval = 1;
  for (let n = 0; n < maxOrder; n++) {
    if (total[n] === 0) break;
    if (correct[n] === 0) {
      if (smooth === "exp") {
        smoothMteval *= 2;
        precisions[n] = 100 / (smoothMteval * total[n]!);
      } else if (smooth === "floor") precisions[n] = (100 * smoothValue) / total[n]!;
    } else precisions[n] = (100 * correct[n]!) / total[n]!;
  }
  // sacreBLEU's my_log: log(0) → -9999999999, which drives the score to 0.
  const logSum = precisions.reduce((acc, p) => acc + (p > 0 ? Math.log(p) : -9999999999), 0);
  return result(bp * Math.exp(logSum / maxOrder));
}
