// The energy ledger of this project: every record of data/energy/ledger.jsonl (imported at build
// time through its JSON snapshot data/energy/ledger.json), validated with the library's schema, as a
// table with the method and hardware of each row, and two charts: energy per run by component, and
// energy efficiency (J per GFLOP) of the runs that carry a FLOP count.
import React, { type ReactNode } from "react";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import PlotlyChart from "@site/src/components/PlotlyChart";
import { formatCO2e, formatEnergy, parseEnergyRecord } from "@site/src/lib/energy/browser";
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
  const { i18n } = useDocusaurusContext();
  const zh = i18n.currentLocale === "zh-Hans";
  const t = (en: string, cn: string) => (zh ? cn : en);
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
      title: { text: t("Energy per run, by component (J)", "每次运行的能耗，按部件 (J)") },
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
      title: { text: t("Energy per GFLOP (lower is better)", "每 GFLOP 的能耗（越低越好）") },
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
              <th>{t("Run", "运行")}</th>
              <th>{t("Date", "日期")}</th>
              <th>{t("Duration", "时长")}</th>
              <th>{t("Energy", "能耗")}</th>
              <th>{t("Method per component", "各部件的方法")}</th>
              <th>CO₂e</th>
              <th>{t("Grid, PUE", "电网、PUE")}</th>
              <th>{t("Hardware, backend", "硬件、后端")}</th>
              <th>J/GFLOP</th>
              <th>{t("Commit", "提交")}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <tr key={`${r.date}-${i}`}>
                <td>{i + 1}</td>
                <td>{r.label}</td>
                <td>{r.date.slice(0, 16).replace("T", " ")}</td>
                <td>{r.seconds.toFixed(2)} s</td>
                <td>
                  {formatEnergy(r.joules.total)}
                  <br />
                  <small>
                    cpu {formatEnergy(r.joules.cpu)}, dram {formatEnergy(r.joules.dram)}
                    {r.joules.gpu !== undefined ? `, gpu ${formatEnergy(r.joules.gpu)}` : ""}
                  </small>
                </td>
                <td>
                  {Object.entries(r.method).map(([c, m]) => (
                    <span key={c} className={m.startsWith("measured") ? styles.measured : styles.estimated}>
                      {c}: {m}
                    </span>
                  ))}
                </td>
                <td>{formatCO2e(r.gCO2e)}</td>
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
                        {t("TDP source: hover", "TDP 来源：悬停查看")}
                      </small>
                    </>
                  )}
                </td>
                <td>{r.flops ? ((r.joules.total / r.flops) * 1e9).toFixed(3) : "–"}</td>
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
