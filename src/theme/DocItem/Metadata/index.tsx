// The page metadata of a doc, with its description as plain text. A notebook page's description is
// its first paragraph, where inline math is TeX ("\operatorname{softmax}\!\left(QK^\top/\sqrt{d_k}\right)");
// the meta description (shown by search engines, link previews and the site's own search) gets the
// text the publisher's heading converter writes instead ("softmax(QK⊤/√dk)").
import React, { type ReactNode } from "react";
import { PageMetadata } from "@docusaurus/theme-common";
import { useDoc } from "@docusaurus/plugin-content-docs/client";
import { plainDescription } from "./plainDescription";

export default function DocItemMetadata(): ReactNode {
  const { metadata, frontMatter, assets } = useDoc();
  return (
    <PageMetadata
      title={metadata.title}
      description={plainDescription(metadata.description)}
      keywords={frontMatter.keywords}
      image={assets.image ?? frontMatter.image}
    />
  );
}
