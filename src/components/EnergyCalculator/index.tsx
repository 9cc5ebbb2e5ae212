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
import useIsBrowser from "@docusaurus/useIsBrowser";
import ledger from "@site/data/energy/ledger.json";
import { regionOptions } from "./regionNames";
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

/** Names of the groups of countries in @tgwf/co2's averages (Ember's regions). */
function groupName(code: string): string | undefined {
  const names: Record<string, string> = {
    WORLD: translate({ id: "energy.calculator.group.world", message: "World" }),
    EU: translate({ id: "energy.calculator.group.eu", message: "European Union" }),
    EUROPE: translate({ id: "energy.calculator.group.europe", message: "Europe" }),
    AFRICA: translate({ id: "energy.calculator.group.africa", message: "Africa" }),
    ASIA: translate({ id: "energy.calculator.group.asia", message: "Asia" }),
    ASEAN: translate({ id: "energy.calculator.group.asean", message: "ASEAN" }),
    OCEANIA: translate({ id: "energy.calculator.group.oceania", message: "Oceania" }),
    OECD: translate({ id: "energy.calculator.group.oecd", message: "OECD" }),
    G7: translate({ id: "energy.calculator.group.g7", message: "G7" }),
    G20: translate({ id: "energy.calculator.group.g20", message: "G20" }),
    "NORTH AMERICA": translate({ id: "energy.calculator.group.northAmerica", message: "North America" }),
    "MIDDLE EAST": translate({ id: "energy.calculator.group.middleEast", message: "Middle East" }),
    "LATIN AMERICA AND CARIBBEAN": translate({
      id: "energy.calculator.group.latinAmerica",
      message: "Latin America and the Caribbean",
    }),
  };
  return names[code];
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
  // Country names come from the runtime's Intl data, which differs between Node (the static build)
  // and browsers ("Hong Kong SAR China" vs "Hong Kong"): named only after hydration, so that the
  // server's HTML and the first client render agree (React error #418 otherwise).
  const isBrowser = useIsBrowser();
  const regions = useMemo(
    () => regionOptions(regionCodes(), locale, groupName, { countryNames: isBrowser }),
    [locale, isBrowser],
  );

  let error: string | undefined;
  let result: ReturnType<typeof trainingFootprint> | undefined;
  let intensityText = "";
  try {
    // The dataset's source and year in the reader's language (the library's INTENSITY_SOURCE and
    // INTENSITY_YEAR, which records keep in English; test/site/navigation.browser.ts compares them).
    const intensity = custom.trim()
      ? gridIntensity(region, {
          gCO2ePerKWh: Number(custom),
          source: translate({ id: "energy.calculator.yourValue", message: "your value" }),
          year: translate({ id: "energy.calculator.yourYear", message: "stated by you" }),
        })
      : {
          ...gridIntensity(region),
          source: translate({
            id: "energy.calculator.intensitySource",
            message: "Ember yearly average grid intensity via CO2.js (@tgwf/co2 0.19.0 averageIntensity)",
          }),
          year: translate({
            id: "energy.calculator.intensityYear",
            message: "latest year Ember reports for the region (2023–2024 for most; USA and World 2024)",
          }),
        };
    intensityText = translate(
      { id: "energy.calculator.intensityText", message: "{value} gCO₂e/kWh ({source}; {year})" },
      { value: fmt(intensity.gCO2ePerKWh), source: intensity.source, year: intensity.year },
    );
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

  // Cheap to rebuild on every render (a dozen bars). Horizontal bars: model names stay readable on a
  // phone, and the axis spans only the energies shown (log scale, from the data).
  const figure = (() => {
    const pub = PUBLISHED_TRAINING.filter((p) => !p.id.endsWith("-total"));
    const selected = hardware === MEASURED ? undefined : REFERENCE_GPUS.find((g) => g.id === hardware);
    const rows = [...pub].sort((a, b) => a.energyMWh - b.energyMWh);
    const names = rows.map((p) => (p.energyDerived ? `${p.model} *` : p.model));
    const reported = (derived: boolean) => ({
      type: "bar",
      orientation: "h",
      name: derived
        ? translate({
            id: "energy.calculator.publishedDerived",
            message: "published GPU-hours × power per GPU (derived, no PUE)",
          })
        : translate({ id: "energy.calculator.published", message: "published energy (as reported)" }),
      y: names,
      x: rows.map((p) => (p.energyDerived === derived ? p.energyMWh : null)),
      hovertext: rows.map(
        (p) =>
          `${p.model}: ${formatEnergy(kWhToJoules(p.energyMWh * 1e3))}${p.includesPue ? ", incl. PUE" : ", without PUE"}, ${fmt(trainingFlops(p.params, p.tokens))} FLOPs, ${formatCO2e(p.tCO2e * 1e6)} — ${p.where}`,
      ),
      hoverinfo: "text",
      marker: derived ? { pattern: { shape: "/" } } : {},
    });
    const traces: Record<string, unknown>[] = [reported(false), reported(true)];
    if (selected) {
      // Where the estimate with the chosen GPU and utilization lands for each published run.
      traces.push({
        type: "scatter",
        mode: "markers",
        name: translate(
          {
            id: "energy.calculator.estimateForRuns",
            message: "estimate on {gpu} at {u} % (GPU only, × PUE)",
          },
          { gpu: selected.name, u: Math.round(utilization * 100) },
        ),
        y: names,
        x: rows.map(
          (p) =>
            trainingFootprint({
              params: p.params,
              tokens: p.tokens,
              hardware: { gpu: selected.id, utilization },
              pue,
              intensity: 0,
            }).facilityKWh / 1e3,
        ),
        marker: { symbol: "line-ns-open", size: 16, line: { width: 3 } },
      });
    }
    if (result) {
      traces.push({
        type: "bar",
        orientation: "h",
        name: translate({ id: "energy.calculator.yourEstimate", message: "your estimate" }),
        y: [translate({ id: "energy.calculator.yourModel", message: "your model" })],
        x: [result.facilityKWh / 1e3],
        hovertext: [`${fmt(result.flops)} FLOPs, ${formatEnergy(kWhToJoules(result.facilityKWh))}`],
        hoverinfo: "text",
      });
    }
    const xs = traces
      .flatMap((t) => (t.x as (number | null)[]).filter((v): v is number => v !== null && v > 0))
      .filter(Number.isFinite);
    const lo = Math.log10(Math.min(...xs)) - 0.3;
    const hi = Math.log10(Math.max(...xs)) + 0.3;
    return {
      data: traces,
      layout: {
        title: {
          text: translate({
            id: "energy.calculator.chartTitleRuns",
            message: "Training energy: published runs and your estimate",
          }),
        },
        barmode: "overlay",
        xaxis: {
          type: "log",
          dtick: 1,
          range: xs.length ? [lo, hi] : undefined,
          title: { text: translate({ id: "energy.calculator.yAxis", message: "energy (MWh)" }) },
        },
        yaxis: { automargin: true, tickfont: { size: 12 } },
        height: 230 + (rows.length + (result ? 1 : 0)) * 30,
        // Below the axis title, inside the bottom margin (three entries may take two lines on a phone).
        legend: { orientation: "h", x: 0, y: 0, yref: "container", yanchor: "bottom" },
        margin: { t: 80, b: 130, l: 10, r: 10 },
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
            {regions.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name}
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
