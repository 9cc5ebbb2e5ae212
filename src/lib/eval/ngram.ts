/**
 * Character n-gram language models (browser-safe): the honest baselines of the text-generation demo.
 *
 * A poem c1 … cn is modelled as [BOS]^(N−1) c1 … cn [EOS] for an N-gram model: every character and the
 * final [EOS] is predicted from the N−1 ids before it. {@link bitsPerCharacter} scores every character
 * of each poem given [BOS] and does not count the [EOS] prediction (the convention of the GPT's score).
 *
 * Two estimators over integer ids 0 … V−1:
 *   - add-k (Laplace for k = 1): P(w | h) = (c(h w) + k) / (c(h) + k V);
 *   - interpolated Kneser–Ney (Chen & Goodman 1998), with three discounts per order (modified KN,
 *     estimated from the counts of counts) or one fixed discount:
 *       P_N(w | h) = (max(c(h w) − D(c), 0) + γ(h) P_{N−1}(w | h′)) / c(h),
 *       γ(h) = D1 N1(h•) + D2 N2(h•) + D3+ N3+(h•),
 *     where h′ drops the oldest id of h, the highest order uses raw counts, each lower order uses
 *     continuation counts (how many distinct ids precede the n-gram), and the lowest order is
 *     interpolated with the uniform 1/V. An unseen history h falls back to P_{N−1}(w | h′).
 *
 * Counting sorts typed arrays of n-gram keys (h w read as a number in base V), so 3.4 M characters take
 * about a second, and a lookup is a binary search inside its history's block.
 */

/** What a model needs to know about the vocabulary (a CharacterTokenizer fits). */
export interface NgramVocabulary {
  /** Number of ids; every id is in 0 … size−1. */
  size: number;
  bosId: number;
  eosId: number;
}

export interface NgramModel {
  /** e.g. "trigram, interpolated Kneser–Ney (modified)". */
  readonly name: string;
  /** N: the model conditions on N−1 ids. */
  readonly order: number;
  readonly vocabSize: number;
  readonly bosId: number;
  readonly eosId: number;
  /**
   * P(next | context): the context is the ids before `next` (the poem so far, with or without its
   * [BOS]); only its last N−1 ids are used, padded on the left with [BOS].
   */
  probability(context: ArrayLike<number>, next: number): number;
  /** The whole next-id distribution for a context (length V, sums to 1). */
  distribution(context: ArrayLike<number>): Float64Array;
}

export interface AddKOptions {
  /** N: 1 (unigram), 2 or 3 (default 1). */
  order?: number;
  /** Pseudo-count added to every id (default 1: Laplace, "add-one"). */
  k?: number;
}

export interface KneserNeyOptions {
  /** N: 1, 2 or 3 (default 3). */
  order?: number;
  /**
   * One discount in (0, 1] for every count and order (plain interpolated KN). Default: modified KN,
   * three discounts per order estimated from that order's counts of counts.
   */
  discount?: number;
}

const MAX_ORDER = 3;

const ORDER_NAMES = ["", "unigram", "bigram", "trigram"];

function checkOrder(order: number): void {
  if (!(Number.isInteger(order) && order >= 1 && order <= MAX_ORDER)) {
    throw new Error(`n-gram order must be 1, 2 or 3, got ${order}.`);
  }
}

function checkVocabulary(vocab: NgramVocabulary, order: number): void {
  const { size, bosId, eosId } = vocab;
  if (!(Number.isInteger(size) && size >= 2))
    throw new Error(`n-gram vocabulary size must be an integer ≥ 2, got ${size}.`);
  if (size ** order >= Number.MAX_SAFE_INTEGER) {
    throw new Error(`n-gram vocabulary of ${size} ids is too large for order ${order} (keys exceed 2^53).`);
  }
  for (const [field, id] of [
    ["bosId", bosId],
    ["eosId", eosId],
  ] as const) {
    if (!(Number.isInteger(id) && id >= 0 && id < size)) {
      throw new Error(`n-gram vocabulary: ${field} is ${id}, expected an id in 0 … ${size - 1}.`);
    }
  }
}

/**
 * Keys of every N-gram ending at a predicted position ([BOS]-padded characters and the final [EOS]),
 * sorted ascending.
 */
function countKeys(
  sequences: readonly ArrayLike<number>[],
  vocab: NgramVocabulary,
  order: number,
): Float64Array {
  const V = vocab.size;
  let total = 0;
  sequences.forEach((seq, s) => {
    for (let i = 0; i < seq.length; i++) {
      const id = seq[i]!;
      if (!(Number.isInteger(id) && id >= 0 && id < V)) {
        throw new Error(
          `n-gram training: sequence ${s}, position ${i} holds ${id}, expected an integer id in 0 … ${V - 1}.`,
        );
      }
    }
    total += seq.length + 1;
  });
  const keys = new Float64Array(total);
  const top = V ** (order - 1); // weight of the oldest id in a key
  let k = 0;
  for (const seq of sequences) {
    let history = 0; // the last N−1 ids in base V, [BOS]-padded
    for (let j = 0; j < order - 1; j++) history = history * V + vocab.bosId;
    for (let i = 0; i <= seq.length; i++) {
      const w = i < seq.length ? seq[i]! : vocab.eosId;
      const key = history * V + w;
      keys[k++] = key;
      history = order > 1 ? key % top : 0;
    }
  }
  return keys.sort();
}

/** Run-length counts of sorted keys: the distinct keys and how often each occurs. */
function runLengths(sorted: Float64Array): { keys: Float64Array; counts: Float64Array } {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const keys = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++j] = sorted[i]!;
    counts[j]! += 1;
  }
  return { keys, counts };
}

/** One order's counts grouped by history: the n-grams of history h are keys[start[b]] … keys[start[b+1]−1]. */
interface Level {
  order: number;
  keys: Float64Array;
  counts: Float64Array;
  histories: Float64Array;
  start: Int32Array;
  totals: Float64Array;
  /** γ(h) for Kneser–Ney: D1 N1(h•) + D2 N2(h•) + D3+ N3+(h•). */
  gammas: Float64Array;
  /** D1, D2, D3+. */
  discounts: [number, number, number];
}

function buildLevel(
  order: number,
  keys: Float64Array,
  counts: Float64Array,
  V: number,
  discounts: [number, number, number],
): Level {
  let blocks = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i === 0 || Math.floor(keys[i]! / V) !== Math.floor(keys[i - 1]! / V)) blocks++;
  }
  const histories = new Float64Array(blocks);
  const start = new Int32Array(blocks + 1);
  const totals = new Float64Array(blocks);
  const gammas = new Float64Array(blocks);
  let b = -1;
  for (let i = 0; i < keys.length; i++) {
    const h = Math.floor(keys[i]! / V);
    if (i === 0 || h !== histories[b]) {
      histories[++b] = h;
      start[b] = i;
    }
    const c = counts[i]!;
    totals[b]! += c;
    gammas[b]! += discounts[Math.min(c, 3) - 1]!;
  }
  start[blocks] = keys.length;
  return { order, keys, counts, histories, start, totals, gammas, discounts };
}

/** Index of `x` in the sorted array between lo (inclusive) and hi (exclusive), or −1. */
function search(sorted: Float64Array, x: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < x) lo = mid + 1;
    else if (v > x) hi = mid;
    else return mid;
  }
  return -1;
}

/**
 * Modified-KN discounts D1, D2, D3+ from counts of counts n1 … n4 (Chen & Goodman 1998, eq. 26):
 * Y = n1 / (n1 + 2 n2), Di = i − (i + 1) Y n(i+1) / ni. On small or unusual counts an estimate can fall
 * outside (0, i]; it is then replaced by Y, the single-discount estimate, so that every discount is
 * positive and no id ever gets probability 0.
 */
export function estimateDiscounts(countsOfCounts: readonly number[]): [number, number, number] {
  const [n1 = 0, n2 = 0, n3 = 0, n4 = 0] = countsOfCounts;
  const Y = n1 > 0 ? n1 / (n1 + 2 * n2) : 0.5;
  const d = (i: number, num: number, den: number) => {
    const v = den > 0 ? i - (i + 1) * Y * (num / den) : NaN;
    return v > 0 && v <= i ? v : Y;
  };
  return [d(1, n2, n1), d(2, n3, n2), d(3, n4, n3)];
}

/** History key of the last `length` ids of the context, [BOS]-padded on the left. */
function historyKey(context: ArrayLike<number>, length: number, V: number, bosId: number): number {
  let key = 0;
  for (let j = length; j >= 1; j--) {
    const i = context.length - j;
    key = key * V + (i >= 0 ? context[i]! : bosId);
  }
  return key;
}

function checkNext(next: number, V: number): void {
  if (!(Number.isInteger(next) && next >= 0 && next < V)) {
    throw new Error(`n-gram probability: id ${next} is outside 0 … ${V - 1}.`);
  }
}

abstract class BaseModel implements NgramModel {
  abstract readonly name: string;
  readonly vocabSize: number;
  readonly bosId: number;
  readonly eosId: number;

  constructor(
    readonly order: number,
    vocab: NgramVocabulary,
  ) {
    this.vocabSize = vocab.size;
    this.bosId = vocab.bosId;
    this.eosId = vocab.eosId;
  }

  abstract probability(context: ArrayLike<number>, next: number): number;
  abstract distribution(context: ArrayLike<number>): Float64Array;
}

class AddKModel extends BaseModel {
  readonly name: string;

  constructor(
    order: number,
    vocab: NgramVocabulary,
    private readonly k: number,
    private readonly level: Level,
  ) {
    super(order, vocab);
    this.name = `${ORDER_NAMES[order]}, add-${k}`;
  }

  private block(context: ArrayLike<number>): number {
    const h = historyKey(context, this.order - 1, this.vocabSize, this.bosId);
    return search(this.level.histories, h);
  }

  probability(context: ArrayLike<number>, next: number): number {
    const V = this.vocabSize;
    checkNext(next, V);
    const b = this.block(context);
    if (b < 0) return 1 / V;
    const { keys, counts, histories, start, totals } = this.level;
    const i = search(keys, histories[b]! * V + next, start[b]!, start[b + 1]!);
    return ((i < 0 ? 0 : counts[i]!) + this.k) / (totals[b]! + this.k * V);
  }

  distribution(context: ArrayLike<number>): Float64Array {
    const V = this.vocabSize;
    const out = new Float64Array(V);
    const b = this.block(context);
    if (b < 0) return out.fill(1 / V);
    const { keys, counts, start, totals } = this.level;
    const denominator = totals[b]! + this.k * V;
    out.fill(this.k / denominator);
    for (let i = start[b]!; i < start[b + 1]!; i++) out[keys[i]! % V]! += counts[i]! / denominator;
    return out;
  }
}

class KneserNeyModel extends BaseModel {
  readonly name: string;

  /** levels[k − 1] holds order k. */
  constructor(
    order: number,
    vocab: NgramVocabulary,
    readonly levels: readonly Level[],
    modified: boolean,
  ) {
    super(order, vocab);
    this.name = `${ORDER_NAMES[order]}, interpolated Kneser–Ney${modified ? " (modified)" : ""}`;
  }

  /** Block index of the context's history at order k, or −1 when that history was never seen. */
  private block(level: Level, context: ArrayLike<number>): number {
    const h = historyKey(context, level.order - 1, this.vocabSize, this.bosId);
    return search(level.histories, h);
  }

  probability(context: ArrayLike<number>, next: number): number {
    const V = this.vocabSize;
    checkNext(next, V);
    let p = 1 / V;
    for (const level of this.levels) {
      const b = this.block(level, context);
      if (b < 0) continue; // unseen history: this order passes the lower one through
      const { keys, counts, histories, start, totals, gammas, discounts } = level;
      const i = search(keys, histories[b]! * V + next, start[b]!, start[b + 1]!);
      const c = i < 0 ? 0 : counts[i]!;
      const discounted = c === 0 ? 0 : Math.max(c - discounts[Math.min(c, 3) - 1]!, 0);
      p = (discounted + gammas[b]! * p) / totals[b]!;
    }
    return p;
  }

  distribution(context: ArrayLike<number>): Float64Array {
    const V = this.vocabSize;
    const p = new Float64Array(V).fill(1 / V);
    for (const level of this.levels) {
      const b = this.block(level, context);
      if (b < 0) continue;
      const { keys, counts, start, totals, gammas, discounts } = level;
      const scale = gammas[b]! / totals[b]!;
      for (let w = 0; w < V; w++) p[w]! *= scale;
      for (let i = start[b]!; i < start[b + 1]!; i++) {
        const c = counts[i]!;
        p[keys[i]! % V]! += Math.max(c - discounts[Math.min(c, 3) - 1]!, 0) / totals[b]!;
      }
    }
    return p;
  }
}

/**
 * Add-k n-gram model (order 1 with k = 1 is the add-one unigram).
 * @param sequences one array of character ids per poem, without [BOS]/[EOS].
 */
export function trainAddK(
  sequences: readonly ArrayLike<number>[],
  vocab: NgramVocabulary,
  options: AddKOptions = {},
): NgramModel {
  const order = options.order ?? 1;
  const k = options.k ?? 1;
  checkOrder(order);
  checkVocabulary(vocab, order);
  if (!(k > 0 && Number.isFinite(k))) throw new Error(`add-k: k must be a positive number, got ${k}.`);
  const { keys, counts } = runLengths(countKeys(sequences, vocab, order));
  return new AddKModel(order, vocab, k, buildLevel(order, keys, counts, vocab.size, [0, 0, 0]));
}

/**
 * Interpolated Kneser–Ney n-gram model (modified KN unless a single `discount` is given).
 * @param sequences one array of character ids per poem, without [BOS]/[EOS].
 */
export function trainKneserNey(
  sequences: readonly ArrayLike<number>[],
  vocab: NgramVocabulary,
  options: KneserNeyOptions = {},
): NgramModel {
  const order = options.order ?? 3;
  checkOrder(order);
  checkVocabulary(vocab, order);
  const fixed = options.discount;
  if (fixed !== undefined && !(fixed > 0 && fixed <= 1)) {
    throw new Error(`Kneser–Ney: discount must be in (0, 1], got ${fixed}.`);
  }
  const V = vocab.size;
  const levels: Level[] = [];
  let { keys, counts } = runLengths(countKeys(sequences, vocab, order));
  for (let k = order; k >= 1; k--) {
    const countsOfCounts = [0, 0, 0, 0];
    for (let i = 0; i < counts.length; i++) if (counts[i]! <= 4) countsOfCounts[counts[i]! - 1]! += 1;
    const discounts: [number, number, number] =
      fixed !== undefined ? [fixed, fixed, fixed] : estimateDiscounts(countsOfCounts);
    levels.unshift(buildLevel(k, keys, counts, V, discounts));
    if (k > 1) {
      // Continuation counts of the (k−1)-grams: how many distinct ids precede each one.
      const suffix = V ** (k - 1);
      const suffixes = new Float64Array(keys.length);
      for (let i = 0; i < keys.length; i++) suffixes[i] = keys[i]! % suffix;
      ({ keys, counts } = runLengths(suffixes.sort()));
    }
  }
  return new KneserNeyModel(order, vocab, levels, fixed === undefined);
}

export interface BitsPerCharacter {
  /** −Σ log2 P(c_i | [BOS] c_1 … c_{i−1}) over every character of every poem ([EOS] not counted). */
  bits: number;
  /** Characters scored. */
  characters: number;
  /** bits / characters (NaN when nothing was scored). */
  bitsPerCharacter: number;
  poems: number;
}

/** −log2 P of each character of one poem (ids without [BOS]/[EOS]) given [BOS] and the characters before it. */
export function sequenceBits(model: NgramModel, ids: ArrayLike<number>): number {
  let bits = 0;
  const context: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    bits -= Math.log2(model.probability(context, ids[i]!));
    context.push(ids[i]!);
    if (context.length >= model.order) context.shift(); // keep the last N−1 ids
  }
  return bits;
}

/** Corpus bits per character: every character of each poem given [BOS], the [EOS] prediction not counted. */
export function bitsPerCharacter(model: NgramModel, poems: Iterable<ArrayLike<number>>): BitsPerCharacter {
  let bits = 0;
  let characters = 0;
  let count = 0;
  for (const ids of poems) {
    bits += sequenceBits(model, ids);
    characters += ids.length;
    count++;
  }
  return { bits, characters, bitsPerCharacter: characters === 0 ? NaN : bits / characters, poems: count };
}
