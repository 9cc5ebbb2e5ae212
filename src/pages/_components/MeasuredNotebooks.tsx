// Home page table: the measured cost of each published notebook (from the notebooks' own
// metadata, collected at build time by src/plugins/footprintSummary.ts).
import React, { type ReactNode } from "react";
import Link from "@docusaurus/Link";
import Translate from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import { usePluginData } from "@docusaurus/useGlobalData";
import type { FootprintSummary } from "@site/src/plugins/footprintSummary";
import { formatDuration, formatEnergy } from "@site/src/lib/format/units";

export default function MeasuredNotebooks(): ReactNode {
  const { i18n } = useDocusaurusContext();
  const data = usePluginData("footprint-summary") as FootprintSummary | undefined;
  const rows = data?.notebooks ?? [];
  if (rows.length === 0) {
    return (
      <p>
        <Translate id="home.measured.none">
          No notebook has been published yet: run `npm run notebooks`.
        </Translate>
      </p>
    );
  }
  const zh = i18n.currentLocale === "zh-Hans";
  const total = rows.reduce((s, r) => s + (r.joules ?? 0), 0);
  const measured = rows.some((r) => r.joules !== undefined);
  return (
    <div className="table-responsive">
      <table>
        <thead>
          <tr>
            <th>
              <Translate id="home.measured.notebook">Notebook</Translate>
            </th>
            <th>
              <Translate id="home.measured.time">Run time</Translate>
            </th>
            <th>
              <Translate id="home.measured.energy">Energy</Translate>
            </th>
            <th>
              <Translate id="home.measured.how">How, where, when</Translate>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                <Link to={r.route}>{zh && r.titleZh ? r.titleZh : r.title}</Link>
              </td>
              <td>{formatDuration(r.seconds)}</td>
              <td>{formatEnergy(r.joules)}</td>
              <td>
                {[r.method, r.hardware, r.date].filter(Boolean).join(" · ") || "—"}
                {r.quick ? (
                  <>
                    {" "}
                    (<Translate id="home.measured.quick">quick mode</Translate>)
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
        {measured ? (
          <tfoot>
            <tr>
              <th>
                <Translate id="home.measured.total">All notebooks</Translate>
              </th>
              <td />
              <th>{formatEnergy(total)}</th>
              <td />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
