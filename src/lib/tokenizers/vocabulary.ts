/**
 * A word-level vocabulary: token ↔ id, built from tokenized texts with a minimum frequency,
 * serialized as JSON (browser-safe; shared by Node training code and the site).
 *
 * Ids: the special tokens first, in the order given (default [PAD]=0, [UNK]=1, [CLS]=2), then the
 * corpus tokens by descending frequency, ties broken alphabetically, so that a build is deterministic.
 */

export const PAD = "[PAD]";
export const UNK = "[UNK]";
export const CLS = "[CLS]";

export interface VocabularyOptions {
  /** Keep tokens seen at least this many times (default 1). */
  minFrequency?: number;
  /** Keep at most this many tokens in all, specials included (default: no limit). */
  maxSize?: number;
  /** Special tokens, placed first. Must include [PAD] and [UNK]. Default [PAD], [UNK], [CLS]. */
  specials?: string[];
}

/** The JSON form: `{ "format": "llm-footprint/vocabulary", "version": 1, "tokens": [...], ... }`. */
export interface VocabularyJSON {
  format: "llm-footprint/vocabulary";
  version: 1;
  specials: string[];
  minFrequency: number;
  tokens: string[];
}

export class Vocabulary {
  readonly tokens: readonly string[];
  readonly specials: readonly string[];
  readonly minFrequency: number;
  private readonly index: Map<string, number>;
  readonly padId: number;
  readonly unkId: number;

  constructor(tokens: string[], specials: string[] = [PAD, UNK, CLS], minFrequency = 1) {
    this.tokens = tokens;
    this.specials = specials;
    this.minFrequency = minFrequency;
    this.index = new Map();
    tokens.forEach((t, i) => {
      if (this.index.has(t)) throw new Error(`Vocabulary: duplicate token ${JSON.stringify(t)} at id ${i}.`);
      this.index.set(t, i);
    });
    for (const s of specials) {
      if (!this.index.has(s))
        throw new Error(`Vocabulary: special token ${s} is missing from the token list.`);
    }
    const pad = this.index.get(PAD);
    const unk = this.index.get(UNK);
    if (pad === undefined || unk === undefined) throw new Error(`Vocabulary: needs ${PAD} and ${UNK}.`);
    this.padId = pad;
    this.unkId = unk;
  }

  /** Counts tokens over `texts` (each already split into tokens) and keeps the frequent ones. */
  static build(texts: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const minFrequency = options.minFrequency ?? 1;
    const specials = options.specials ?? [PAD, UNK, CLS];
    const counts = new Map<string, number>();
    for (const tokens of texts) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const special = new Set(specials);
    let corpus = [...counts.entries()]
      .filter(([t, c]) => c >= minFrequency && !special.has(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([t]) => t);
    if (options.maxSize !== undefined)
      corpus = corpus.slice(0, Math.max(0, options.maxSize - specials.length));
    return new Vocabulary([...specials, ...corpus], specials, minFrequency);
  }

  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.index.has(token);
  }

  /** Id of a token, or the [UNK] id. */
  idOf(token: string): number {
    return this.index.get(token) ?? this.unkId;
  }

  idOfSpecial(token: string): number {
    const id = this.index.get(token);
    if (id === undefined || !this.specials.includes(token))
      throw new Error(`Vocabulary: no special token ${token}.`);
    return id;
  }

  tokenOf(id: number): string {
    const t = this.tokens[id];
    if (t === undefined) throw new Error(`Vocabulary: id ${id} is outside 0..${this.size - 1}.`);
    return t;
  }

  encode(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.idOf(t));
  }

  decode(ids: readonly number[]): string[] {
    return ids.map((id) => this.tokenOf(id));
  }

  toJSON(): VocabularyJSON {
    return {
      format: "llm-footprint/vocabulary",
      version: 1,
      specials: [...this.specials],
      minFrequency: this.minFrequency,
      tokens: [...this.tokens],
    };
  }

  /** Accepts the object or its JSON text; errors name the field that is wrong. */
  static fromJSON(json: VocabularyJSON | string): Vocabulary {
    const v = (typeof json === "string" ? JSON.parse(json) : json) as Partial<VocabularyJSON>;
    if (v.format !== "llm-footprint/vocabulary") {
      throw new Error(
        `Vocabulary JSON: field "format" is ${JSON.stringify(v.format)}, expected "llm-footprint/vocabulary".`,
      );
    }
    if (v.version !== 1) throw new Error(`Vocabulary JSON: field "version" is ${v.version}, expected 1.`);
    if (!Array.isArray(v.tokens) || !v.tokens.every((t) => typeof t === "string")) {
      throw new Error(`Vocabulary JSON: field "tokens" must be an array of strings.`);
    }
    return new Vocabulary(v.tokens, v.specials ?? [PAD, UNK, CLS], v.minFrequency ?? 1);
  }
}
