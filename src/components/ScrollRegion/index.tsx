// A box that scrolls sideways when its content (a wide table, a notebook's HTML output) is wider than
// the column, instead of widening the page. While it scrolls it is a named region in the tab order
// (tabindex=0, role=region, aria-label), so keyboard users can scroll it with the arrow keys.
import React, { useEffect, useRef, useState, type ReactNode } from "react";
import clsx from "clsx";
import { translate } from "@docusaurus/Translate";
import styles from "./styles.module.css";

export type Props = {
  /** Name of the region for screen readers (default: "Table, scrolls sideways"). */
  label?: string;
  className?: string;
  children: ReactNode;
};

export default function ScrollRegion({ label, className, children }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    for (const child of Array.from(el.children)) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  const name =
    label ??
    translate({
      id: "scrollRegion.label",
      message: "Table, scrolls sideways",
      description: "Screen-reader name of a wide table's scrolling box",
    });
  return (
    <div
      ref={ref}
      className={clsx(styles.region, className)}
      data-scroll-region=""
      {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": name } : {})}
    >
      {children}
    </div>
  );
}
