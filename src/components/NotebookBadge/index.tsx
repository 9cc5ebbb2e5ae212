// The box at the top of a notebook page: the notebook's total recorded cost (energy, time,
// method, hardware, date) and a link to the source .ipynb (passed as children). With
// `englishNote` it instead shows the zh-Hans note that links to the English page.
import React, { type ReactNode } from "react";
import Translate from "@docusaurus/Translate";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import { useLocation } from "@docusaurus/router";
import { formatCO2e, formatDuration, formatEnergy } from "@site/src/lib/format/units";
import { methodWordOrUndefined } from "@site/src/lib/format/methodWords";
import { hardwareWords } from "@site/src/lib/format/hardwareWords";
import styles from "./styles.module.css";

export type Props = {
  joules?: number;
  seconds?: number;
  gCO2e?: number;
  method?: string;
  hardware?: string;
  backend?: string;
  date?: string;
  /** Run in quick mode (small subsets): numbers are not those of the full run. */
  quick?: boolean;
  /** Render the "this page is a partial translation" note instead of the cost badge. */
  englishNote?: boolean;
  children?: ReactNode;
};

function EnglishNote({ children }: { children?: ReactNode }): ReactNode {
  const { siteConfig, i18n } = useDocusaurusContext();
  const { pathname } = useLocation();
  const prefix = `/${i18n.currentLocale}/`;
  const englishBase = siteConfig.baseUrl.endsWith(prefix)
    ? siteConfig.baseUrl.slice(0, -prefix.length + 1)
    : siteConfig.baseUrl;
  const href = pathname.startsWith(siteConfig.baseUrl)
    ? englishBase + pathname.slice(siteConfig.baseUrl.length)
    : pathname;
  return (
    <div className={styles.note} data-english-note="">
      <div className={styles.noteText}>{children}</div>
      <a className={styles.noteLink} href={href} hrefLang="en">
        <Translate id="notebook.englishNote.link">English version →</Translate>
      </a>
    </div>
  );
}

export default function NotebookBadge(props: Props): ReactNode {
  if (props.englishNote) return <EnglishNote>{props.children}</EnglishNote>;
  const { joules, seconds, gCO2e, method, hardware, backend, date, quick, children } = props;
  const locale = useDocusaurusContext().i18n.currentLocale;
  // "measured" / "estimated" (实测 / 估算) follows the method, never the other way round.
  const how = methodWordOrUndefined(method, locale);
  const items: [ReactNode, string][] = [];
  if (joules !== undefined)
    items.push([
      <>
        <Translate id="notebook.badge.energy">Energy</Translate>
        {how ? ` (${how})` : ""}
      </>,
      formatEnergy(joules),
    ]);
  if (seconds !== undefined)
    items.push([<Translate id="notebook.badge.time">Run time</Translate>, formatDuration(seconds)]);
  if (gCO2e !== undefined)
    items.push([<Translate id="notebook.badge.co2">Emissions</Translate>, formatCO2e(gCO2e)]);
  if (method) items.push([<Translate id="notebook.badge.method">Method</Translate>, method]);
  if (hardware)
    items.push([
      <Translate id="notebook.badge.hardware">Hardware</Translate>,
      hardwareWords(hardware, locale),
    ]);
  if (backend) items.push([<Translate id="notebook.badge.backend">Backend</Translate>, backend]);
  if (date) items.push([<Translate id="notebook.badge.date">Run on</Translate>, date]);
  return (
    <aside className={styles.badge} data-notebook-badge="">
      {items.length ? (
        <dl className={styles.items}>
          {items.map(([k, v], i) => (
            <div key={i} className={styles.item}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className={styles.empty}>
          <Translate id="notebook.badge.unmeasured">
            This notebook has not been run with measurement yet.
          </Translate>
        </p>
      )}
      {quick ? (
        <p className={styles.quick}>
          <Translate id="notebook.badge.quick">
            Quick-mode run (small subsets): numbers are not those of the full run.
          </Translate>
        </p>
      ) : null}
      <div className={styles.source}>{children}</div>
    </aside>
  );
}
