/**
 * Raw English → the tokenization SST-2 uses (Penn-Treebank style, lower case), so that a model
 * trained on GLUE's pre-tokenized text can read what a user types (browser-safe).
 *
 *   "It's not good, isn't it?"  →  "it 's not good , is n't it ?"
 *   "I can't believe—wow!"      →  "i ca n't believe -- wow !"
 *
 * Rules, in order: Unicode quotes/dashes to ASCII; lower case; double quotes to `` and '';
 * clitics split off (n't, 's, 're, 've, 'll, 'd, 'm); punctuation , ; : ? ! ( ) ... split off;
 * a final period split off unless the word is an abbreviation (u.s., mr., etc., an initial like "l.").
 * GLUE's dev.tsv spells brackets -lrb- / -rrb-, train.tsv ( ): both become ( ).
 * Text already in SST-2 style comes back unchanged apart from those brackets (tested on dev and train).
 */

/** Words whose final period belongs to them (PTB keeps "mr." and "etc." whole). */
const ABBREVIATIONS = new Set(
  [
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "vs",
    "mt",
    "prof",
    "etc",
    "bros",
    "no",
    "inc",
    "co",
    "corp",
    "vol",
    "ft",
  ].map((w) => `${w}.`),
);

export function normalizeSst2Style(raw: string): string {
  let s = raw
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, " -- ")
    .replace(/\u2026/g, " ... ")
    .toLowerCase();
  // Double quotes: opening `` after start/space/bracket, closing '' otherwise.
  s = s.replace(/(^|[\s([{])"/g, "$1 `` ").replace(/"/g, " '' ");
  // Clitics: can't → ca n't, won't → wo n't, isn't → is n't; it's → it 's, we're → we 're ...
  s = s.replace(/([a-z])n't\b/g, "$1 n't");
  s = s.replace(/([a-z0-9])'(s|re|ve|ll|d|m)\b/g, "$1 '$2");
  s = s.replace(/\bcannot\b/g, "can not");
  // Punctuation that is always its own token.
  s = s.replace(/\.{3,}/g, " ... ");
  // GLUE's dev.tsv writes brackets as -lrb- / -rrb- while train.tsv has ( ): map both to ( ).
  s = s.replace(/-lrb-/g, " ( ").replace(/-rrb-/g, " ) ");
  s = s.replace(/([;:?!()[\]{}])/g, " $1 ");
  s = s.replace(/,(?!\d)|(?<!\d),/g, " , "); // but keep 10,000 whole
  s = s.replace(/(^|\s)--(?=\S)|(\S)--(\s|$)/g, (m) => m.replace("--", " -- "));
  const tokens = s.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (const t of tokens) {
    // A word ending in one period: split it off unless it is u.s.-like or a title.
    if (
      t.length > 1 &&
      t.endsWith(".") &&
      !t.endsWith("..") &&
      !ABBREVIATIONS.has(t) &&
      !/^[a-z]\.$/.test(t) &&
      !t.slice(0, -1).includes(".")
    ) {
      out.push(t.slice(0, -1), ".");
    } else {
      out.push(t);
    }
  }
  return out.join(" ");
}

/** Splits SST-2-style text into tokens (on whitespace). */
export function splitTokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}
