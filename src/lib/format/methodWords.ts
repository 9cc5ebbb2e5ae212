/**
 * The word for how an energy figure was obtained, from its record's method, so that a label can
 * never call an estimate a measurement. Browser-safe (no imports).
 *
 *   measured:rapl, measured:nvml, measured:nvidia-smi  → "measured" / 实测
 *   estimated:tdp (any estimated:*)                    → "estimated" / 估算
 *
 * A record with several components (cpu, dram, gpu) is only as measured as its least measured
 * part: one estimated component makes the whole figure "estimated". An unknown method throws,
 * naming the accepted forms, rather than guessing.
 */

export type MethodKind = "measured" | "estimated";
export type MethodLocale = "en" | "zh-Hans";

const WORDS: Record<MethodLocale, Record<MethodKind, string>> = {
  en: { measured: "measured", estimated: "estimated" },
  "zh-Hans": { measured: "实测", estimated: "估算" },
};

/** "measured" or "estimated" for one method string such as "measured:rapl" or "estimated:tdp". */
export function methodKind(method: string): MethodKind {
  const m = /^(measured|estimated):[\w.-]+$/.exec(method.trim());
  if (!m)
    throw new Error(
      `unknown energy method "${method}": expected "measured:<meter>" (measured:rapl, measured:nvml, ` +
        `measured:nvidia-smi) or "estimated:<model>" (estimated:tdp)`,
    );
  return m[1] as MethodKind;
}

/**
 * The kind of a whole figure: a method string, a list of them, or a record's `method` object
 * (`{cpu: "estimated:tdp", dram: "estimated:tdp"}`). Measured only when every part is measured.
 */
export function figureKind(
  method: string | readonly string[] | Readonly<Record<string, string>>,
): MethodKind {
  // A string may list several methods ("estimated:tdp, measured:rapl"), as notebook totals do.
  const parts =
    typeof method === "string"
      ? method.split(/[\s,;+]+/).filter(Boolean)
      : Array.isArray(method)
        ? method
        : Object.values(method);
  if (parts.length === 0)
    throw new Error('energy method: no component (expected e.g. {cpu: "estimated:tdp"})');
  return parts.every((p) => methodKind(p as string) === "measured") ? "measured" : "estimated";
}

/** The word for a figure in the given locale: "measured"/"estimated" or 实测/估算. */
export function methodWord(
  method: string | readonly string[] | Readonly<Record<string, string>>,
  locale: MethodLocale = "en",
): string {
  return WORDS[locale][figureKind(method)];
}

/** Same, for a locale string as Docusaurus gives it ("zh-Hans", "en", or anything else → en). */
export function methodWordFor(
  method: string | readonly string[] | Readonly<Record<string, string>>,
  locale: string,
): string {
  return methodWord(method, locale === "zh-Hans" ? "zh-Hans" : "en");
}

/** Like methodWordFor, but undefined (never an exception) for a missing or unknown method: for labels. */
export function methodWordOrUndefined(
  method: string | readonly string[] | Readonly<Record<string, string>> | undefined,
  locale: string,
): string | undefined {
  if (method === undefined) return undefined;
  try {
    return methodWordFor(method, locale);
  } catch {
    return undefined;
  }
}
