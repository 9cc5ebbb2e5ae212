// The built site served locally plus one Chromium, for a describe block of browser tests: opened
// before its tests (after `prepare`, e.g. a check that a file the tests need exists), closed after.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser";
import { BUILD, requireBuild } from "./built";
import type { StaticServer } from "./server";
import { serveStatic } from "./server";

export interface BuiltSite {
  readonly server: StaticServer;
  readonly browser: Browser;
}

/** Call inside `describe`; read `.server` and `.browser` inside its tests. */
export function useBuiltSite(prepare?: () => void): BuiltSite {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    requireBuild();
    prepare?.();
    server = await serveStatic(BUILD);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error("useBuiltSite: the site is opened in beforeAll; use it inside a test");
    return value;
  };
  return {
    get server() {
      return opened(server);
    },
    get browser() {
      return opened(browser);
    },
  };
}
