/**
 * Reference sets for corpus metrics, as sacreBLEU's `ref_streams`: either one reference string per
 * hypothesis, or several streams where `references[k][i]` is the k-th reference of hypothesis i.
 */
export type References = readonly string[] | readonly (readonly string[])[];

/** Normalises `references` to streams and checks that each has one line per hypothesis. */
export function referenceStreams(
  fn: string,
  hypotheses: readonly string[],
  references: References,
): readonly (readonly string[])[] {
  const streams: readonly (readonly string[])[] =
    typeof references[0] === "string" || references.length === 0
      ? [references as readonly string[]]
      : (references as readonly (readonly string[])[]);
  for (const [k, s] of streams.entries())
    if (s.length !== hypotheses.length)
      throw new Error(
        `${fn}: reference stream ${k} has ${s.length} lines but there are ${hypotheses.length} hypotheses; pass one reference per hypothesis.`,
      );
  return streams;
}
