/**
 * Decoding for the Translator (browser-safe): greedy and beam search, batched over sentences.
 *
 * Both re-run the decoder over the whole prefix at each step (no key/value cache): targets are
 * short (Tatoeba's Chinese side has 9 characters at the median), so the simplicity is worth more
 * than the saved work. Decoding stops at [EOS] or after `maxLength` generated tokens, whichever
 * comes first.
 */
import * as tf from "@tensorflow/tfjs-core";
import { padIds } from "../train/batches";
import type { Translator } from "./model";

export interface DecodeOptions {
  /** Id of [BOS], fed as the first decoder input. */
  bosId: number;
  /** Id of [EOS]; generating it ends a hypothesis (it is not returned). */
  eosId: number;
  /** Most tokens generated per sentence, [EOS] excluded (default: 2·source length + 10, within maxLength − 1). */
  maxLength?: number;
}

export interface BeamOptions extends DecodeOptions {
  /** Hypotheses kept per sentence (default 4). */
  beamSize?: number;
  /**
   * α of the GNMT length penalty lp(Y) = ((5 + |Y|) / 6)^α (Wu et al. 2016); hypotheses are ranked
   * by log P(Y) / lp(Y). 0 ranks by raw log-probability, which favours short outputs. Default 0.6.
   */
  lengthPenalty?: number;
}

/** Most tokens generated for a source of `length` ids: maxLength, else 2·length + 10, within the positions. */
function stepsFor(model: Translator, length: number, maxLength?: number): number {
  const cap = model.config.maxLength - 1; // the decoder input is [BOS] + generated tokens
  return Math.max(1, Math.min(maxLength ?? 2 * length + 10, cap));
}

/**
 * Greedy decoding: at each step the most probable next token.
 * @param src source id lists (tokens then [EOS]), unpadded.
 * @returns generated target ids per sentence, without [BOS]/[EOS].
 */
export function greedyDecode(
  model: Translator,
  src: readonly (readonly number[])[],
  options: DecodeOptions,
): number[][] {
  if (src.length === 0) return [];
  // Each sentence has its own limit, so a translation never depends on the batch it was decoded in.
  const limits = src.map((s) => stepsFor(model, s.length, options.maxLength));
  const steps = Math.max(...limits);
  const B = src.length;
  const srcT = padIds(src, model.config.padId);
  const memory = model.encode(srcT);
  const srcMask = model.sourceMask(srcT);
  const prefixes = src.map(() => [options.bosId]);
  const done = new Array<boolean>(B).fill(false);
  try {
    for (let step = 0; step < steps && done.some((d) => !d); step++) {
      const next = tf.tidy(() => {
        const logp = model.nextTokenLogProbs(padIds(prefixes, model.config.padId), memory, srcMask); // [B, V]
        return tf.argMax(logp, -1).dataSync() as Int32Array;
      });
      for (let b = 0; b < B; b++) {
        if (done[b]) continue;
        const id = next[b]!;
        if (id === options.eosId) done[b] = true;
        else prefixes[b]!.push(id);
        if (prefixes[b]!.length - 1 >= limits[b]!) done[b] = true;
      }
    }
  } finally {
    tf.dispose([srcT, memory, srcMask]);
  }
  return prefixes.map((p) => p.slice(1));
}

interface Hypothesis {
  tokens: number[]; // generated ids, [BOS]/[EOS] excluded
  logProb: number;
}

/** GNMT length penalty ((5 + n) / 6)^α. */
export function lengthPenaltyFactor(length: number, alpha: number): number {
  return Math.pow((5 + length) / 6, alpha);
}

/** Indices of the k largest values of row `r` of a [N, V] array. */
function topK(values: Float32Array, r: number, V: number, k: number): number[] {
  const best: number[] = [];
  const base = r * V;
  for (let j = 0; j < V; j++) {
    const v = values[base + j]!;
    if (best.length < k || v > values[base + best[best.length - 1]!]!) {
      let i = best.length < k ? best.length : k - 1;
      best[i] = j;
      while (i > 0 && values[base + best[i - 1]!]! < v) {
        best[i] = best[i - 1]!;
        best[i - 1] = j;
        i--;
      }
    }
  }
  return best;
}

/**
 * Beam search, batched over sentences: the live hypotheses of all sentences share one decoder
 * call per step. Each step keeps the k best continuations per sentence; an [EOS] among those k
 * completes a hypothesis. A sentence is finished once it holds `beamSize` complete hypotheses,
 * or at maxLength, when its live hypotheses compete as they are.
 * @returns the best hypothesis per sentence by log P / lp, without [BOS]/[EOS].
 */
export function beamSearchDecode(
  model: Translator,
  src: readonly (readonly number[])[],
  options: BeamOptions,
): number[][] {
  if (src.length === 0) return [];
  const k = options.beamSize ?? 4;
  const alpha = options.lengthPenalty ?? 0.6;
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`beamSearchDecode: beamSize must be a positive integer, got ${k}`);
  // The longest source sets the number of steps (unlike greedy decoding, no per-sentence cut-off yet).
  const steps = stepsFor(model, Math.max(...src.map((s) => s.length)), options.maxLength);
  const B = src.length;
  const srcT = padIds(src, model.config.padId);
  const memory = model.encode(srcT);
  const srcMask = model.sourceMask(srcT);
  const alive: Hypothesis[][] = src.map(() => [{ tokens: [], logProb: 0 }]);
  const finished: Hypothesis[][] = src.map(() => []);
  const score = (h: Hypothesis) => h.logProb / lengthPenaltyFactor(h.tokens.length + 1, alpha);
  try {
    for (let step = 0; step < steps; step++) {
      const rows: Array<{ b: number; h: Hypothesis }> = [];
      for (let b = 0; b < B; b++) if (finished[b]!.length < k) for (const h of alive[b]!) rows.push({ b, h });
      if (rows.length === 0) break;
      const V = model.config.tgtVocabSize;
      const logp = tf.tidy(() => {
        const idx = tf.tensor1d(
          rows.map((r) => r.b),
          "int32",
        );
        const mem = tf.gather(memory, idx) as tf.Tensor3D; // [N, S, d]
        const mask = model.sourceMask(tf.gather(srcT, idx) as tf.Tensor2D); // [N, 1, 1, S]
        const prefix = padIds(
          rows.map((r) => [options.bosId, ...r.h.tokens]),
          model.config.padId,
        );
        return model.nextTokenLogProbs(prefix, mem, mask).dataSync() as Float32Array; // [N·V]
      });
      const candidates: Array<Array<{ h: Hypothesis; id: number; logProb: number }>> = src.map(() => []);
      rows.forEach((r, i) => {
        for (const id of topK(logp, i, V, k))
          candidates[r.b]!.push({ h: r.h, id, logProb: r.h.logProb + logp[i * V + id]! });
      });
      for (let b = 0; b < B; b++) {
        if (finished[b]!.length >= k) continue;
        const next: Hypothesis[] = [];
        const sorted = candidates[b]!.sort((x, y) => y.logProb - x.logProb);
        sorted.forEach((c, rank) => {
          // [EOS] completes a hypothesis only when it ranks among the k best continuations,
          // otherwise improbable short outputs would fill the finished list early.
          if (c.id === options.eosId) {
            if (rank < k) finished[b]!.push({ tokens: c.h.tokens, logProb: c.logProb });
          } else if (next.length < k) next.push({ tokens: [...c.h.tokens, c.id], logProb: c.logProb });
        });
        alive[b] = next;
      }
    }
  } finally {
    tf.dispose([srcT, memory, srcMask]);
  }
  return src.map((_, b) => {
    // Live hypotheses cut at maxLength compete too (they carry no [EOS]).
    const all = finished[b]!.length >= k ? finished[b]! : [...finished[b]!, ...alive[b]!];
    let best = all[0] ?? { tokens: [], logProb: 0 };
    for (const h of all) if (score(h) > score(best)) best = h;
    return best.tokens;
  });
}

/**
 * log P(Y | X) of a given output under the model, by teacher forcing: one decoder pass over
 * [BOS] + Y, summing log p(y_t | y_<t, X) over the tokens of Y and the final [EOS].
 * The score beam search ranks by (with lengthPenalty 0), so decoders can be compared on it.
 * @param src source ids (tokens then [EOS]); tgt generated ids without [BOS]/[EOS].
 */
export function sequenceLogProb(
  model: Translator,
  src: readonly number[],
  tgt: readonly number[],
  options: DecodeOptions,
): number {
  return tf.tidy(() => {
    const srcT = padIds([src], model.config.padId); // [1, S]
    const tgtIn = padIds([[options.bosId, ...tgt]], model.config.padId); // [1, T]
    const logp = tf.logSoftmax(model.logits(srcT, tgtIn)); // [1, T, V]
    const picked = tf.gather(
      tf.reshape(logp, [-1]),
      tf.tensor1d(
        [...tgt, options.eosId].map((id, t) => t * model.config.tgtVocabSize + id),
        "int32",
      ),
    ); // [T]
    return tf.sum(picked).dataSync()[0]!;
  });
}
