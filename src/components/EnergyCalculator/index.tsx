// Energy and CO2e calculator: N parameters × D tokens (6·N·D training FLOPs) on a reference GPU at a
// stated utilization, or at the efficiency estimated on this project's machine, × PUE × grid
// intensity. The arithmetic is the library's (src/lib/energy/extrapolate.ts, carbon.ts), so the
// page and the notebook give the same numbers. Published training runs are plotted for comparison.
import React, { useMemo, useState, type ReactNode } from "react";
import { translate } from "@docusaurus/Translate";
import PlotlyChart from "@site/src/components/PlotlyChart";
import {
  DEFAULT_UTILIZATION,
  PUBLISHED_TRAINING,
  REFERENCE_GPUS,
  REFERENCE_PUE,
  gridIntensity,
  kWhToJoules,
  parseEnergyRecord,
  pooledJoulesPerFlop,
  regionCodes,
  trainingFlops,
  trainingFootprint,
} from "@site/src/lib/energy/browser";
import { formatCO2e, formatEnergy, formatSignificant as fmt } from "@site/src/lib/format/units";
import { methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import ledger from "@site/data/energy/ledger.json";
import styles from "./styles.module.css";

export type Props = {
  /** Initial parameters (default 7e9) and tokens (default 2e12). */
  params?: number;
  tokens?: number;
};

const MEASURED = "measured";

/** J/FLOP pooled over the committed ledger's runs that carry FLOP counts (null when none). */
function measuredEfficiency() {
  const records = (ledger as unknown[]).map((r, i) => parseEnergyRecord(r, `data/energy/ledger.json[${i}]`));
  const pooled = pooledJoulesPerFlop(records);
  return pooled && { ...pooled, method: Array.from(new Set(records.map((r) => r.method.cpu))).join(", ") };
}

export default function EnergyCalculator({ params: p0 = 7e9, tokens: t0 = 2e12 }: Props): ReactNode {
  const measured = useMemo(measuredEfficiency, []);
  const locale = useDocusaurusContext().i18n.currentLocale;
  const [paramsB, setParamsB] = useState(p0 / 1e9);
  const [tokensB, setTokensB] = useState(t0 / 1e9);
  const [hardware, setHardware] = useState("a100");
  const [utilization, setUtilization] = useState(DEFAULT_UTILIZATION);
  const [pue, setPue] = useState(1.1);
  const [region, setRegion] = useState("USA");
  const [custom, setCustom] = useState("");
  const codes = useMemo(regionCodes, []);

  let error: string | undefined;
  let result: ReturnType<typeof trainingFootprint> | undefined;
  let intensityText = "";
  try {
    const intensity = custom.trim()
      ? gridIntensity(region, {
          gCO2ePerKWh: Number(custom),
          source: translate({ id: "energy.calculator.yourValue", message: "your value" }),
        })
      : gridIntensity(region);
    intensityText = `${fmt(intensity.gCO2ePerKWh)} gCO₂e/kWh (${intensity.source}; ${intensity.year})`;
    result = trainingFootprint({
      params: paramsB * 1e9,
      tokens: tokensB * 1e9,
      hardware:
        hardware === MEASURED
          ? { joulesPerFlop: measured?.joulesPerFlop ?? Number.NaN }
          : { gpu: hardware, utilization },
      pue,
      intensity: intensity.gCO2ePerKWh,
    });
  } catch (err) {
    error = (err as Error).message;
  }

  // Cheap to rebuild on every render (a dozen points).
  const figure = (() => {
    const pub = PUBLISHED_TRAINING.filter((p) => !p.id.endsWith("-total"));
    const xs = [1e18, 1e26];
    const lines = REFERENCE_GPUS.map((g) => ({
      type: "scatter",
      mode: "lines",
      name: `${g.name}, ${Math.round(utilization * 100)} %`,
      x: xs,
      y: xs.map(
        (f) =>
          trainingFootprint({
            params: f / 6,
            tokens: 1,
            hardware: { gpu: g.id, utilization },
            pue,
            intensity: 0,
          }).facilityKWh / 1e3,
      ),
      line: { dash: "dot", width: 1 },
    }));
    const traces: unknown[] = [
      ...lines,
      // Reported energies and energies derived from GPU-hours × power are different kinds of figure:
      // two traces, two markers (filled circle / open diamond), so a derived value is never read as reported.
      ...[false, true].map((derived) => {
        const rows = pub.filter((p) => p.energyDerived === derived);
        return {
          type: "scatter",
          mode: "markers+text",
          name: derived
            ? translate({
                id: "energy.calculator.publishedDerived",
                message: "published GPU-hours × power per GPU (derived, no PUE)",
              })
            : translate({ id: "energy.calculator.published", message: "published energy (as reported)" }),
          x: rows.map((p) => trainingFlops(p.params, p.tokens)),
          y: rows.map((p) => p.energyMWh),
          text: rows.map((p) => (derived ? `${p.model} *` : p.model)),
          textposition: "top center",
          textfont: { size: 10 },
          hovertext: rows.map(
            (p) =>
              `${p.model}: ${formatEnergy(kWhToJoules(p.energyMWh * 1e3))}${derived ? " * (GPU-h × W)" : ""}${p.includesPue ? ", incl. PUE" : ", without PUE"}, ${formatCO2e(p.tCO2e * 1e6)} — ${p.where}`,
          ),
          hoverinfo: "text",
          marker: derived ? { size: 10, symbol: "diamond-open" } : { size: 9 },
        };
      }),
    ];
    if (result) {
      traces.push({
        type: "scatter",
        mode: "markers",
        name: translate({ id: "energy.calculator.yourEstimate", message: "your estimate" }),
        x: [result.flops],
        y: [result.facilityKWh / 1e3],
        marker: { size: 14, symbol: "star" },
      });
    }
    return {
      data: traces,
      layout: {
        title: {
          text: translate({ id: "energy.calculator.chartTitle", message: "Training energy vs 6·N·D FLOPs" }),
        },
        xaxis: {
          type: "log",
          title: { text: translate({ id: "energy.calculator.xAxis", message: "training FLOPs (6·N·D)" }) },
        },
        yaxis: {
          type: "log",
          title: { text: translate({ id: "energy.calculator.yAxis", message: "energy (MWh)" }) },
        },
        height: 460,
        legend: { orientation: "h", y: -0.25 },
      },
    };
  })();

  return (
    <div className={styles.calculator}>
      <div className={styles.inputs}>
        <label>
          {translate({ id: "energy.calculator.params", message: "Parameters (billions)" })}
          <input
            type="number"
            min={0}
            step="any"
            value={paramsB}
            onChange={(e) => setParamsB(Number(e.target.value))}
          />
        </label>
        <label>
          {translate({ id: "energy.calculator.tokens", message: "Training tokens (billions)" })}
          <input
            type="number"
            min={0}
            step="any"
            value={tokensB}
            onChange={(e) => setTokensB(Number(e.target.value))}
          />
        </label>
        <label>
          {translate({ id: "energy.calculator.hardware", message: "Hardware" })}
          <select value={hardware} onChange={(e) => setHardware(e.target.value)}>
            {REFERENCE_GPUS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({fmt(g.peakFlops / 1e12)} TFLOP/s, {g.tdpWatts} W)
              </option>
            ))}
            {measured && (
              <option value={MEASURED}>
                {translate({
                  id: "energy.calculator.thisMachine",
                  message: "This project's machine (ledger)",
                })}
                {methodWordOrUndefined(measured.method, locale)
                  ? ` (${methodWordOrUndefined(measured.method, locale)})`
                  : ""}
                : {fmt(measured.joulesPerFlop * 1e9)} J/GFLOP
              </option>
            )}
          </select>
        </label>
        <label>
          {translate({ id: "energy.calculator.utilization", message: "GPU utilization (MFU)" })}:{" "}
          {Math.round(utilization * 100)} %
          <input
            type="range"
            min={0.05}
            max={1}
            step={0.05}
            value={utilization}
            disabled={hardware === MEASURED}
            onChange={(e) => setUtilization(Number(e.target.value))}
          />
        </label>
        <label>
          PUE
          <input
            type="number"
            min={1}
            step={0.01}
            value={pue}
            onChange={(e) => setPue(Number(e.target.value))}
          />
          <span className={styles.presets}>
            <button type="button" onClick={() => setPue(1)}>
              1.0
            </button>
            <button
              type="button"
              onClick={() => setPue(REFERENCE_PUE.hyperscale.value)}
              title={REFERENCE_PUE.hyperscale.source}
            >
              {REFERENCE_PUE.hyperscale.value}
            </button>
            <button
              type="button"
              onClick={() => setPue(REFERENCE_PUE.industryAverage.value)}
              title={REFERENCE_PUE.industryAverage.source}
            >
              {REFERENCE_PUE.industryAverage.value}
            </button>
          </span>
        </label>
        <label>
          {translate({ id: "energy.calculator.region", message: "Grid region" })}
          <select value={region} onChange={(e) => setRegion(e.target.value)}>
            {codes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {translate({
            id: "energy.calculator.customIntensity",
            message: "or your own intensity (gCO₂e/kWh)",
          })}
          <input
            type="number"
            min={0}
            step="any"
            value={custom}
            placeholder="—"
            onChange={(e) => setCustom(e.target.value)}
          />
        </label>
      </div>

      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : (
        result && (
          <dl className={styles.results} aria-live="polite">
            <dt>{translate({ id: "energy.calculator.flops", message: "Training FLOPs (6·N·D)" })}</dt>
            <dd>{fmt(result.flops)}</dd>
            {result.gpuHours !== undefined && (
              <>
                <dt>{translate({ id: "energy.calculator.gpuHours", message: "GPU-hours" })}</dt>
                <dd>{fmt(result.gpuHours)}</dd>
              </>
            )}
            <dt>{translate({ id: "energy.calculator.itEnergy", message: "IT energy" })}</dt>
            <dd>{formatEnergy(kWhToJoules(result.kWh))}</dd>
            <dt>
              {translate({ id: "energy.calculator.facilityEnergy", message: "Facility energy (× PUE)" })}
            </dt>
            <dd>{formatEnergy(kWhToJoules(result.facilityKWh))}</dd>
            <dt>{translate({ id: "energy.calculator.emissions", message: "Emissions" })}</dt>
            <dd>
              <strong>{formatCO2e(result.tCO2e * 1e6)}</strong>
            </dd>
            <dt>{translate({ id: "energy.calculator.intensity", message: "Grid intensity" })}</dt>
            <dd>{intensityText}</dd>
          </dl>
        )
      )}
      <PlotlyChart figure={figure} />
    </div>
  );
}
