/**
 * The References page body: every entry of src/data/references.ts, sorted by first author,
 * each with an anchor equal to its id (the target of `<Cite id=... />`).
 */
import type { ReactElement } from "react";
import { translate } from "@docusaurus/Translate";
import useBrokenLinks from "@docusaurus/useBrokenLinks";
import {
  citationYear,
  fullAuthors,
  referenceLink,
  sortedReferences,
  type Reference,
} from "@site/src/data/references";
import styles from "./styles.module.css";

type Props = {
  /** Only entries whose id is listed (default: all). */
  ids?: string[];
};

function Entry({ entry }: { entry: Reference }): ReactElement {
  const brokenLinks = useBrokenLinks();
  brokenLinks.collectAnchor(entry.id);
  const link = referenceLink(entry);
  return (
    <li id={entry.id} className={styles.entry}>
      <span className={styles.authors}>{fullAuthors(entry)}</span> ({citationYear(entry)}).{" "}
      <cite className={styles.title}>{entry.title}</cite>. {entry.venue}.
      {link ? (
        <>
          {" "}
          <a href={link} target="_blank" rel="noopener noreferrer">
            {entry.doi ? `doi:${entry.doi}` : link}
          </a>
        </>
      ) : null}
      {entry.note ? <span className={styles.note}> {entry.note}</span> : null}{" "}
      <a
        className={styles.anchor}
        href={`#${entry.id}`}
        aria-label={translate({ id: "references.anchorLabel", message: "Link to {id}" }, { id: entry.id })}
      >
        #
      </a>
    </li>
  );
}

export default function ReferenceList({ ids }: Props): ReactElement {
  const wanted = ids ? new Set(ids) : undefined;
  const entries = sortedReferences().filter((r) => !wanted || wanted.has(r.id));
  return (
    <ol className={styles.list}>
      {entries.map((r) => (
        <Entry key={r.id} entry={r} />
      ))}
    </ol>
  );
}
