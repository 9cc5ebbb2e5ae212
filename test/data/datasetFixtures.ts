/**
 * Tiny format samples of the two datasets (a few lines each), written to a fresh temporary folder
 * at test time under the names the loaders look for. Files named like the datasets (train.tsv,
 * dev.tsv, cmn.txt) stay out of git: the real datasets live in ../shared/datasets or a cache.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** SST-2 in the GLUE layout: a header, then sentence TAB label (GLUE's train rows keep a space before the TAB). */
export const SST2_TRAIN_SAMPLE = [
  "sentence\tlabel\n",
  "it 's a charming and often affecting journey . \t1\n",
  "unflinchingly bleak and desperate \t0\n",
  "the acting , costumes , music , cinematography and sound are all astounding \t1\n",
].join("");
export const SST2_DEV_SAMPLE = [
  "sentence\tlabel\n",
  "one long string of cliches .\t0\n",
  "a masterpiece four years in the making .\t1\n",
].join("");
/** Tatoeba cmn-eng as on manythings.org: English TAB Chinese [TAB attribution]; line 3 is Traditional. */
export const TATOEBA_SAMPLE = [
  "Hi.\t嗨。\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & #891077 (Martha)\n",
  "Hi.\t你好。\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & #4857568 (musclegirlxyp)\n",
  "I like computers.\t我喜歡電腦。\tCC-BY 2.0 (France) Attribution: tatoeba.org #1 (a) & #2 (b)\n",
  "Run.\t你用跑的。\n",
  "Wait!\t等等！\tCC-BY 2.0 (France) Attribution: tatoeba.org #1744314 (belgavox) & #4970122 (wzhd)\n",
].join("");

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "footprint-fixture-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const written = new Map<string, string>(); // one folder per kind and test process

/** A data folder holding sst2/train.tsv and sst2/dev.tsv. */
export function sst2FixtureDir(): string {
  if (!written.has("sst2")) {
    written.set("sst2", writeTree({ "sst2/train.tsv": SST2_TRAIN_SAMPLE, "sst2/dev.tsv": SST2_DEV_SAMPLE }));
  }
  return written.get("sst2")!;
}

/** A data folder holding tatoeba-cmn-eng/cmn.txt. */
export function tatoebaFixtureDir(): string {
  if (!written.has("tatoeba")) written.set("tatoeba", writeTree({ "tatoeba-cmn-eng/cmn.txt": TATOEBA_SAMPLE }));
  return written.get("tatoeba")!;
}
