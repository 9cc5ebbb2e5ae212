/**
 * Published energy and emissions figures for LLM training and inference, with full citations.
 * The ONE place these numbers live: the notebook, the extrapolation and the site's calculator read
 * them from here. `ref` is an id in src/data/references.ts. Browser-safe.
 *
 * Conventions: energy in MWh (training: GPU/accelerator energy, with PUE only where `includesPue`);
 * emissions in tCO2e as reported. No training energy here was read from an electricity meter:
 *   - `energyDerived: true`: the energy is GPU-hours × a nominal power per GPU (the board's TDP),
 *     whether the source did the multiplication (BLOOM's 433,196 kWh = 1,082,990 h × 400 W) or this
 *     file did it (Llama, where the source gives GPU-hours and power and only the CO2e);
 *   - `energyDerived: false`: the source reports an energy computed from the *measured* average power
 *     of its servers (GPT-3: Patterson et al., 330 W per processor, × PUE 1.1).
 * `powerWatts` (and `pue` when `includesPue`) are the inputs: test/publish/publishedFigures.test.ts recomputes
 * every energy from gpuHours × powerWatts (× pue) and fails when an entry disagrees with its inputs.
 */

export interface PublishedTraining {
  id: string;
  model: string;
  /** Parameters. */
  params: number;
  /** Training tokens. */
  tokens: number;
  hardware: string;
  gpuHours?: number;
  /** Power per GPU behind the energy figure, watts: TDP when energyDerived, else the source's measured average. */
  powerWatts?: number;
  /** Energy in MWh (see energyDerived / includesPue). */
  energyMWh: number;
  /** GPU-hours × nominal power (TDP), not an energy from measured power: shown with a marker (*). */
  energyDerived: boolean;
  /** Whether energyMWh includes the facility overhead (× pue). */
  includesPue: boolean;
  tCO2e: number;
  /** What the tCO2e covers, e.g. "dynamic consumption" or "location-based, training only". */
  scope: string;
  /** Grid intensity the source used, gCO2e/kWh, when stated. */
  intensity?: number;
  pue?: number;
  /** Citation id in src/data/references.ts, and where in the source. */
  ref: string;
  where: string;
}

export const PUBLISHED_TRAINING: readonly PublishedTraining[] = [
  {
    id: "gpt3",
    model: "GPT-3 175B",
    params: 175e9,
    tokens: 300e9,
    hardware: "10,000 NVIDIA V100, 14.8 days",
    gpuHours: 3.552e6,
    powerWatts: 330,
    energyMWh: 1287,
    energyDerived: false,
    includesPue: true,
    tCO2e: 552,
    scope: "training, operational (net tCO2e)",
    intensity: 429,
    pue: 1.1,
    ref: "patterson2021",
    where:
      "Patterson et al. 2021, Table 4 (GPT-3 column: 330 W measured average system power per processor, PUE 1.1)",
  },
  {
    id: "bloom-dynamic",
    model: "BLOOM 176B",
    params: 176e9,
    tokens: 366e9,
    hardware: "NVIDIA A100 80GB (Jean Zay), 1,082,990 GPU-hours",
    gpuHours: 1_082_990,
    powerWatts: 400,
    energyMWh: 433.196,
    energyDerived: true,
    includesPue: false,
    tCO2e: 24.7,
    scope: "dynamic power consumption of training only",
    intensity: 57,
    pue: 1.2,
    ref: "luccioni2023bloom",
    where:
      "Luccioni, Viguier & Ligozat 2023, Tables 2 and 4 (433,196 kWh = 1,082,990 GPU-hours × 400 W TDP, without PUE; × 57 gCO2e/kWh = 24.69 t)",
  },
  {
    id: "bloom-total",
    model: "BLOOM 176B (total)",
    params: 176e9,
    tokens: 366e9,
    hardware: "NVIDIA A100 80GB (Jean Zay)",
    gpuHours: 1_082_990,
    powerWatts: 400,
    energyMWh: 433.196,
    energyDerived: true,
    includesPue: false,
    tCO2e: 50.5,
    scope: "dynamic + idle infrastructure + embodied emissions of the hardware",
    intensity: 57,
    pue: 1.2,
    ref: "luccioni2023bloom",
    where: "Luccioni, Viguier & Ligozat 2023, Table 4 (total 50.5 t)",
  },
  ...(
    [
      ["llama2-7b", "Llama 2 7B", 7e9, 184_320, 31.22],
      ["llama2-13b", "Llama 2 13B", 13e9, 368_640, 62.44],
      ["llama2-70b", "Llama 2 70B", 70e9, 1_720_320, 291.42],
    ] as const
  ).map(([id, model, params, gpuHours, tCO2e]): PublishedTraining => ({
    id,
    model,
    params,
    tokens: 2e12,
    hardware: "NVIDIA A100 80GB, 400 W",
    gpuHours,
    powerWatts: 400,
    energyMWh: (gpuHours * 400) / 1e6,
    energyDerived: true,
    includesPue: false,
    tCO2e,
    scope: "pretraining, location-based (100 % offset by Meta)",
    ref: "touvron2023llama2",
    where: "Touvron et al. 2023b, Table 2 (CO2 emissions during pretraining); also the Llama 2 model card",
  })),
  ...(
    [
      ["llama3-8b", "Llama 3 8B", 8e9, 1.3e6, 390],
      ["llama3-70b", "Llama 3 70B", 70e9, 6.4e6, 1900],
    ] as const
  ).map(([id, model, params, gpuHours, tCO2e]): PublishedTraining => ({
    id,
    model,
    params,
    tokens: 15e12,
    hardware: "NVIDIA H100 80GB, 700 W",
    gpuHours,
    powerWatts: 700,
    energyMWh: (gpuHours * 700) / 1e6,
    energyDerived: true,
    includesPue: false,
    tCO2e,
    scope: "pretraining, location-based (100 % offset by Meta)",
    ref: "meta2024llama3",
    where: "Meta Llama 3 model card (April 2024), section Carbon Footprint",
  })),
  {
    id: "llama31-405b",
    model: "Llama 3.1 405B",
    params: 405e9,
    tokens: 15e12,
    hardware: "NVIDIA H100 80GB, 700 W",
    gpuHours: 30.84e6,
    powerWatts: 700,
    energyMWh: (30.84e6 * 700) / 1e6,
    energyDerived: true,
    includesPue: false,
    tCO2e: 8930,
    scope: "training, location-based (market-based 0 t)",
    ref: "meta2024",
    where: "Meta Llama 3.1 model card, Training Greenhouse Gas Emissions table",
  },
];

export interface PublishedInference {
  task: string;
  /** Mean energy per 1,000 queries, kWh. */
  kWhPer1000: number;
  ref: string;
  where: string;
}

/** Luccioni, Jernite & Strubell (2024, FAccT; arXiv 2023), mean inference energy per 1,000 queries by task. */
export const PUBLISHED_INFERENCE: readonly PublishedInference[] = (
  [
    ["text classification", 0.002],
    ["extractive QA", 0.003],
    ["masked language modeling", 0.003],
    ["token classification", 0.004],
    ["image classification", 0.007],
    ["object detection", 0.038],
    ["text generation", 0.047],
    ["summarization", 0.049],
    ["image captioning", 0.063],
    ["image generation", 2.907],
  ] as const
).map(([task, kWhPer1000]) => ({
  task,
  kWhPer1000,
  ref: "luccioni2024",
  where: "Luccioni, Jernite & Strubell 2024, Table 2 (mean kWh per 1,000 inferences)",
}));

export interface ReferenceGpu {
  id: string;
  name: string;
  /** Dense peak FLOP/s at the precision used for LLM training (FP16/BF16 tensor cores, no sparsity). */
  peakFlops: number;
  precision: string;
  /** Board power limit / TDP, watts. */
  tdpWatts: number;
  ref: string;
  where: string;
}

/** Vendor datasheet figures. */
export const REFERENCE_GPUS: readonly ReferenceGpu[] = [
  {
    id: "v100",
    name: "NVIDIA V100 SXM2",
    peakFlops: 125e12,
    precision: "FP16 tensor (mixed precision)",
    tdpWatts: 300,
    ref: "nvidiav100",
    where: "NVIDIA Tesla V100 datasheet: 125 TFLOPS tensor performance, 300 W (SXM2)",
  },
  {
    id: "a100",
    name: "NVIDIA A100 SXM4",
    peakFlops: 312e12,
    precision: "BF16/FP16 tensor, dense",
    tdpWatts: 400,
    ref: "nvidiaa100",
    where: "NVIDIA A100 datasheet: 312 TFLOPS BF16 (624 with sparsity), 400 W (SXM)",
  },
  {
    id: "h100",
    name: "NVIDIA H100 SXM5",
    peakFlops: 989e12,
    precision: "BF16/FP16 tensor, dense",
    tdpWatts: 700,
    ref: "nvidiah100",
    where: "NVIDIA H100 datasheet: 1,979 TFLOPS BF16 with sparsity (989 dense), up to 700 W (SXM)",
  },
];

/**
 * Default model-FLOP utilization for the reference GPUs: 40 %. Llama 3 405B pretraining reported
 * 38–43 % BF16 MFU on H100s (Grattafiori et al. 2024, Table 4); PaLM reported 46.2 % on TPU v4
 * (Chowdhery et al. 2023). A stated assumption, changeable in the calculator.
 */
export const DEFAULT_UTILIZATION = 0.4;

/**
 * Ratio of two tasks' mean energy per inference in PUBLISHED_INFERENCE (e.g. text generation /
 * text classification), so that prose quoting it is rendered from the data, never typed in.
 */
export function inferenceEnergyRatio(numerator: string, denominator: string): number {
  const find = (task: string) => {
    const row = PUBLISHED_INFERENCE.find((r) => r.task === task);
    if (!row)
      throw new Error(
        `inferenceEnergyRatio: no task "${task}" in PUBLISHED_INFERENCE (tasks: ${PUBLISHED_INFERENCE.map((r) => r.task).join(", ")})`,
      );
    return row.kWhPer1000;
  };
  return find(numerator) / find(denominator);
}
