// The energy ledger of this project: every record of data/energy/ledger.jsonl (imported at build
// time through its JSON snapshot data/energy/ledger.json), validated with the library's schema, as a
// table with the method and hardware of each row (cards on a phone), and two charts with horizontal
// bars (run names stay readable): energy per run by component, and energy per GFLOP of the runs
// that carry a FLOP count. Energy and CO₂e columns each read in one unit, named in the header.
import React, { type ReactNode } from "react";
import Translate, { translate } from "@docusaurus/Translate";
import PlotlyChart from "@site/src/components/PlotlyChart";
import ScrollRegion from "@site/src/components/ScrollRegion";
import { parseEnergyRecord } from "@site/src/lib/energy/browser";
import {
  co2eColumnUnit,
  energyColumnUnit,
  formatDuration,
  formatInUnit,
  formatSignificant,
} from "@site/src/lib/format/units";
import { methodKind, methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import type { EnergyRecord } from "@site/src/lib/energy/browser";
import ledger from "@site/data/energy/ledger.json";
import { runLabel } from "./runLabel";
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

/** A run name short enough for a bar chart's axis (the full name is in the hover text). */
function shortLabel(label: string, max = 28): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

/** Height of a horizontal bar chart: a fixed band per bar plus room for the title and the axis. */
function barsHeight(rows: number, barsPerRow = 1): number {
  return Math.round(160 + rows * (14 + 9 * barsPerRow));
}

export default function EnergyLedger({ records = loadLedger() }: Props): ReactNode {
  const locale = useDocusaurusContext().i18n.currentLocale;
  const name = (r: EnergyRecord) => runLabel(r.label, locale);
  const labels = records.map((r, i) => `${i + 1}. ${shortLabel(name(r))}`);
  const energyUnit = energyColumnUnit(records.map((r) => r.joules.total));
  const co2Unit = co2eColumnUnit(records.map((r) => r.gCO2e));
  const components = (["cpu", "dram", "gpu"] as const).filter((c) =>
    records.some((r) => r.joules[c] !== undefined),
  );

  // Energies span five orders of magnitude: a log axis, one bar per component side by side
  // (stacked bars on a log axis would misstate the shares).
  const byComponent = {
    data: components.map((c) => ({
      type: "bar",
      orientation: "h",
      name: c,
      y: labels,
      x: records.map((r) => r.joules[c] ?? null),
      hovertext: records.map((r) => `${name(r)} · ${c}: ${r.method[c] ?? "–"}`),
      hoverinfo: "text+x",
    })),
    layout: {
      title: {
        text: translate({
          id: "energy.ledger.chartByComponent",
          message: "Energy per run, by component (J)",
        }),
      },
      barmode: "group",
      xaxis: { title: { text: "J" }, type: "log", dtick: 1 },
      yaxis: { autorange: "reversed", tickfont: { size: 11 } },
      // Below the axis title, inside the bottom margin.
      legend: { orientation: "h", x: 0, y: 0, yref: "container", yanchor: "bottom" },
      margin: { t: 50, b: 100, l: 10, r: 10 },
      height: barsHeight(records.length, components.length),
    },
  };
  const withFlops = records
    .map((r, i) => ({ r, label: labels[i]! }))
    .filter(({ r }) => r.flops !== undefined && r.flops > 0);
  const efficiency = {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: "J/GFLOP",
        y: withFlops.map(({ label }) => label),
        x: withFlops.map(({ r }) => (r.joules.total / r.flops!) * 1e9),
        hovertext: withFlops.map(
          ({ r }) => `${name(r)}: ${methods(r)}; ${r.backend}; ${r.hardware.cpuModel}`,
        ),
        hoverinfo: "text+x",
      },
    ],
    layout: {
      title: {
        text: translate({
          id: "energy.ledger.chartEfficiency",
          message: "Energy per GFLOP (lower is better)",
        }),
      },
      xaxis: { title: { text: "J/GFLOP" }, type: "log", dtick: "D2" },
      yaxis: { autorange: "reversed", tickfont: { size: 11 } },
      margin: { t: 50, b: 10, l: 10, r: 10 },
      showlegend: false,
      height: barsHeight(withFlops.length),
    },
  };

  const head = {
    run: translate({ id: "energy.ledger.run", message: "Run" }),
    date: translate({ id: "energy.ledger.date", message: "Date" }),
    duration: translate({ id: "energy.ledger.duration", message: "Duration" }),
    energy: `${translate({ id: "energy.ledger.energy", message: "Energy" })} (${energyUnit.symbol})`,
    method: translate({ id: "energy.ledger.method", message: "Method per component" }),
    co2: `CO₂e (${co2Unit.symbol.replace(/ CO₂e$/, "")})`,
    grid: translate({ id: "energy.ledger.grid", message: "Grid, PUE" }),
    hardware: translate({ id: "energy.ledger.hardware", message: "Hardware, backend" }),
    efficiency: "J/GFLOP",
    commit: translate({ id: "energy.ledger.commit", message: "Commit" }),
  };

  return (
    <div>
      <ScrollRegion
        className={styles.scroll}
        label={translate({ id: "energy.ledger.tableLabel", message: "Energy ledger table" })}
      >
        <table className={styles.table}>
          <thead>
            <tr>
              <th>#</th>
              <th>{head.run}</th>
              <th>{head.date}</th>
              <th>{head.duration}</th>
              <th className={styles.number}>{head.energy}</th>
              <th>{head.method}</th>
              <th className={styles.number}>{head.co2}</th>
              <th>{head.grid}</th>
              <th>{head.hardware}</th>
              <th className={styles.number}>{head.efficiency}</th>
              <th>{head.commit}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <tr key={`${r.date}-${i}`}>
                <td className={styles.index}>{i + 1}</td>
                <td className={styles.run}>{name(r)}</td>
                <td data-label={head.date} className={styles.quantity}>
                  <time dateTime={r.date}>{r.date.slice(0, 16).replace("T", " ")}</time>
                </td>
                <td data-label={head.duration} className={styles.quantity}>
                  {formatDuration(r.seconds)}
                </td>
                <td data-label={head.energy} className={styles.number}>
                  <span className={styles.quantity}>{formatInUnit(r.joules.total, energyUnit)}</span>
                  <small className={styles.parts}>
                    {components
                      .filter((c) => r.joules[c] !== undefined)
                      .map((c) => (
                        <span key={c} className={styles.quantity}>
                          {c} {formatInUnit(r.joules[c], energyUnit)}
                        </span>
                      ))}
                  </small>
                </td>
                <td data-label={head.method}>
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
                <td data-label={head.co2} className={clsxNumber()}>
                  {formatInUnit(r.gCO2e, co2Unit)}
                </td>
                <td data-label={head.grid}>
                  {r.region} ({r.intensity.gCO2ePerKWh} g/kWh), PUE {r.pue.value}
                </td>
                <td data-label={head.hardware}>
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
                <td data-label={head.efficiency} className={clsxNumber()}>
                  {r.flops ? formatSignificant((r.joules.total / r.flops) * 1e9) : "–"}
                </td>
                <td data-label={head.commit}>
                  <code>{r.gitCommit.slice(0, 7)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <PlotlyChart figure={byComponent} />
      {withFlops.length > 0 && <PlotlyChart figure={efficiency} />}
    </div>
  );
}

function clsxNumber(): string {
  return `${styles.number} ${styles.quantity}`;
}
