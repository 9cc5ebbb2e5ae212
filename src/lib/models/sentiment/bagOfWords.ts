/**
 * A bag-of-words logistic-regression baseline for SST-2 (browser-safe, plain arrays, no tensors).
 *
 * Features: the presence (0/1) of each word and, with ngrams = 2, of each pair of adjacent words, after the
 * classifier's own normalization (normalizeSst2Style + splitTokens), counted on the training split only.
 * Model: p(positive | x) = σ(w·x + b). Training: mini-batches of logistic loss with L2 on w, AdaGrad
 * step sizes per feature (rare words keep large steps), a seeded shuffle every epoch. Order inside a
 * phrase is invisible (with ngrams = 2, beyond adjacent pairs: "not good" becomes a feature of its own).
 */
import { normalizeSst2Style, splitTokens } from "../../tokenizers/sst2Style";
import { mulberry32, shuffleInPlace } from "../../util/random";

export interface LabeledRow {
  text: string;
  label: number;
}

export interface BagOfWordsConfig {
  /** 1: words only (default: a plain bag of words); 2: words and adjacent pairs. */
  ngrams?: 1 | 2;
  /** Keep a feature seen in at least this many training rows (default 1). */
  minCount?: number;
  /** Passes over the training rows (default 4). */
  epochs?: number;
  /** Rows per update (default 32). */
  batchSize?: number;
  /** AdaGrad base step size (default 0.5). */
  learningRate?: number;
  /** L2 penalty on the weights, per row (default 1e-6). */
  l2?: number;
  /** Seed of the shuffles (default 0). */
  seed?: number;
}

export type ResolvedBagOfWordsConfig = Required<BagOfWordsConfig>;

export function resolveBagOfWordsConfig(config: BagOfWordsConfig = {}): ResolvedBagOfWordsConfig {
  const c: ResolvedBagOfWordsConfig = {
    ngrams: 1,
    minCount: 1,
    epochs: 4,
    batchSize: 32,
    learningRate: 0.5,
    l2: 1e-6,
    seed: 0,
    ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)),
  };
  const bad = (field: string, accepted: string) => {
    throw new Error(
      `BagOfWordsClassifier: ${field} must be ${accepted}, got ${JSON.stringify((c as Record<string, unknown>)[field])}`,
    );
  };
  if (c.ngrams !== 1 && c.ngrams !== 2) bad("ngrams", "1 or 2");
  if (!Number.isInteger(c.minCount) || c.minCount < 1) bad("minCount", "an integer ≥ 1");
  if (!Number.isInteger(c.epochs) || c.epochs < 1) bad("epochs", "an integer ≥ 1");
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1) bad("batchSize", "an integer ≥ 1");
  if (!(c.learningRate > 0)) bad("learningRate", "> 0");
  if (!(c.l2 >= 0)) bad("l2", "≥ 0");
  return c;
}

/** Feature strings of a text: its distinct words, and its distinct adjacent pairs when ngrams = 2. */
export function bagOfWordsFeatures(text: string, ngrams: 1 | 2 = 1): string[] {
  const tokens = splitTokens(normalizeSst2Style(text));
  const out = new Set(tokens);
  if (ngrams === 2) for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  return [...out];
}

export class BagOfWordsClassifier {
  /** Feature string → index into weights. */
  private readonly index: Map<string, number>;
  readonly weights: Float64Array;
  bias = 0;

  private constructor(
    readonly config: ResolvedBagOfWordsConfig,
    features: readonly string[],
  ) {
    this.index = new Map(features.map((f, i) => [f, i]));
    this.weights = new Float64Array(features.length);
  }

  /** Number of features (weights). */
  get size(): number {
    return this.weights.length;
  }

  /** Indices of the known features of a text (unknown ones are dropped). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const f of bagOfWordsFeatures(text, this.config.ngrams)) {
      const i = this.index.get(f);
      if (i !== undefined) ids.push(i);
    }
    return ids;
  }

  private probability(ids: readonly number[]): number {
    let z = this.bias;
    for (const i of ids) z += this.weights[i]!;
    return 1 / (1 + Math.exp(-z));
  }

  /** p(positive) per text. */
  predictProba(texts: readonly string[]): number[] {
    return texts.map((t) => this.probability(this.encode(t)));
  }

  /** Labels (p ≥ 0.5 → 1). */
  predict(texts: readonly string[]): (0 | 1)[] {
    return this.predictProba(texts).map((p) => (p >= 0.5 ? 1 : 0));
  }

  /**
   * Builds the feature set from `rows` and fits the weights. Returns the model and the number of
   * updates (mini-batches), the unit of work of the training's energy record.
   */
  static train(
    rows: readonly LabeledRow[],
    config: BagOfWordsConfig = {},
  ): { model: BagOfWordsClassifier; steps: number; meanLoss: number[] } {
    const c = resolveBagOfWordsConfig(config);
    if (rows.length === 0) throw new Error("BagOfWordsClassifier.train: no training rows");
    rows.forEach((r, i) => {
      if (r.label !== 0 && r.label !== 1)
        throw new Error(
          `BagOfWordsClassifier.train: row ${i} has label ${JSON.stringify(r.label)}; expected 0 or 1`,
        );
    });
    const perRow = rows.map((r) => bagOfWordsFeatures(r.text, c.ngrams));
    const counts = new Map<string, number>();
    for (const fs of perRow) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
    const kept = [...counts].filter(([, n]) => n >= c.minCount).map(([f]) => f);
    const model = new BagOfWordsClassifier(c, kept);
    const encoded = perRow.map((fs) =>
      fs.map((f) => model.index.get(f)).filter((i): i is number => i !== undefined),
    );
    const labels = rows.map((r) => r.label);

    const g2 = new Float64Array(model.size); // AdaGrad: running sum of squared gradients per weight
    let biasG2 = 0;
    const grad = new Map<number, number>();
    const random = mulberry32(c.seed);
    const order = rows.map((_, i) => i);
    let steps = 0;
    const meanLoss: number[] = [];
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += c.batchSize) {
        const batch = order.slice(start, start + c.batchSize);
        grad.clear();
        let biasGrad = 0;
        for (const r of batch) {
          const ids = encoded[r]!;
          const p = model.probability(ids);
          const y = labels[r]!;
          lossSum -= Math.log(Math.max(1e-12, y === 1 ? p : 1 - p));
          const d = (p - y) / batch.length; // ∂(mean loss)/∂z
          biasGrad += d;
          for (const i of ids) grad.set(i, (grad.get(i) ?? 0) + d);
        }
        for (const [i, gi] of grad) {
          const g = gi + c.l2 * model.weights[i]!;
          const sum = g2[i]! + g * g;
          g2[i] = sum;
          model.weights[i] = model.weights[i]! - (c.learningRate * g) / (Math.sqrt(sum) + 1e-8);
        }
        biasG2 += biasGrad * biasGrad;
        model.bias -= (c.learningRate * biasGrad) / (Math.sqrt(biasG2) + 1e-8);
        steps++;
      }
      meanLoss.push(lossSum / order.length);
    }
    return { model, steps, meanLoss };
  }
}
