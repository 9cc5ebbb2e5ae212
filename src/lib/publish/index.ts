// Notebook → MDX publishing (Node only; not re-exported from the library's browser-safe entry).
export { markdownToMdx, cleanText, MAX_MARKDOWN_CHARS } from "./markdown";
export { assertMdxIsData, parseMarkdown, toMdx } from "./mdx";
export type { PageCode } from "./mdx";
export { publishedUrl } from "./links";
export type { UrlKind, UrlResolver } from "./links";
export type { Heading, MarkdownOptions, MarkdownResult } from "./markdown";
export {
  renderOutputs,
  sanitizeOutputHtml,
  shortenText,
  PLOTLY_MIME,
  MAX_TEXT_OUTPUT_CHARS,
} from "./outputs";
export type { AssetSink, OutputContext } from "./outputs";
export { notebookToMdx, notebookFootprint, hardwareText } from "./notebook";
export type { PageOptions, PageResult } from "./notebook";
export { publishNotebooks, copyWasm, makeUrlResolver } from "./site";
export type { PublishOptions, PublishedNotebook } from "./site";
export { readTranslation, translationSkeleton } from "./translation";
export type { NotebookTranslation } from "./translation";
export { stripAnsi, applyCarriageReturns, slugify, Slugger } from "./text";
export type * from "./types";
export {
  checkNotebookFolder,
  checkNotebookNumbers,
  figuresInMarkdown,
  formatNumbersProblem,
} from "./numbersCheck";
export type { Figure, NumbersProblem } from "./numbersCheck";
export { Localizer, readStringTable, formatNumberText, dataColumnNames } from "./localize";
export type { StringTable } from "./localize";
export { englishWords, figureTexts, pageEnglish, summarizeWords } from "./englishCheck";
export type { EnglishWords } from "./englishCheck";
