// Published training runs next to our estimates of them, computed live with the library:
// 6·N·D FLOPs on the run's GPU type at a stated utilization (GPU-only energy at TDP, no PUE), the
// utilization the published GPU-hours imply, and the energy at the efficiency measured on this
// project's machine (pooled J/FLOP of the committed ledger).
import React, { type ReactNode } from "react";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import {
  DEFAULT_UTILIZATION,
  PUBLISHED_TRAINING,
  parseEnergyRecord,
  pooledJoulesPerFlop,
  referenceGpu,
  trainingFlops,
  trainingFootprint,
} from "@site/src/lib/energy/browser";
import ledger from "@site/data/energy/ledger.json";

export type Props = {
  /** Model-FLOP utilization assumed for the reference GPUs (default 0.4). */
  utilization?: number;
};

const gpuOf = (hardware: string) =>
  /V100/.test(hardware) ? "v100" : /A100/.test(hardware) ? "a100" : "h100";
const n = (x: number, d = 3) => Number(x.toPrecision(d)).toLocaleString("en-US");

export default function EnergyExtrapolation({ utilization = DEFAULT_UTILIZATION }: Props): ReactNode {
  const { i18n } = useDocusaurusContext();
  const zh = i18n.currentLocale === "zh-Hans";
  const t = (en: string, cn: string) => (zh ? cn : en);
  const records = (ledger as unknown[]).map((r, i) => parseEnergyRecord(r, `data/energy/ledger.json[${i}]`));
  const pooled = pooledJoulesPerFlop(records);
  const rows = PUBLISHED_TRAINING.filter((p) => !p.id.endsWith("-total"));
  return (
    <div style={{ overflowX: "auto" }}>
      <table>
        <thead>
          <tr>
            <th>{t("Model", "模型")}</th>
            <th>6·N·D (FLOP)</th>
            <th>{t("Published energy (MWh)", "已发表能耗 (MWh)")}</th>
            <th>{t("Published GPU-hours", "已发表 GPU 小时")}</th>
            <th>{t("Implied utilization", "推算利用率")}</th>
            <th>
              {t("Estimate at", "估算，利用率")} {Math.round(utilization * 100)} % (MWh)
            </th>
            <th>{t("At this machine's J/FLOP (GWh)", "按本机 J/FLOP (GWh)")}</th>
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
                <td>{flops.toExponential(2)}</td>
                <td>
                  {n(p.energyMWh)}
                  {p.energyDerived ? "*" : ""}
                </td>
                <td>{p.gpuHours ? n(p.gpuHours) : "–"}</td>
                <td>{implied !== undefined ? `${Math.round(implied * 100)} %` : "–"}</td>
                <td>{n(est.kWh / 1e3)}</td>
                <td>{here ? n(here) : "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <small>
          {t(
            "* derived from the published GPU-hours × the stated power per GPU, as the source did for its CO₂e. Estimates are GPU energy at TDP, without PUE, host or network.",
            "* 由已发表的 GPU 小时 × 每块 GPU 的标称功率推算，与原文计算 CO₂e 的方法相同。估算仅含按 TDP 计的 GPU 能耗，不含 PUE、主机与网络。",
          )}
          {pooled &&
            ` ${t("This machine", "本机")}: ${n(pooled.joulesPerFlop * 1e9)} J/GFLOP ${t(
              `pooled over ${pooled.runs} ledger runs`,
              `（账本中 ${pooled.runs} 次运行的合并值）`,
            )}.`}
        </small>
      </p>
    </div>
  );
}
