// Measured run times of every notebook, full reference run and quick mode, read from
// data/notebooks/runs.json (written by `npm run notebooks` after each successful run).
// Used by the facilitator guide to size the workshop agenda.
import React, { type ReactNode } from "react";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Translate from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import runs from "@site/data/notebooks/runs.json";
import ScrollRegion from "@site/src/components/ScrollRegion";
import { energyColumnUnit, formatDuration, formatInUnit, type ColumnUnit } from "@site/src/lib/format/units";
import { methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import { hardwareWords } from "@site/src/lib/format/hardwareWords";
import styles from "./styles.module.css";

type Run = { seconds: number; joules: number | null; method: string; date: string; hardware: string };
type Runs = Record<string, { full?: Run; quick?: Run }>;

/** Time and energy of one run as two cells; the energy in the table's one unit. */
function cells(run: Run | undefined, unit: ColumnUnit, locale: string): ReactNode {
  if (!run) {
    return (
      <>
        <td className={styles.missing}>—</td>
        <td className={styles.missing}>—</td>
      </>
    );
  }
  const tip = `${run.method}, ${hardwareWords(run.hardware, locale)}, ${run.date.slice(0, 10)}`;
  return (
    <>
      <td className={styles.number} title={tip}>
        {formatDuration(run.seconds)}
      </td>
      <td className={styles.number} title={tip}>
        {formatInUnit(run.joules, unit)}
      </td>
    </>
  );
}

// Rendered in the browser only: server and client HTML of this table disagreed at hydration (React #418).
export default function NotebookRunTimes(): ReactNode {
  return <BrowserOnly>{() => <RunTimesTable />}</BrowserOnly>;
}

function RunTimesTable(): ReactNode {
  const locale = useDocusaurusContext().i18n.currentLocale;
  const entries = Object.entries(runs as Runs).sort(([a], [b]) => a.localeCompare(b));
  const hardware = Array.from(
    new Set(
      entries
        .flatMap(([, r]) => [r.full?.hardware, r.quick?.hardware])
        .filter((h): h is string => Boolean(h))
        .map((h) => hardwareWords(h, locale)),
    ),
  );
  const methods = Array.from(
    new Set(entries.flatMap(([, r]) => [r.full?.method, r.quick?.method]).filter(Boolean)),
  ) as string[];
  // "measured" only if every run's energy was measured; otherwise "estimated" (实测 / 估算).
  const how = methodWordOrUndefined(methods, locale) ?? "—";
  const unit = energyColumnUnit(entries.flatMap(([, r]) => [r.full?.joules, r.quick?.joules]));
  const energy = <Translate id="workshop.runtimes.energy">energy</Translate>;
  const time = <Translate id="workshop.runtimes.time">time</Translate>;
  return (
    <figure className={styles.figure}>
      <ScrollRegion>
        <table>
          <thead>
            <tr>
              <th rowSpan={2}>
                <Translate id="workshop.runtimes.notebook">Notebook</Translate>
              </th>
              <th colSpan={2}>
                <Translate id="workshop.runtimes.quick">Quick mode</Translate>
              </th>
              <th colSpan={2}>
                <Translate id="workshop.runtimes.full">Full reference run</Translate>
              </th>
            </tr>
            <tr>
              <th className={styles.number}>{time}</th>
              <th className={styles.number}>
                {energy} ({unit.symbol})
              </th>
              <th className={styles.number}>{time}</th>
              <th className={styles.number}>
                {energy} ({unit.symbol})
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, r]) => (
              <tr key={name}>
                <td>
                  <code>{name}</code>
                </td>
                {cells(r.quick, unit, locale)}
                {cells(r.full, unit, locale)}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
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
