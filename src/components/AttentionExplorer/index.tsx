// Attention explorer: sliders for d_k, temperature and the number of keys over random queries and
// keys, showing live how softmax saturates (and its gradient vanishes) without the 1/√d_k scale.
// Plain arithmetic from src/lib/attention/saturation.ts; no TensorFlow.js is loaded.
import React, { useMemo, useState, type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { saturationStats } from "@site/src/lib/attention/saturation";
import styles from "./styles.module.css";

const DK_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

export type Props = {
  /** Initial key dimension. */
  dk?: number;
};

export default function AttentionExplorer({ dk: initialDk = 64 }: Props): ReactNode {
  const [dkIndex, setDkIndex] = useState(Math.max(0, DK_STEPS.indexOf(initialDk)));
  const [logTemperature, setLogTemperature] = useState(0); // τ = 10^logTemperature
  const [keys, setKeys] = useState(16);
  const [scaled, setScaled] = useState(true);
  const dk = DK_STEPS[dkIndex] ?? 64;
  const temperature = 10 ** logTemperature;

  const stats = useMemo(
    () => saturationStats({ dk, keys, scaled, temperature, trials: 100 }),
    [dk, keys, scaled, temperature],
  );
  // Mean largest weight against d_k, with and without scaling, for the current τ and key count.
  const curves = useMemo(
    () =>
      [true, false].map((s) =>
        DK_STEPS.map(
          (d) => saturationStats({ dk: d, keys, scaled: s, temperature, trials: 40 }).meanMaxWeight,
        ),
      ),
    [keys, temperature],
  );

  const scaledLabel = translate({ id: "explorer.scaled", message: "scores / √d_k" });
  const unscaledLabel = translate({ id: "explorer.unscaled", message: "unscaled q·k" });
  return (
    <div className={styles.explorer} data-testid="attention-explorer">
      <div className={styles.controls}>
        <label>
          d<sub>k</sub> = <output>{dk}</output>
          <input
            type="range"
            min={0}
            max={DK_STEPS.length - 1}
            value={dkIndex}
            onChange={(e) => setDkIndex(Number(e.target.value))}
            aria-label="d_k"
          />
        </label>
        <label>
          <Translate id="explorer.temperature">temperature</Translate> τ ={" "}
          <output>{temperature.toPrecision(2)}</output>
          <input
            type="range"
            min={-1}
            max={1}
            step={0.05}
            value={logTemperature}
            onChange={(e) => setLogTemperature(Number(e.target.value))}
            aria-label="temperature"
          />
        </label>
        <label>
          <Translate id="explorer.keys">keys</Translate> = <output>{keys}</output>
          <input
            type="range"
            min={4}
            max={64}
            step={4}
            value={keys}
            onChange={(e) => setKeys(Number(e.target.value))}
            aria-label="keys"
          />
        </label>
        <label className={styles.checkbox}>
          <input type="checkbox" checked={scaled} onChange={(e) => setScaled(e.target.checked)} />
          <Translate id="explorer.divide">divide by √d_k</Translate>
        </label>
      </div>
      <dl className={styles.stats}>
        <dt>
          <Translate id="explorer.maxWeight">largest weight (mean)</Translate>
        </dt>
        <dd>{stats.meanMaxWeight.toFixed(3)}</dd>
        <dt>
          <Translate id="explorer.entropy">entropy / log(keys)</Translate>
        </dt>
        <dd>{stats.meanNormalizedEntropy.toFixed(3)}</dd>
        <dt>
          <Translate id="explorer.jacobian">softmax gradient ‖∂p/∂s‖</Translate>
        </dt>
        <dd>{stats.meanJacobianNorm.toFixed(4)}</dd>
        <dt>
          <Translate id="explorer.scoreStd">score spread (std)</Translate>
        </dt>
        <dd>{stats.scoreStd.toFixed(2)}</dd>
      </dl>
      <div className={styles.charts}>
        <PlotlyChart
          figure={{
            data: [{ type: "bar", x: stats.example.map((_, i) => `k${i + 1}`), y: stats.example }],
            layout: {
              title: {
                text: translate({ id: "explorer.weightsTitle", message: "Weights of one random query" }),
              },
              yaxis: {
                range: [0, 1],
                title: { text: translate({ id: "explorer.weightAxis", message: "softmax weight" }) },
              },
              height: 300,
              margin: { t: 40, r: 10, b: 40, l: 50 },
            },
          }}
        />
        <PlotlyChart
          figure={{
            data: [
              { type: "scatter", mode: "lines+markers", name: scaledLabel, x: DK_STEPS, y: curves[0] },
              { type: "scatter", mode: "lines+markers", name: unscaledLabel, x: DK_STEPS, y: curves[1] },
              {
                type: "scatter",
                mode: "markers",
                name: translate({ id: "explorer.current", message: "current setting" }),
                x: [dk],
                y: [stats.meanMaxWeight],
                marker: { size: 14, symbol: "circle-open" },
              },
            ],
            layout: {
              title: { text: translate({ id: "explorer.curveTitle", message: "Saturation against d_k" }) },
              xaxis: { type: "log", title: { text: "d_k" } },
              yaxis: {
                range: [0, 1.05],
                title: {
                  text: translate({ id: "explorer.maxWeightAxis", message: "largest weight (mean)" }),
                },
              },
              height: 300,
              margin: { t: 40, r: 10, b: 40, l: 50 },
              legend: { orientation: "h", y: -0.3 },
            },
          }}
        />
      </div>
    </div>
  );
}
