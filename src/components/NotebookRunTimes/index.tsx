// Measured run times of every notebook, full reference run and quick mode, read from
// data/notebooks/runs.json (written by `npm run notebooks` after each successful run).
// Used by the facilitator guide to size the workshop agenda.
import React, { type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import runs from "@site/data/notebooks/runs.json";
import { formatDuration, formatEnergy } from "@site/src/lib/format/units";
import { methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import styles from "./styles.module.css";

type Run = { seconds: number; joules: number | null; method: string; date: string; hardware: string };
type Runs = Record<string, { full?: Run; quick?: Run }>;

function cell(run: Run | undefined): ReactNode {
  if (!run) return <span className={styles.missing}>—</span>;
  return (
    <span title={`${run.method}, ${run.hardware}, ${run.date.slice(0, 10)}`}>
      {formatDuration(run.seconds)}
      {run.joules !== null ? ` · ${formatEnergy(run.joules)}` : ""}
    </span>
  );
}

// Rendered in the browser only: server and client HTML of this table disagreed at hydration (React #418).
export default function NotebookRunTimes(): ReactNode {
  return <BrowserOnly>{() => <RunTimesTable />}</BrowserOnly>;
}

function RunTimesTable(): ReactNode {
  const entries = Object.entries(runs as Runs).sort(([a], [b]) => a.localeCompare(b));
  const hardware = Array.from(
    new Set(entries.flatMap(([, r]) => [r.full?.hardware, r.quick?.hardware]).filter(Boolean)),
  );
  const methods = Array.from(
    new Set(entries.flatMap(([, r]) => [r.full?.method, r.quick?.method]).filter(Boolean)),
  ) as string[];
  // "measured" only if every run's energy was measured; otherwise "estimated" (实测 / 估算).
  const how = methodWordOrUndefined(methods, useDocusaurusContext().i18n.currentLocale) ?? "—";
  return (
    <figure className={styles.figure}>
      <table>
        <thead>
          <tr>
            <th>
              <Translate id="workshop.runtimes.notebook">Notebook</Translate>
            </th>
            <th>
              <Translate id="workshop.runtimes.quick">Quick mode</Translate>
            </th>
            <th>
              <Translate id="workshop.runtimes.full">Full reference run</Translate>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, r]) => (
            <tr key={name}>
              <td>
                <code>{name}</code>
              </td>
              <td>{cell(r.quick)}</td>
              <td>{cell(r.full)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        <Translate id="workshop.runtimes.caption" values={{ how }}>
          {
            "Wall-clock time (measured) and energy ({how}, with the method below) of each run, as recorded by the notebook runner."
          }
        </Translate>{" "}
        <Translate id="workshop.runtimes.hardware">Hardware:</Translate> {hardware.join("; ") || "—"}.{" "}
        <Translate id="workshop.runtimes.method">Energy method:</Translate> {methods.join(", ") || "—"}.
      </figcaption>
    </figure>
  );
}
