/**
 * Two baselines for SST-2 (browser-safe):
 *
 * - majority class: always the most frequent training label. Its accuracy is the share of that
 *   label in the evaluation set; it costs nothing to "train" or run.
 * - lexicon (AFINN-165 via the `sentiment` npm package, Nielsen 2011): sum the word scores
 *   (−5 … +5; a score after a negator such as "not" or "isn't" is flipped), positive if the sum
 *   is > 0, negative if < 0, and the majority class on a tie (0 words found or a zero sum).
 *   SST-2's text splits clitics ("does n't", "it 's"); we join them back first so that the
 *   package's negator list ("doesn't", "isn't") matches.
 */
import Sentiment from "sentiment";

export function majorityClass(labels: readonly number[]): 0 | 1 {
  const positives = labels.filter((l) => l === 1).length;
  return positives * 2 >= labels.length ? 1 : 0;
}

/** "does n't work , it 's bad" → "doesn't work, it's bad" (the reverse of the SST-2 normalizer, roughly). */
export function detokenizeSst2(text: string): string {
  return text
    .replace(/\b(ca|wo) n't\b/g, (_, w: string) => (w === "ca" ? "can't" : "won't"))
    .replace(/ n't\b/g, "n't")
    .replace(/ '(s|re|ve|ll|d|m)\b/g, "'$1")
    .replace(/ ([,.;:!?)])/g, "$1")
    .replace(/\( /g, "(");
}

export interface LexiconScore {
  /** AFINN sum after negation. */
  score: number;
  /** Predicted label (ties → tieLabel). */
  label: 0 | 1;
  /** Lexicon words found. */
  words: string[];
}

export class LexiconClassifier {
  private readonly analyzer = new Sentiment();

  /** @param tieLabel label for a zero score (default 1, SST-2's training majority). */
  constructor(readonly tieLabel: 0 | 1 = 1) {}

  score(text: string): LexiconScore {
    const r = this.analyzer.analyze(detokenizeSst2(text));
    const label = r.score > 0 ? 1 : r.score < 0 ? 0 : this.tieLabel;
    return { score: r.score, label, words: r.words };
  }

  predict(texts: readonly string[]): (0 | 1)[] {
    return texts.map((t) => this.score(t).label);
  }
}
