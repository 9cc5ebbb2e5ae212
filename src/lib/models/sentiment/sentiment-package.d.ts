// Types for the `sentiment` npm package (5.x, AFINN-165), which ships none.
declare module "sentiment" {
  interface AnalysisResult {
    score: number;
    comparative: number;
    calculation: Record<string, number>[];
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  }
  class Sentiment {
    constructor(options?: Record<string, unknown>);
    analyze(phrase: string, options?: { language?: string; extras?: Record<string, number> }): AnalysisResult;
  }
  export = Sentiment;
}
