// Docusaurus prefetches the JavaScript of every page whose link scrolls into view. The notebook
// pages carry hundreds of kilobytes of chunks (outputs, charts), and the sidebar shows links to all
// of them on every docs page, so a reader of any page used to download them all. This client module
// wraps `window.docusaurus.prefetch` (assigned by Docusaurus's client entry, after this module runs)
// so that notebook routes are not prefetched on sight; they still preload on hover or touch of the
// link (`preload`), when the reader shows an intent to open them.
import type { ClientModule } from "@docusaurus/types";

/** Routes (any locale, any base URL) whose chunks are too heavy to prefetch because a link to them is visible. */
export const HEAVY_ROUTE = /\/docs\/notebooks\//;

type Docusaurus = { prefetch: (path: string) => false | Promise<void[]>; preload: (path: string) => unknown };

if (typeof window !== "undefined") {
  let current: Docusaurus | undefined;
  Object.defineProperty(window, "docusaurus", {
    configurable: true,
    get: () => current,
    set: (value: Docusaurus) => {
      const prefetch = value.prefetch.bind(value);
      current = { ...value, prefetch: (path) => (HEAVY_ROUTE.test(path) ? false : prefetch(path)) };
    },
  });
}

const module: ClientModule = {};
export default module;
