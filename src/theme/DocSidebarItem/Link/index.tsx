// The theme's sidebar link, showing the short label that sidebars.labels.ts gives each notebook
// ("03 · Sentiment on SST-2") instead of the page's full sidebar_label.
import React, { type ReactNode } from "react";
import Link from "@theme-original/DocSidebarItem/Link";
import type LinkType from "@theme/DocSidebarItem/Link";
import type { WrapperProps } from "@docusaurus/types";

type Props = WrapperProps<typeof LinkType>;

export default function LinkWrapper(props: Props): ReactNode {
  const short = props.item.customProps?.shortLabel;
  return <Link {...props} item={typeof short === "string" ? { ...props.item, label: short } : props.item} />;
}
