// The energy ledger of this project: every record of data/energy/ledger.jsonl (imported at build
// time through its JSON snapshot data/energy/ledger.json), validated with the library's schema, as a
// table with the method and hardware of each row, and two charts: energy per run by component, and
// energy efficiency (J per GFLOP) of the runs that carry a FLOP count.
import React, { type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { parseEnergyRecord } from "@site/src/lib/energy/browser";
import { formatCO2e, formatDuration, formatEnergy, formatSignificant } from "@site/src/lib/format/units";
import { methodKind, methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import type { EnergyRecord } from "@site/src/lib/energy/browser";
import ledger from "@site/data/energy/ledger.json";
import styles from "./styles.module.css";

export type Props = {
  /** Records to show (default: the committed ledger). */
  records?: EnergyRecord[];
};

function loadLedger(): EnergyRecord[] {
  return (ledger as unknown[]).map((r, i) => parseEnergyRecord(r, `data/energy/ledger.json[${i}]`));
}

function methods(r: EnergyRecord): string {
  return Object.entries(r.method)
    .map(([c, m]) => `${c}: ${m}`)
    .join(", ");
}

export default function EnergyLedger({ records = loadLedger() }: Props): ReactNode {
  const locale = useDocusaurusContext().i18n.currentLocale;
  const labels = records.map((r, i) => `${i + 1}. ${r.label}`);

  const byComponent = {
    data: (["cpu", "dram", "gpu"] as const)
      .filter((c) => records.some((r) => r.joules[c] !== undefined))
      .map((c) => ({
        type: "bar",
        name: c,
        x: labels,
        y: records.map((r) => r.joules[c] ?? 0),
        hovertext: records.map((r) => `${c}: ${r.method[c] ?? "–"}`),
      })),
    layout: {
      title: {
        text: translate({
          id: "energy.ledger.chartByComponent",
          message: "Energy per run, by component (J)",
        }),
      },
      barmode: "stack",
      yaxis: { title: { text: "J" } },
      xaxis: { automargin: true },
      height: 420,
    },
  };
  const withFlops = records.filter((r) => r.flops);
  const efficiency = {
    data: [
      {
        type: "bar",
        name: "J/GFLOP",
        x: withFlops.map((r) => r.label),
        y: withFlops.map((r) => (r.joules.total / r.flops!) * 1e9),
        hovertext: withFlops.map((r) => `${methods(r)}; ${r.backend}; ${r.hardware.cpuModel}`),
      },
    ],
    layout: {
      title: {
        text: translate({
          id: "energy.ledger.chartEfficiency",
          message: "Energy per GFLOP (lower is better)",
        }),
      },
      yaxis: { title: { text: "J/GFLOP" }, type: "log" },
      xaxis: { automargin: true },
      height: 380,
    },
  };

  return (
    <div>
      <div className={styles.scroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>#</th>
              <th>
                <Translate id="energy.ledger.run">Run</Translate>
              </th>
              <th>
                <Translate id="energy.ledger.date">Date</Translate>
              </th>
              <th>
                <Translate id="energy.ledger.duration">Duration</Translate>
              </th>
              <th>
                <Translate id="energy.ledger.energy">Energy</Translate>
              </th>
              <th>
                <Translate id="energy.ledger.method">Method per component</Translate>
              </th>
              <th>CO₂e</th>
              <th>
                <Translate id="energy.ledger.grid">Grid, PUE</Translate>
              </th>
              <th>
                <Translate id="energy.ledger.hardware">Hardware, backend</Translate>
              </th>
              <th>J/GFLOP</th>
              <th>
                <Translate id="energy.ledger.commit">Commit</Translate>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <tr key={`${r.date}-${i}`}>
                <td>{i + 1}</td>
                <td>{r.label}</td>
                <td className={styles.quantity}>{r.date.slice(0, 16).replace("T", " ")}</td>
                <td className={styles.quantity}>{formatDuration(r.seconds)}</td>
                <td>
                  <span className={styles.quantity}>{formatEnergy(r.joules.total)}</span>
                  <br />
                  <small>
                    <span className={styles.quantity}>cpu {formatEnergy(r.joules.cpu)}</span>,{" "}
                    <span className={styles.quantity}>dram {formatEnergy(r.joules.dram)}</span>
                    {r.joules.gpu !== undefined && (
                      <>
                        , <span className={styles.quantity}>gpu {formatEnergy(r.joules.gpu)}</span>
                      </>
                    )}
                  </small>
                </td>
                <td>
                  {Object.entries(r.method).map(([c, m]) => (
                    <span
                      key={c}
                      className={methodKind(m) === "measured" ? styles.measured : styles.estimated}
                      title={methodWordOrUndefined(m, locale)}
                    >
                      {c}: {m}
                    </span>
                  ))}
                </td>
                <td className={styles.quantity}>{formatCO2e(r.gCO2e)}</td>
                <td>
                  {r.region} ({r.intensity.gCO2ePerKWh} g/kWh), PUE {r.pue.value}
                </td>
                <td>
                  {r.hardware.cpuModel} × {r.hardware.cpuCores}
                  {r.hardware.gpu ? `, ${r.hardware.gpu}` : ""}, {r.backend}
                  {r.hardware.cpuPowerSource && (
                    <>
                      <br />
                      <small title={r.hardware.cpuPowerSource}>
                        <Translate id="energy.ledger.tdpSource">TDP source: hover</Translate>
                      </small>
                    </>
                  )}
                </td>
                <td className={styles.quantity}>
                  {r.flops ? formatSignificant((r.joules.total / r.flops) * 1e9) : "–"}
                </td>
                <td>
                  <code>{r.gitCommit.slice(0, 7)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PlotlyChart figure={byComponent} />
      {withFlops.length > 0 && <PlotlyChart figure={efficiency} />}
    </div>
  );
}
