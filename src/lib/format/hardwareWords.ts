// A run's hardware line ("AMD EPYC (2 logical CPUs)", "AMD EPYC, 2 logical CPUs", written by the
// runner and the publisher, and kept in English in records) in the reader's language. Browser-safe.

/** `text` as it reads on a page in `locale`: the CPU count and "unknown CPU" in Chinese on zh pages. */
export function hardwareWords(text: string, locale: string): string {
  if (!locale.startsWith("zh")) return text;
  return text.replace(/(\d+) logical CPUs?/g, "$1 个逻辑 CPU").replace(/\bunknown CPU\b/g, "未知 CPU");
}
