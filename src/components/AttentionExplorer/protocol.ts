// Messages between the attention explorer (main thread, ./saturationClient.ts) and its Web Worker
// (./saturation.worker.ts). Plain structured-cloneable data only.
import type { SaturationStats } from "@site/src/lib/attention/saturation";

export type { SaturationStats };

/** The sliders' setting. */
export interface Setting {
  dk: number;
  keys: number;
  scaled: boolean;
  temperature: number;
}

/** What the explorer shows for one setting. */
export interface SaturationResult {
  setting: Setting;
  /** Averages over 100 random queries at this setting. */
  stats: SaturationStats;
  /** Mean largest weight at each d_k of DK_STEPS, [scaled, unscaled], for this τ and key count. */
  curves: [number[], number[]];
}

export type ToWorker = { type: "compute"; id: number; setting: Setting };
export type FromWorker =
  { type: "result"; id: number; result: SaturationResult } | { type: "error"; id: number; message: string };
