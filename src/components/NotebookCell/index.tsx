// A code cell of a published notebook: execution count in the gutter, the recorded cost of the
// cell (wall time, energy and how it was obtained: measured or estimated, from the method) on the right, then the code and its outputs.
import React, { type ReactNode } from "react";
import { translate } from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import { formatDuration, formatEnergy } from "@site/src/lib/format/units";
import { methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import styles from "./styles.module.css";

export type Props = {
  /** Jupyter execution count; absent for cells that were not run. */
  count?: number;
  /** Wall-clock seconds of the cell. */
  seconds?: number;
  /** CPU seconds of the kernel process tree. */
  cpuSeconds?: number;
  /** Energy of the cell in joules. */
  joules?: number;
  /** How the energy was obtained, e.g. "estimated:tdp" or "measured:rapl". */
  method?: string;
  children: ReactNode;
};

export default function NotebookCell({
  count,
  seconds,
  cpuSeconds,
  joules,
  method,
  children,
}: Props): ReactNode {
  const hasCost = seconds !== undefined || joules !== undefined;
  const how = methodWordOrUndefined(method, useDocusaurusContext().i18n.currentLocale);
  const tip = [
    seconds !== undefined
      ? `${translate({ id: "notebook.cell.wall", message: "wall time" })} ${formatDuration(seconds)}`
      : "",
    cpuSeconds !== undefined
      ? `${translate({ id: "notebook.cell.cpu", message: "CPU time" })} ${formatDuration(cpuSeconds)}`
      : "",
    joules !== undefined
      ? `${translate({ id: "notebook.cell.energy", message: "energy" })}${how ? ` (${how})` : ""} ${formatEnergy(joules)}`
      : "",
    method ? `${translate({ id: "notebook.cell.method", message: "method" })}: ${method}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <section className={styles.cell} data-notebook-cell="">
      <div className={styles.header}>
        <span className={styles.count}>In [{count ?? " "}]</span>
        {hasCost ? (
          <span className={styles.cost} title={tip}>
            {seconds !== undefined ? <span>{formatDuration(seconds)}</span> : null}
            {joules !== undefined ? <span>{formatEnergy(joules)}</span> : null}
            {method ? <span className={styles.method}>{method}</span> : null}
          </span>
        ) : null}
      </div>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
