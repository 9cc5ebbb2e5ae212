// Short, numbered sidebar labels for the notebooks in both locales: "03 · Sentiment on SST-2",
// "03 · SST-2 情感分析", instead of each notebook's full title (which the sidebar truncated) or an
// unnumbered label next to numbered ones. The number comes from the file name (04-sentiment.mdx),
// the words from the page's own (localised) sidebar_label or title, up to its first colon or comma.
// Used as the docs plugin's sidebarItemsGenerator in docusaurus.config.ts; shown by the swizzled
// src/theme/DocSidebarItem/Link.
import type { PluginOptions } from "@docusaurus/plugin-content-docs";

type SidebarItemsGeneratorOption = PluginOptions["sidebarItemsGenerator"];
type GeneratorArgs = Parameters<SidebarItemsGeneratorOption>[0];
type NormalizedSidebar = Awaited<ReturnType<SidebarItemsGeneratorOption>>;
type NormalizedSidebarItem = NormalizedSidebar[number];
type SidebarItemsGeneratorDoc = GeneratorArgs["docs"][number];

/** "03 · Sentiment on SST-2" from the file name's number and the first clause of the title. */
export function shortNotebookLabel(fileName: string, title: string): string | undefined {
  const number = /^(\d{2})-/.exec(fileName)?.[1];
  if (!number) return undefined;
  const words = title
    .replace(/^\d{1,2}\s*[·.:]\s*/, "") // an existing "03 · " prefix
    .split(/[:：，,;；]/)[0]!
    .trim();
  return words ? `${number} · ${words}` : undefined;
}

function relabel(items: NormalizedSidebar, docs: readonly SidebarItemsGeneratorDoc[]): NormalizedSidebar {
  return items.map((item): NormalizedSidebarItem => {
    if (item.type === "category") return { ...item, items: relabel(item.items, docs) };
    if (item.type !== "doc") return item;
    const doc = docs.find((d) => d.id === item.id);
    if (!doc || !doc.sourceDirName.endsWith("notebooks")) return item;
    const fileName = doc.source.split("/").pop() ?? "";
    const title = (doc.frontMatter.sidebar_label as string | undefined) ?? doc.title;
    const label = shortNotebookLabel(fileName, title);
    // A page's sidebar_label front matter outranks an item's label when Docusaurus builds the sidebar
    // props, so the short label also travels as a custom prop that src/theme/DocSidebarItem/Link shows.
    return label ? { ...item, label, customProps: { ...item.customProps, shortLabel: label } } : item;
  });
}

export const sidebarItemsGenerator: SidebarItemsGeneratorOption = async ({
  defaultSidebarItemsGenerator,
  ...args
}) => relabel(await defaultSidebarItemsGenerator(args), args.docs);
