/**
 * A retrieval baseline for translation (browser-safe): no model at all, only a translation memory.
 * For an English sentence, find the training English sentence nearest by TF-IDF cosine similarity
 * and return that sentence's Chinese translation.
 *
 *   const memory = buildTranslationMemory(splits.train);
 *   retrieve(memory, "Where is the station?")  // → { zh: "车站在哪里？", en: "Where's the station?", score: 0.71, index }
 *
 * Terms are the tokens of `tokenizeEnglish` (lower case, clitics and punctuation split), weighted by
 *   tf-idf(t, d) = count(t, d) · idf(t),   idf(t) = ln((1 + N) / (1 + df(t))) + 1
 * (the smoothed idf of scikit-learn's TfidfVectorizer), each vector scaled to unit length, so the
 * score is the cosine similarity in [0, 1]. An inverted index visits only the training sentences
 * that share a term with the query. Ties go to the earlier training sentence; a query with no term
 * seen in training retrieves nothing (an empty translation, score 0).
 */
import { tokenizeEnglish } from "../../tokenizers/english";

/** One English sentence of the memory with the translation it returns. */
export interface MemoryEntry {
  en: string;
  /** The first translation of this English sentence in training order. */
  zh: string;
}

export interface TranslationMemory {
  /** Distinct training English sentences, in training order. */
  entries: MemoryEntry[];
  /** Term → inverse document frequency. */
  idf: Map<string, number>;
  /** Term → postings: [entry index, tf-idf weight of the term in that entry's unit vector]. */
  postings: Map<string, Array<[number, number]>>;
}

export interface Retrieved {
  /** The returned translation ("" when no training sentence shares a term with the query). */
  zh: string;
  /** The training English sentence it belongs to ("" when none). */
  en: string;
  /** Cosine similarity of the query and that sentence, 0–1. */
  score: number;
  /** Index into memory.entries, or -1. */
  index: number;
}

/** Pairs translating the same English sentence share this key (as in data/tatoeba's split). */
function englishKeyOf(en: string): string {
  return en.trim().replace(/\s+/g, " ");
}

/** Term counts of a sentence. */
function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenizeEnglish(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * Builds the memory from training pairs: each distinct English sentence once (pairs sharing an
 * English sentence keep the first translation), its TF-IDF unit vector stored as postings.
 */
export function buildTranslationMemory(pairs: readonly { en: string; zh: string }[]): TranslationMemory {
  const entries: MemoryEntry[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const key = englishKeyOf(p.en);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ en: p.en, zh: p.zh });
  }
  const counts = entries.map((e) => termCounts(e.en));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const N = entries.length;
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log((1 + N) / (1 + n)) + 1);
  const postings = new Map<string, Array<[number, number]>>();
  counts.forEach((c, i) => {
    let norm = 0;
    for (const [t, n] of c) norm += (n * idf.get(t)!) ** 2;
    norm = Math.sqrt(norm);
    for (const [t, n] of c) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push([i, (n * idf.get(t)!) / norm]);
    }
  });
  return { entries, idf, postings };
}

/** The nearest training sentence to `english` by TF-IDF cosine, and its translation. */
export function retrieve(memory: TranslationMemory, english: string): Retrieved {
  const query = new Map<string, number>();
  let norm = 0;
  for (const [t, n] of termCounts(english)) {
    const idf = memory.idf.get(t);
    if (idf === undefined) continue; // a term never seen in training cannot match
    query.set(t, n * idf);
    norm += (n * idf) ** 2;
  }
  if (norm === 0) return { zh: "", en: "", score: 0, index: -1 };
  norm = Math.sqrt(norm);
  // Accumulate the dot products in a dense array; only the entries touched are compared after.
  const scores = new Float64Array(memory.entries.length);
  const touched: number[] = [];
  for (const [t, w] of query) {
    for (const [i, v] of memory.postings.get(t)!) {
      if (scores[i] === 0) touched.push(i);
      scores[i] = scores[i]! + (w / norm) * v;
    }
  }
  let best = -1;
  let bestScore = -Infinity;
  for (const i of touched) {
    const s = scores[i]!;
    if (s > bestScore + 1e-12 || (Math.abs(s - bestScore) <= 1e-12 && i < best)) {
      best = i;
      bestScore = s;
    }
  }
  const e = memory.entries[best]!;
  return { zh: e.zh, en: e.en, score: Math.min(1, bestScore), index: best };
}
