// Workshop participants' measurements (data/energy/contributions/*.json), aggregated by hardware
// beside the project's own ledger. Files are bundled at build time; the test suite has already
// validated each one against the ledger's schema (src/lib/workshop/contributions.ts).
import React, { type ReactNode } from "react";
import Link from "@docusaurus/Link";
import Translate from "@docusaurus/Translate";
import type { Contribution } from "@site/src/lib/workshop/contributions";
import { formatDuration, formatEnergy } from "@site/src/lib/format/units";

type Context = { keys(): string[]; (key: string): Contribution };
// webpack's require.context: every JSON file in the folder, resolved at build time.
const context = (require as unknown as { context(dir: string, deep: boolean, re: RegExp): Context }).context(
  "../../../data/energy/contributions",
  false,
  /\.json$/,
);

export function groupByHardware(contributions: Contribution[]) {
  const groups = new Map<string, Contribution[]>();
  for (const c of contributions) {
    const h = c.record.hardware;
    const key = `${h.cpuModel} (${h.cpuCores} cores)${h.gpu ? ` + ${h.gpu}` : ""}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export default function EnergyContributions(): ReactNode {
  const contributions = context
    .keys()
    .sort()
    .map((k) => context(k));
  if (contributions.length === 0) {
    return (
      <p>
        <Translate id="energy.contributions.none">No participant contributions yet.</Translate>{" "}
        <Link to="/docs/workshop/contributing-measurements">
          <Translate id="energy.contributions.how">How to contribute a measurement</Translate>
        </Link>
      </p>
    );
  }
  return (
    <table>
      <thead>
        <tr>
          <th>
            <Translate id="energy.contributions.hardware">Hardware</Translate>
          </th>
          <th>
            <Translate id="energy.contributions.runs">Runs</Translate>
          </th>
          <th>
            <Translate id="energy.contributions.rows">
              Contributor, run, time, energy, method, backend
            </Translate>
          </th>
        </tr>
      </thead>
      <tbody>
        {groupByHardware(contributions).map(([hardware, rows]) => (
          <tr key={hardware}>
            <td>{hardware}</td>
            <td>{rows.length}</td>
            <td>
              {rows.map((c) => (
                <div key={`${c.contributor}-${c.record.date}`}>
                  {`${c.contributor}${c.event ? ` (${c.event})` : ""}: ${c.record.label}, ${formatDuration(c.record.seconds)}, ${formatEnergy(c.record.joules.total)}, ${Object.values(c.record.method).join("+")}, ${c.record.backend}, ${c.record.date.slice(0, 10)}`}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
