import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";

const dir = path.join(__dirname, "..", "..", "src", "lib", "energy");

/** Follows relative imports from browser.ts and returns every file reached. */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/from\s+"(\.[^"]+)"/g)) visit(path.join(path.dirname(file), `${m[1]}.ts`));
  };
  visit(path.join(dir, entry));
  return [...seen];
}

describe("browser-safe energy modules", () => {
  const files = closure("browser.ts");

  test("browser.ts reaches the arithmetic modules the site uses", () => {
    const names = files.map((f) => path.basename(f));
    for (const n of ["units.ts", "carbon.ts", "extrapolate.ts", "csv.ts", "published.ts", "schema.ts"]) {
      expect(names).toContain(n);
    }
  });

  test.each(files.map((f) => [path.basename(f), f]))("%s imports no Node module", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/from\s+"node:|require\(|from\s+"(fs|path|os|child_process)"/);
  });
});
