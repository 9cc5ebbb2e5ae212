/**
 * In-text citation: `<Cite id="patterson2021" />` → "(Patterson et al., 2021)" linking to the
 * References page entry. Several keys: `<Cite id="kaplan2020, hoffmann2022" />`.
 * `textual` gives "Patterson et al. (2021)" for use as a sentence subject.
 * An unknown id throws, so the site build fails and names the id.
 */
import type { ReactElement } from "react";
import Link from "@docusaurus/Link";
import {
  citationYear,
  getReference,
  parseCiteIds,
  shortAuthors,
  shortCitation,
} from "@site/src/data/references";
import styles from "./styles.module.css";

type Props = {
  /** One citation key, or several separated by commas. */
  id: string;
  /** "Patterson et al. (2021)" instead of "(Patterson et al., 2021)"; single key only. */
  textual?: boolean;
  /** Appended inside the parentheses, e.g. "Table 4". */
  note?: string;
};

function href(id: string): string {
  return `/docs/references#${id}`;
}

export default function Cite({ id, textual = false, note }: Props): ReactElement {
  const ids = parseCiteIds(id);
  if (ids.length === 0) throw new Error('<Cite> needs an id, e.g. <Cite id="patterson2021" />.');
  const refs = ids.map((k) => getReference(k));
  if (textual) {
    if (refs.length !== 1) throw new Error(`<Cite textual> takes one id, got "${id}".`);
    const ref = refs[0]!;
    return (
      <Link to={href(ref.id)} className={styles.cite} title={ref.title}>
        {shortAuthors(ref)} ({citationYear(ref)}
        {note ? `, ${note}` : ""})
      </Link>
    );
  }
  return (
    <span className={styles.cite}>
      (
      {refs.map((ref, i) => (
        <span key={ref.id}>
          {i > 0 ? "; " : ""}
          <Link to={href(ref.id)} title={ref.title}>
            {shortCitation(ref)}
          </Link>
        </span>
      ))}
      {note ? `, ${note}` : ""})
    </span>
  );
}
