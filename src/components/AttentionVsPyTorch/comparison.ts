/**
 * The figures of the FAQ's comparison with PyTorch, from a benchmark record (`npm run bench`,
 * data/bench/attention-wasm.json).
 */
type Mode = "forward" | "forward+backward";
export interface BenchRecord {
  date: string;
  machine: { cores: number };
  rows: { label: string; T: number; variant: string; mode: string; medianMs: number }[];
  pytorch: {
    comparison?: { label: string; mode: string; ratio: number; torchMs: number }[];
    skipped?: string;
  };
}

/** The configuration the project's brief names. */
export const BRIEF = "B·H=32 T=128 d=32";

export interface Comparison {
  date: string;
  cores: number;
  /** library ÷ PyTorch at BRIEF. */
  forward: number;
  both: number;
  /** Over every shape and both modes. */
  min: number;
  max: number;
  tMin: number;
  tMax: number;
  /** The plain tfjs composition ÷ PyTorch at BRIEF. */
  plainForward: number;
  plainBoth: number;
}

/** The figures of the sentence, or undefined when the record has no PyTorch timings. */
export function comparisonOf(record: BenchRecord): Comparison | undefined {
  const cmp = record.pytorch.comparison;
  if (!cmp?.length) return undefined;
  const at = (mode: Mode) => cmp.find((c) => c.label === BRIEF && c.mode === mode);
  const plain = (mode: Mode) => {
    const row = record.rows.find((r) => r.label === BRIEF && r.mode === mode && r.variant === "plain");
    const torch = at(mode);
    return row && torch ? row.medianMs / torch.torchMs : NaN;
  };
  const ratios = cmp.map((c) => c.ratio);
  const ts = record.rows.map((r) => r.T);
  return {
    date: record.date.slice(0, 10),
    cores: record.machine.cores,
    forward: at("forward")?.ratio ?? NaN,
    both: at("forward+backward")?.ratio ?? NaN,
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    tMin: Math.min(...ts),
    tMax: Math.max(...ts),
    plainForward: plain("forward"),
    plainBoth: plain("forward+backward"),
  };
}
