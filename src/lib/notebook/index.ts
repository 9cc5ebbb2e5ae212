// Notebook support (Node-only): headless runner pieces and display helpers for tslab.
export {
  parseNotebook,
  serializeNotebook,
  stripVolatileMetadata,
  joinSource,
  firstLine,
  roundSig,
  VOLATILE_CELL_METADATA,
  VOLATILE_NOTEBOOK_METADATA,
} from "./format";
export type { Notebook, NotebookCell, CellFootprint, NotebookFootprint, MultilineString } from "./format";
export { attachFootprint, cellFootprint, describeFailure } from "./footprint";
export type { CellMeasurement, ExecutionReport, PowerModel, FootprintContext } from "./footprint";
export {
  PLOTLY_MIME,
  emit,
  setDisplaySink,
  inTslab,
  plotlyBundle,
  showPlot,
  tableBundle,
  showTable,
  showAttention,
  showAttentionHeads,
  showMarkdown,
  toMatrix,
  toPlainJson,
  escapeHtml,
} from "./display";
export type { MimeBundle, DisplaySink, PlotlyFigure, TableRows, Matrix } from "./display";
export { figureFallbackHtml, heatmapTable } from "./fallback";
export { sourceOf, showSource } from "./source";
export type { SourceSnippet } from "./source";
