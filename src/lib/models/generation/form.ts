/**
 * Poem form: most Tang poems are lines of 5 or 7 characters, each closed by ，or 。. Two tools:
 *
 * - `regularLineLength(poem)` checks a text: 5 or 7 when every line has that many characters
 *   and ends in ，or 。, else null (the statistic "share of sampled poems in a regular form").
 * - `formConstraint(...)` is a LogitsProcessor for constrained decoding (e.g. `--form 5x4`, a
 *   regulated quatrain): at each position of a line only non-punctuation ids may be sampled, at
 *   the end of a line only ，(odd lines) or 。(even lines), and after the last line only [EOS].
 *   It edits the logits (forbidden ids get -Infinity), so sampling renormalises over what is left.
 *
 * Vocabulary-agnostic: the caller gives the ids. Browser-safe.
 */
import type { LogitsProcessor } from "./generate";

/** Line punctuation of the poems (full-width). */
export const LINE_ENDS = ["，", "。"] as const;

/**
 * 5 or 7 when the poem is a sequence of lines of that many characters, each followed by ，or 。
 * (no other punctuation, nothing after the last mark); null otherwise, including for an empty text.
 */
export function regularLineLength(poem: string): 5 | 7 | null {
  const lines = poem.match(/[^，。]*[，。]/gu);
  if (!lines || lines.join("") !== poem) return null;
  const lengths = new Set(lines.map((l) => Array.from(l).length - 1));
  if (lengths.size !== 1) return null;
  const [n] = [...lengths];
  return n === 5 || n === 7 ? n : null;
}

export interface PoemForm {
  /** Characters per line before its punctuation (5 or 7 for Tang verse). */
  lineLength: number;
  /** Number of lines (4: quatrain, 8: regulated verse). */
  lines: number;
}

/** Parses "5x4" / "7x8" into a form; the error names the accepted shape. */
export function parseForm(text: string): PoemForm {
  const m = /^(\d+)x(\d+)$/.exec(text.trim());
  const lineLength = m ? Number(m[1]) : NaN;
  const lines = m ? Number(m[2]) : NaN;
  if (!(lineLength >= 1 && lines >= 1))
    throw new Error(
      `form must look like 5x4 or 7x4 (characters per line × lines), got ${JSON.stringify(text)}`,
    );
  return { lineLength, lines };
}

export interface FormConstraintOptions extends PoemForm {
  /** Id of ，(ends lines 1, 3, …). */
  commaId: number;
  /** Id of 。(ends lines 2, 4, …). */
  periodId: number;
  /** Id of [EOS], the only choice after the last line. */
  eosId: number;
  /** Further ids never allowed inside a line (other punctuation, [UNK], [PAD], [BOS]). */
  forbidden?: readonly number[];
}

/**
 * The id required at position p of the poem (0-based, prompt included), or null when any
 * character other than punctuation may stand there.
 */
export function requiredId(p: number, o: FormConstraintOptions): number | null {
  const width = o.lineLength + 1;
  if (p >= o.lines * width) return o.eosId;
  if (p % width !== o.lineLength) return null;
  return Math.floor(p / width) % 2 === 0 ? o.commaId : o.periodId;
}

/** A LogitsProcessor enforcing the form from the position after `text` (prompt + generated ids). */
export function formConstraint(o: FormConstraintOptions): LogitsProcessor {
  const never = new Set([o.commaId, o.periodId, o.eosId, ...(o.forbidden ?? [])]);
  return (logits, text) => {
    const required = requiredId(text.length, o);
    if (required !== null) {
      const keep = logits[required]!;
      logits.fill(-Infinity);
      logits[required] = Number.isFinite(keep) ? keep : 0;
    } else for (const id of never) if (id < logits.length) logits[id] = -Infinity;
  };
}

/** Null when `text` (e.g. a prompt) fits the form so far, else a message naming the first offending position. */
export function formViolation(text: readonly number[], o: FormConstraintOptions): string | null {
  const never = new Set([o.commaId, o.periodId, o.eosId, ...(o.forbidden ?? [])]);
  for (let p = 0; p < text.length; p++) {
    const required = requiredId(p, o);
    if (required !== null ? text[p] !== required : never.has(text[p]!))
      return required !== null
        ? `position ${p + 1} must be id ${required} (line end or [EOS]) for the ${o.lineLength}x${o.lines} form, got ${text[p]}`
        : `position ${p + 1} is inside a line of the ${o.lineLength}x${o.lines} form and may not be id ${text[p]}`;
  }
  return null;
}
