// Home page table: the measured cost of each published notebook (from the notebooks' own
// metadata, collected at build time by src/plugins/footprintSummary.ts).
import React, { type ReactNode } from "react";
import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import { usePluginData } from "@docusaurus/useGlobalData";
import type { FootprintSummary } from "@site/src/plugins/footprintSummary";
import ScrollRegion from "@site/src/components/ScrollRegion";
import { hardwareWords } from "@site/src/lib/format/hardwareWords";
import { energyColumnUnit, formatDuration, formatInUnit } from "@site/src/lib/format/units";

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
  // One unit for the whole column (and its total), named in the header.
  const unit = energyColumnUnit(rows.map((r) => r.joules));
  return (
    <>
      <ScrollRegion
        label={translate({ id: "home.measured.tableLabel", message: "Run time and energy of each notebook" })}
      >
        <table>
          <thead>
            <tr>
              <th>
                <Translate id="home.measured.notebook">Notebook</Translate>
              </th>
              <th>
                <Translate id="home.measured.time">Run time</Translate>
              </th>
              <th style={{ textAlign: "right" }}>
                <Translate id="home.measured.energy">Energy</Translate> ({unit.symbol})
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
                <td style={{ whiteSpace: "nowrap" }}>{formatDuration(r.seconds)}</td>
                <td style={{ textAlign: "right", whiteSpace: "nowrap" }}>{formatInUnit(r.joules, unit)}</td>
                <td>
                  {[r.method, r.hardware && hardwareWords(r.hardware, i18n.currentLocale), r.date]
                    .filter(Boolean)
                    .join(" · ") || "—"}
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
                  <Translate id="home.measured.totalCells">All notebooks, their cells only</Translate>
                </th>
                <td />
                <th style={{ textAlign: "right", whiteSpace: "nowrap" }}>{formatInUnit(total, unit)}</th>
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </ScrollRegion>
      {measured ? (
        <p>
          <small>
            <Translate
              id="home.measured.totalNote"
              values={{
                ledger: (
                  <Link to="/docs/energy/ledger" style={{ textDecoration: "underline" }}>
                    <Translate id="home.measured.ledgerLink">energy ledger</Translate>
                  </Link>
                ),
              }}
            >
              {
                "The total adds up the energy of every executed cell of the notebooks above, as recorded in their last runs. It does not include the training runs behind the shipped models, which were run from the command line and are listed in the {ledger}, nor building this site."
              }
            </Translate>
          </small>
        </p>
      ) : null}
    </>
  );
}
