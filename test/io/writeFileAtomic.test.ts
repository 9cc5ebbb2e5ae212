import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/lib/io/writeFileAtomic";

describe("writeFileAtomic", () => {
  it("creates the directory, writes, and replaces an existing file without leaving temporary files", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "atomic-"));
    const file = path.join(dir, "sub", "a.json");
    writeFileAtomic(file, "one\n");
    writeFileAtomic(file, "two\n");
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(readdirSync(path.dirname(file))).toEqual(["a.json"]);
  });

  it("keeps the old file and removes its temporary file when the write fails", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "atomic-"));
    const file = path.join(dir, "a.json");
    writeFileSync(file, "good\n");
    // A directory where the target should be: the rename fails after the temporary file is written.
    const blocked = path.join(dir, "blocked");
    mkdirSync(path.join(blocked, "child"), { recursive: true });
    expect(() => writeFileAtomic(blocked, "new\n")).toThrow();
    expect(readFileSync(file, "utf8")).toBe("good\n");
    expect(readdirSync(dir).sort()).toEqual(["a.json", "blocked"]);
  });
});
