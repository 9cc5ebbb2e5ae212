// Markdown tables scroll inside their own keyboard-reachable box (ScrollRegion) instead of widening
// the page on a phone; every other MDX element is the theme's.
import React, { type ComponentProps, type ReactNode } from "react";
import MDXComponents from "@theme-original/MDXComponents";
import ScrollRegion from "@site/src/components/ScrollRegion";

function Table(props: ComponentProps<"table">): ReactNode {
  return (
    <ScrollRegion>
      <table {...props} />
    </ScrollRegion>
  );
}

export default { ...MDXComponents, table: Table };
