// Number formatting for cell and page badges (kept in step with src/lib/publish/text.ts).

/** Energy in mJ, J, kJ or Wh with three significant digits. */
export function formatJoules(j: number): string {
  if (!Number.isFinite(j)) return "—";
  if (j >= 3600) return `${(j / 3600).toPrecision(3)} Wh`;
  if (j >= 1000) return `${(j / 1000).toPrecision(3)} kJ`;
  if (j >= 1) return `${j.toPrecision(3)} J`;
  if (j === 0) return "0 J";
  return `${(j * 1000).toPrecision(3)} mJ`;
}

/** Duration in ms, s or min + s. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "—";
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toPrecision(3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
