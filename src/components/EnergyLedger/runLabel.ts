// A ledger record's run name in the reader's language. The ledger keeps each run's English label
// (data/energy/ledger.jsonl, written by the code that ran it); the Chinese names are in
// i18n/zh-Hans/ledger-labels.json, which test/components/ledgerLabels.test.ts keeps complete.
import zhLabels from "../../../i18n/zh-Hans/ledger-labels.json";

const ZH: Readonly<Record<string, string>> = zhLabels;

/** `label` for an English reader; its Chinese name on a zh page (the label itself if it has none). */
export function runLabel(label: string, locale: string): string {
  return locale.startsWith("zh") ? (ZH[label] ?? label) : label;
}
