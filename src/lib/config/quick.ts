/**
 * Quick mode: small data subsets and few training steps, for tests, CI and `npm run notebooks -- --quick`.
 * The notebook runner sets FOOTPRINT_QUICK=1; everything heavy reads it through this one function.
 */
export function isQuickMode(
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
): boolean {
  const value = env.FOOTPRINT_QUICK?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}
