// Every string a component or page shows goes through Docusaurus's <Translate>/translate() with
// a Chinese entry in i18n/zh-Hans/code.json (the one i18n system of the site): the ids are read
// with Docusaurus's own extractor, the one `npm run write-translations` uses.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SOURCE_DIRS = ["src/components", "src/pages"];

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.sort();
}

type Extracted = {
  sourceCodeFilePath: string;
  translations: Record<string, { message: string; description?: string }>;
  warnings: string[];
};

async function extract(): Promise<Extracted[]> {
  const { extractAllSourceCodeFileTranslations, getBabelOptions } =
    (await import("@docusaurus/babel")) as unknown as {
      extractAllSourceCodeFileTranslations(files: string[], options: object): Promise<Extracted[]>;
      getBabelOptions(o: { isServer: boolean }): object;
    };
  return extractAllSourceCodeFileTranslations(sourceFiles(), getBabelOptions({ isServer: true }));
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("site strings", async () => {
  const extracted = await extract();
  const code = JSON.parse(readFileSync(path.join(root, "i18n/zh-Hans/code.json"), "utf8")) as Record<
    string,
    { message: string }
  >;
  const ids = extracted.flatMap((e) =>
    Object.entries(e.translations).map(([id, t]) => ({
      id,
      message: t.message,
      file: path.relative(root, e.sourceCodeFilePath),
    })),
  );

  it("are found in the components (the extractor sees them)", () => {
    expect(ids.length).toBeGreaterThan(100);
  });

  it("are static: no translate() call the extractor cannot read", () => {
    expect(extracted.flatMap((e) => e.warnings)).toEqual([]);
  });

  it.each(ids)("$id ($file) has a Chinese entry with the same placeholders", ({ id, message }) => {
    const zh = code[id]?.message;
    expect(zh, `add "${id}" to i18n/zh-Hans/code.json`).toBeTruthy();
    expect(placeholders(zh!)).toEqual(placeholders(message));
  });

  it("no component picks a language with an inline (en, zh) pair", () => {
    // `zh ? "zh-Hans" : "en"` (a lang attribute) is fine; `zh ? "中文" : "English"` is not.
    const pair = /\((en|english): string, (cn|zh|chinese): string\)|\bzh\s*\?\s*["'`](?!(zh-Hans|en)["'`])/;
    const inline = sourceFiles().filter((f) => pair.test(readFileSync(f, "utf8")));
    expect(inline.map((f) => path.relative(root, f))).toEqual([]);
  });
});
