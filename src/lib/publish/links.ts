// Link and image URLs written in notebook text. Kept as written: http(s) and mailto links,
// `#fragment` links, data: images (png, jpeg, gif, webp). Removed (the link text stays, an image
// leaves its alt text): any other scheme, e.g. `javascript:` however it is written (reference
// style, entity-encoded, with tabs or newlines inside), and protocol-relative `//host` URLs.
// Everything else is a local path, handed to the page's resolver, which maps it to a file inside
// notebooks/ or static/ or throws (site.ts: makeUrlResolver).
import type { Definition, Image, Link, Nodes, Parents, PhrasingContent, Root } from "mdast";

export type UrlKind = "link" | "image";
/** Maps a local path to the URL the page uses; throws (naming the path) when it may not be published. */
export type UrlResolver = (url: string, kind: UrlKind) => string;

const EXTERNAL = /^(?:https?|mailto):/i;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i;
const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/**
 * The URL to publish for `url`, or undefined when the link must be removed.
 * Browsers ignore control characters, spaces, tabs and newlines in a scheme, so they are removed
 * before the scheme is read.
 */
export function publishedUrl(url: string, kind: UrlKind, resolve?: UrlResolver): string | undefined {
  const bare = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (bare === "") return undefined;
  if (EXTERNAL.test(bare)) return url.trim();
  if (kind === "image" && DATA_IMAGE.test(bare)) return url.trim();
  if (SCHEME.test(bare) || /^[/\\]{2}/.test(bare) || /^\/\\/.test(bare)) return undefined;
  if (bare.startsWith("#")) return url.trim();
  if (!resolve)
    throw new Error(
      `${kind} "${url}" points to a local file, and this page has no folder to publish files from`,
    );
  return resolve(url.trim(), kind);
}

type Def = { url: string; title?: string | null };

/**
 * Resolves reference-style links and images (`[text][ref]` + `[ref]: url`) into plain links and
 * images, so one URL check sees every URL, and removes the definitions (cells are joined into
 * one page, where a definition in one cell would otherwise serve the next).
 */
function inlineReferences(tree: Root): void {
  const defs = new Map<string, Def>();
  const collect = (node: Nodes) => {
    if (node.type === "definition") {
      const d = node as Definition;
      if (!defs.has(d.identifier)) defs.set(d.identifier, { url: d.url, title: d.title });
    }
    if ("children" in node) for (const c of node.children) collect(c);
  };
  collect(tree);
  const rewrite = (parent: Parents) => {
    const out: Nodes[] = [];
    for (const child of parent.children as Nodes[]) {
      if (child.type === "definition") continue;
      if (child.type === "linkReference") {
        const d = defs.get(child.identifier);
        const link: Link = {
          type: "link",
          url: d?.url ?? "",
          title: d?.title ?? null,
          children: child.children,
        };
        rewrite(link);
        out.push(link);
        continue;
      }
      if (child.type === "imageReference") {
        const d = defs.get(child.identifier);
        out.push({
          type: "image",
          url: d?.url ?? "",
          title: d?.title ?? null,
          alt: child.alt ?? "",
        } as Image);
        continue;
      }
      if ("children" in child) rewrite(child);
      out.push(child);
    }
    (parent as { children: Nodes[] }).children = out;
  };
  rewrite(tree);
}

/**
 * Checks and maps every link and image URL of a cell's tree (see the file comment). A removed
 * link keeps its text; a removed image leaves its alt text.
 */
export function publishLinks(tree: Root, resolve?: UrlResolver): void {
  inlineReferences(tree);
  const walk = (parent: Parents) => {
    const out: Nodes[] = [];
    for (const child of parent.children as Nodes[]) {
      if (child.type === "link" || child.type === "image") {
        const url = publishedUrl(child.url, child.type, resolve);
        if (url === undefined) {
          if (child.type === "link") {
            walk(child);
            out.push(...child.children);
          } else if (child.alt) {
            out.push({ type: "text", value: child.alt } as PhrasingContent);
          }
          continue;
        }
        child.url = url;
      }
      if ("children" in child) walk(child);
      out.push(child);
    }
    (parent as { children: Nodes[] }).children = out;
  };
  walk(tree);
}
