// What a notebook shows (the library's `show` namespace): display helpers for tslab and the
// figure builders they take.
export { showAttention, showAttentionHeads, showMarkdown, showPlot, showTable } from "./display";
export type { Matrix, PlotlyFigure, TableRows } from "./display";
export { showSource, sourceOf } from "./source";
export type { SourceSnippet } from "./source";
export {
  attentionHeadsFigure,
  attentionHeatmapFigure,
  barChartFigure,
  confusionMatrixFigure,
  lineChartFigure,
} from "../eval/figures";
export type { AttentionFigureOptions, AttentionLabels, CurvePoint, FigureSpec } from "../eval/figures";
