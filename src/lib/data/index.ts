// Datasets (Node): where files come from, and the loaders built on that.
export { DatasetNotFoundError, defaultCacheDir, resolveDataset, verifyArchive } from "./datasetSource";
export type {
  DatasetArchive,
  DatasetSourceKind,
  DatasetSpec,
  ResolveOptions,
  ResolvedDataset,
} from "./datasetSource";
export { mulberry32, shuffleInPlace } from "../util/random";
export { SST2_ROWS, SST2_SPEC, loadSst2, parseGlueTsv, readGlueTsv, splitRows } from "./sst2";
export type { LabeledText, Sst2Options, Sst2Splits } from "./sst2";
export {
  TATOEBA_CMN_SPEC,
  englishKey,
  loadTatoeba,
  parseTatoeba,
  readTatoeba,
  splitByEnglish,
  toSimplified,
} from "./tatoeba";
export type {
  ParseTatoebaOptions,
  SentencePair,
  SplitFractions,
  TatoebaOptions,
  TatoebaSplits,
  TranslationSplits,
} from "./tatoeba";
export {
  TANG_POEMS_FILES,
  TANG_POEMS_SPEC,
  TANG_QUICK_SUBSET,
  downloadTangPoems,
  loadTangPoems,
  parseTangPoems,
  poemBody,
  prepareTangPoems,
  splitPoemsByBody,
  tangPoemsUrl,
} from "./tangPoems";
export type {
  DedupedSplits,
  PoemSplits,
  RawTangPoem,
  TangPoem,
  TangPoemsCounts,
  TangPoemsOptions,
  TangPoemsSplits,
} from "./tangPoems";
