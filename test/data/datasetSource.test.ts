import { mkdtempSync, readFileSync, existsSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import type { DatasetSpec } from "../../src/lib/data/datasetSource";
import { DatasetNotFoundError, resolveDataset } from "../../src/lib/data/datasetSource";

const zip = zipSync({ "DS/a.txt": strToU8("alpha\n"), "DS/b.txt": strToU8("beta\n"), "DS/extra.txt": strToU8("x") });
const spec = (md5?: string): DatasetSpec => ({
  name: "Toy",
  folder: "toy",
  files: ["a.txt", "b.txt"],
  archive: { url: "https://example.invalid/toy.zip", md5, members: { "DS/a.txt": "a.txt", "DS/b.txt": "b.txt" } },
});
const md5 = createHash("md5").update(zip).digest("hex");
const okFetch = async () => new Response(zip, { headers: { "content-length": String(zip.byteLength) } });
const offline = async (): Promise<Response> => {
  throw new Error("getaddrinfo ENOTFOUND example.invalid");
};

describe("resolveDataset", () => {
  it("downloads, verifies and extracts into the cache once, then reads the cache", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "ds-"));
    let calls = 0;
    const fetch = async () => (calls++, okFetch());
    const first = await resolveDataset(spec(md5), { cacheDir, env: {}, fetch, progress: false });
    expect(first).toEqual({ dir: path.join(cacheDir, "toy"), source: "download" });
    expect(readFileSync(path.join(first.dir, "a.txt"), "utf8")).toBe("alpha\n");
    expect(readdirSync(cacheDir)).toEqual(["toy"]); // no temporary folder left
    const second = await resolveDataset(spec(md5), { cacheDir, env: {}, fetch, progress: false });
    expect(second.source).toBe("cache");
    expect(calls).toBe(1);
  });

  it("rejects an archive with the wrong checksum and leaves no cache behind", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "ds-"));
    await expect(
      resolveDataset(spec("0".repeat(32)), { cacheDir, env: {}, fetch: okFetch, progress: false }),
    ).rejects.toThrow(/md5 .* expected 0{32}/);
    expect(existsSync(path.join(cacheDir, "toy"))).toBe(false);
  });

  it("without network gives one message naming the env var, the folder layout and the URL", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "ds-"));
    const error = await resolveDataset(spec(md5), { cacheDir, env: {}, fetch: offline }).catch((e) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect(error.message).toMatch(/FOOTPRINT_DATA_DIR/);
    expect(error.message).toContain("toy/a.txt");
    expect(error.message).toContain(path.join(cacheDir, "toy"));
    expect(error.message).toContain("https://example.invalid/toy.zip");
    expect(error.message).toContain("ENOTFOUND");
  });

  it("an explicit directory without the files is an error, not a silent download", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ds-"));
    await expect(
      resolveDataset(spec(md5), { env: { FOOTPRINT_DATA_DIR: dir }, fetch: okFetch }),
    ).rejects.toThrow(/FOOTPRINT_DATA_DIR is .* holds a\.txt, b\.txt/);
  });
});
