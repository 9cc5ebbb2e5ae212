/**
 * The glossary table, from src/data/glossary.ts, in the current locale's order and language.
 * Each row has an anchor equal to the entry id (e.g. /docs/glossary#pue).
 */
import type { ReactElement } from "react";
import Translate from "@docusaurus/Translate";
import useBrokenLinks from "@docusaurus/useBrokenLinks";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import { sortedGlossary, type GlossaryEntry } from "@site/src/data/glossary";
import styles from "./styles.module.css";

function Row({ entry, zh }: { entry: GlossaryEntry; zh: boolean }): ReactElement {
  useBrokenLinks().collectAnchor(entry.id);
  const abbr = entry.abbr ? ` (${entry.abbr})` : "";
  return (
    <tr id={entry.id} className={styles.row}>
      <td lang={zh ? "zh-Hans" : "en"}>
        <strong>{zh ? entry.zh : entry.en}</strong>
        {abbr}
      </td>
      <td lang={zh ? "en" : "zh-Hans"}>{zh ? entry.en : entry.zh}</td>
      <td>{zh ? entry.defZh : entry.defEn}</td>
    </tr>
  );
}

export default function Glossary(): ReactElement {
  const { i18n } = useDocusaurusContext();
  const zh = i18n.currentLocale.startsWith("zh");
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th>
            <Translate id="glossary.term">Term</Translate>
          </th>
          <th>
            <Translate
              id="glossary.otherLanguage"
              description="Header of the column that shows each term in the other language"
            >
              中文
            </Translate>
          </th>
          <th>
            <Translate id="glossary.meaning">Meaning</Translate>
          </th>
        </tr>
      </thead>
      <tbody>
        {sortedGlossary(i18n.currentLocale).map((e) => (
          <Row key={e.id} entry={e} zh={zh} />
        ))}
      </tbody>
    </table>
  );
}
