// Published training runs next to our estimates of them, computed live with the library:
// 6·N·D FLOPs on the run's GPU type at a stated utilization (GPU-only energy at TDP, no PUE), the
// utilization the published GPU-hours imply, and the energy at the efficiency measured on this
// project's machine (pooled J/FLOP of the committed ledger).
import React, { type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import {
  DEFAULT_UTILIZATION,
  PUBLISHED_TRAINING,
  parseEnergyRecord,
  pooledJoulesPerFlop,
  referenceGpu,
  trainingFlops,
  trainingFootprint,
} from "@site/src/lib/energy/browser";
import { formatSignificant as n } from "@site/src/lib/format/units";
import ScrollRegion from "@site/src/components/ScrollRegion";
import ledger from "@site/data/energy/ledger.json";
import styles from "./styles.module.css";

export type Props = {
  /** Model-FLOP utilization assumed for the reference GPUs (default 0.4). */
  utilization?: number;
};

const gpuOf = (hardware: string) =>
  /V100/.test(hardware) ? "v100" : /A100/.test(hardware) ? "a100" : "h100";

export default function EnergyExtrapolation({ utilization = DEFAULT_UTILIZATION }: Props): ReactNode {
  const records = (ledger as unknown[]).map((r, i) => parseEnergyRecord(r, `data/energy/ledger.json[${i}]`));
  const pooled = pooledJoulesPerFlop(records);
  const rows = PUBLISHED_TRAINING.filter((p) => !p.id.endsWith("-total"));
  return (
    <div>
      <ScrollRegion
        label={translate({
          id: "energy.extrapolation.tableLabel",
          message: "Published runs and estimates, table",
        })}
      >
        <table>
          <thead>
            <tr>
              <th>
                <Translate id="energy.extrapolation.model">Model</Translate>
              </th>
              <th>6·N·D (FLOP)</th>
              <th>
                <Translate id="energy.extrapolation.publishedEnergy">Published energy (MWh)</Translate>
              </th>
              <th>
                <Translate id="energy.extrapolation.publishedGpuHours">Published GPU-hours</Translate>
              </th>
              <th>
                <Translate id="energy.extrapolation.implied">Implied utilization</Translate>
              </th>
              <th>
                <Translate
                  id="energy.extrapolation.estimateAt"
                  values={{ percent: Math.round(utilization * 100) }}
                >
                  {"Estimate at {percent} % (MWh)"}
                </Translate>
              </th>
              <th>
                <Translate id="energy.extrapolation.thisMachine">At this machine's J/FLOP (GWh)</Translate>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const flops = trainingFlops(p.params, p.tokens);
              const gpu = referenceGpu(gpuOf(p.hardware));
              const est = trainingFootprint({
                params: p.params,
                tokens: p.tokens,
                hardware: { gpu: gpu.id, utilization },
                pue: 1,
                intensity: 0,
              });
              const implied = p.gpuHours ? flops / (p.gpuHours * 3600 * gpu.peakFlops) : undefined;
              const here = pooled && (flops * pooled.joulesPerFlop) / 3.6e12;
              return (
                <tr key={p.id}>
                  <td>
                    {p.model} ({gpu.name})
                  </td>
                  <td className={styles.quantity}>{n(flops)}</td>
                  <td className={styles.quantity}>
                    {n(p.energyMWh)}
                    {p.energyDerived ? "*" : ""}
                  </td>
                  <td className={styles.quantity}>{p.gpuHours ? n(p.gpuHours) : "–"}</td>
                  <td className={styles.quantity}>
                    {implied !== undefined ? `${Math.round(implied * 100)} %` : "–"}
                  </td>
                  <td className={styles.quantity}>{n(est.kWh / 1e3)}</td>
                  <td className={styles.quantity}>{here ? n(here) : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <p>
        <small>
          <Translate id="energy.extrapolation.note">
            * derived from the published GPU-hours × the stated power per GPU, as the source did for its CO₂e.
            Estimates are GPU energy at TDP, without PUE, host or network.
          </Translate>
          {pooled &&
            ` ${translate(
              {
                id: "energy.extrapolation.pooled",
                message: "This machine: {value} J/GFLOP pooled over {runs} ledger runs.",
              },
              { value: n(pooled.joulesPerFlop * 1e9), runs: pooled.runs },
            )}`}
        </small>
      </p>
    </div>
  );
}
