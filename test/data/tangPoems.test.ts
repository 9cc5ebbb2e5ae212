import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetNotFoundError } from "../../src/lib/data/datasetSource";
import type { TangPoem, TangPoemsSplits } from "../../src/lib/data/tangPoems";
import { toSimplified } from "../../src/lib/data/tatoeba";
import {
  TANG_POEMS_FILES,
  loadTangPoems,
  parseTangPoems,
  splitPoemsByBody,
  tangPoemsUrl,
} from "../../src/lib/data/tangPoems";

// ---- tiny fixtures, written to a temporary folder at test time -------------------------------------------

interface FixturePoem {
  author?: unknown;
  title?: unknown;
  paragraphs?: unknown;
}

const poem = (author: string, title: string, ...paragraphs: string[]): FixturePoem => ({ author, title, paragraphs });

const JINGYESI = ["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉。"];
const CHUNXIAO_TRADITIONAL = ["春眠不覺曉，處處聞啼鳥。", "夜來風雨聲，花落知多少。"];
const CHUNXIAO_SIMPLIFIED = ["春眠不觉晓，处处闻啼鸟。", "夜来风雨声，花落知多少。"];

/** 60 generated bodies of two 5-character lines, distinct (base-16 digits of i in Traditional characters). */
const POOL = "風花雪月春秋山水龍鳳雲雨天地日夜";
function generated(i: number): string[] {
  const digit = (k: number) => POOL[Math.floor(i / 16 ** k) % 16]!;
  return [`${digit(0)}${digit(1)}江東去遠，`, `${digit(1)}${digit(0)}客北歸遲。`];
}

/**
 * poet.tang.0.json: four named poems (one with no lines) and 30 generated; poet.tang.1000.json: the same
 * poems again under other titles and authors (靜夜思 exactly, 春曉 in Simplified characters, the first
 * 25 generated), plus 30 more generated. Every other file is an empty array.
 */
function corpusFiles(): Record<string, FixturePoem[]> {
  const files: Record<string, FixturePoem[]> = {};
  for (const f of TANG_POEMS_FILES) files[f] = [];
  files["poet.tang.0.json"] = [
    poem("太宗皇帝", "帝京篇", "秦川雄帝宅，函谷壯皇居。", "綺殿千尋起，離宮百雉餘。"),
    poem("李白", "靜夜思", ...JINGYESI),
    poem("孟浩然", "春曉", ...CHUNXIAO_TRADITIONAL),
    poem("無名氏", "闕題"),
    ...Array.from({ length: 30 }, (_, i) => poem("甲", `題${i}`, ...generated(i))),
  ];
  files["poet.tang.1000.json"] = [
    poem("佚名", "夜思", ...JINGYESI),
    poem("無名氏", "春曉（一作）", ...CHUNXIAO_SIMPLIFIED),
    ...Array.from({ length: 25 }, (_, i) => poem("乙", `又題${i}`, ...generated(i))),
    ...Array.from({ length: 30 }, (_, i) => poem("丙", `新題${i}`, ...generated(30 + i))),
  ];
  return files;
}
/** Poems 4 + 30 + 2 + 25 + 30 = 91; one empty; duplicates 1 + 1 + 25 = 27; distinct 3 + 60 = 63. */
const FIXTURE = { poems: 91, empty: 1, duplicates: 27, distinct: 63 };

function writeCorpus(files: Record<string, FixturePoem[] | string>, sub = "tang-poems"): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "footprint-tang-"));
  mkdirSync(path.join(root, sub), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(root, sub, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const tmpDir = () => mkdtempSync(path.join(os.tmpdir(), "footprint-tang-cache-"));
const bodies = (poems: readonly TangPoem[]) => poems.map((p) => p.body);
const allPoems = (s: TangPoemsSplits) => [...s.train, ...s.validation, ...s.test];

// ---- parsing and checking --------------------------------------------------------------------------------

describe("parseTangPoems", () => {
  it.each([
    ["malformed JSON", '[{"paragraphs": ["a"]},', /bad\.json: not valid JSON .*chinese-poetry original/],
    ["not an array", '{"paragraphs": []}', /bad\.json: expected a JSON array of poems, found an object/],
    ["a poem that is not an object", '[{"paragraphs": []}, 3]', /bad\.json: poem at index 1 is number 3, expected an object/],
    [
      "a poem without paragraphs",
      '[{"title": "甲", "paragraphs": ["一"]}, {"author": "李白", "title": "靜夜思"}]',
      /bad\.json: poem at index 1 \("靜夜思" by "李白"\) has no "paragraphs" field; every poem needs "paragraphs": an array of strings/,
    ],
    [
      "paragraphs as a string",
      '[{"title": "甲", "paragraphs": "床前明月光"}]',
      /bad\.json: poem at index 0 \("甲" by ""\): "paragraphs" is the string "床前明月光", expected an array of strings/,
    ],
    [
      "a non-string line",
      '[{"paragraphs": ["一"]}, {"paragraphs": ["一"]}, {"title": "乙", "paragraphs": ["床前明月光，", 7]}]',
      /bad\.json: poem at index 2 \("乙" by ""\): paragraphs\[1\] is number 7, expected a string/,
    ],
    ["a numeric title", '[{"title": 5, "paragraphs": []}]', /bad\.json: poem at index 0: field "title" is number 5/],
  ])("%s gives an error naming the file, the poem's index and the fix", (_, content, message) => {
    expect(() => parseTangPoems(content, "bad.json")).toThrow(message);
  });

  it("reads author, title, lines and index, and accepts a BOM", () => {
    const poems = parseTangPoems('\ufeff[{"author": "李白", "title": "靜夜思", "paragraphs": ["床前明月光，"], "id": "x"}]', "a.json");
    expect(poems).toEqual([{ author: "李白", title: "靜夜思", paragraphs: ["床前明月光，"], index: 0 }]);
  });

  it("names the upstream URL of the file in the fix", () => {
    expect(() => parseTangPoems("[", "/data/tang-poems/poet.tang.3000.json")).toThrow(
      tangPoemsUrl("poet.tang.3000.json"),
    );
    expect(tangPoemsUrl("poet.tang.3000.json")).toBe(
      "https://raw.githubusercontent.com/chinese-poetry/chinese-poetry/master/%E5%85%A8%E5%94%90%E8%AF%97/poet.tang.3000.json",
    );
  });
});

// ---- loading, conversion, deduplication and splits -------------------------------------------------------

describe("loadTangPoems", () => {
  const dataDir = writeCorpus(corpusFiles());
  const load = (extra = {}) =>
    loadTangPoems({ dataDir, cacheDir: tmpDir(), validation: 0.2, test: 0.2, env: {}, ...extra });

  it("converts titles, authors and bodies to Simplified and keeps the punctuation", async () => {
    const s = await load();
    const jingyesi = allPoems(s).find((p) => p.body.startsWith("床前"))!;
    expect(jingyesi).toMatchObject({
      author: "李白",
      title: "静夜思",
      body: "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
      file: "poet.tang.0.json",
      index: 1,
    });
    expect(allPoems(s).find((p) => p.author === "太宗皇帝")!.body).toBe("秦川雄帝宅，函谷壮皇居。绮殿千寻起，离宫百雉余。");
  });

  it("can keep the Traditional text", async () => {
    const s = await load({ simplify: false });
    expect(bodies(allPoems(s))).toContain("床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。");
  });

  it("drops empty poems and duplicate bodies (after conversion) and counts them", async () => {
    const s = await load();
    expect(s.counts).toMatchObject({ files: 58, ...FIXTURE });
    expect(s.counts.train + s.counts.validation + s.counts.test).toBe(FIXTURE.distinct);
    // 春曉 in Traditional and in Simplified characters are one poem after conversion; the first is kept.
    const chunxiao = allPoems(s).filter((p) => p.body.startsWith("春眠"));
    expect(chunxiao).toHaveLength(1);
    expect(chunxiao[0]).toMatchObject({ title: "春晓", author: "孟浩然", file: "poet.tang.0.json" });
  });

  it("puts no body in two splits and loses none", async () => {
    const s = await load();
    const [train, validation, test] = [new Set(bodies(s.train)), new Set(bodies(s.validation)), new Set(bodies(s.test))];
    expect(train.size + validation.size + test.size).toBe(FIXTURE.distinct); // no duplicates inside a split
    for (const b of test) expect(train.has(b) || validation.has(b)).toBe(false);
    for (const b of validation) expect(train.has(b)).toBe(false);
    // every input poem's converted body, duplicated or not, lies in exactly one split
    const all = [...train, ...validation, ...test];
    const inputs = Object.values(corpusFiles()).flat();
    for (const input of inputs) {
      const body = toSimplified((input.paragraphs as string[]).join(""));
      expect(all.filter((b) => b === body)).toHaveLength(body === "" ? 0 : 1);
    }
    expect(s.counts.test).toBe(Math.round(FIXTURE.distinct * 0.2));
    expect(s.counts.characters.train).toBe(bodies(s.train).join("").length);
  });

  it("is seeded: the same seed gives the same splits, another seed others", async () => {
    const a = await load({ seed: 7 });
    expect(bodies((await load({ seed: 7 })).test)).toEqual(bodies(a.test));
    expect(bodies((await load({ seed: 8 })).test)).not.toEqual(bodies(a.test));
  });

  it("cuts subsets after splitting (quick mode), keeping the full-corpus counts", async () => {
    const full = await load();
    const s = await load({ maxTrain: 5, maxValidation: 2, maxTest: 1 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([5, 2, 1]);
    expect(bodies(s.train)).toEqual(bodies(full.train).slice(0, 5));
    expect(s.counts).toEqual(full.counts);
  });

  it("an error in one file names the file and the poem's index", async () => {
    const files: Record<string, FixturePoem[] | string> = corpusFiles();
    files["poet.tang.2000.json"] = [poem("甲", "一", "一二三"), { author: "乙", title: "二", paragraphs: ["四", null] }];
    const dir = writeCorpus(files);
    await expect(loadTangPoems({ dataDir: dir, cacheDir: tmpDir(), env: {} })).rejects.toThrow(
      /poet\.tang\.2000\.json: poem at index 1 \("二" by "乙"\): paragraphs\[1\] is null/,
    );
  });

  it("says where to put the files when the explicit folder lacks them", async () => {
    const empty = tmpDir();
    await expect(loadTangPoems({ cacheDir: tmpDir(), env: { FOOTPRINT_DATA_DIR: empty } })).rejects.toThrow(
      /FOOTPRINT_DATA_DIR is .*poet\.tang\.0\.json/,
    );
  });
});

describe("the prepared-corpus cache", () => {
  it("is written once, then read instead of preparing again", async () => {
    const dataDir = writeCorpus(corpusFiles());
    const cacheDir = tmpDir();
    const first = await loadTangPoems({ dataDir, cacheDir, env: {} });
    expect(first.prepared).toBe("built");
    expect(existsSync(first.preparedFile!)).toBe(true);
    const second = await loadTangPoems({ dataDir, cacheDir, env: {} });
    expect(second.prepared).toBe("cache");
    expect(second.preparedFile).toBe(first.preparedFile);
    expect(allPoems(second)).toEqual(allPoems(first));
    expect(second.counts).toEqual(first.counts);

    // Proof that the file is what is read: a change inside it shows up in the next load.
    const cached = JSON.parse(readFileSync(first.preparedFile!, "utf8"));
    cached.train[0].body = "改过的正文";
    writeFileSync(first.preparedFile!, JSON.stringify(cached));
    expect((await loadTangPoems({ dataDir, cacheDir, env: {} })).train[0]!.body).toBe("改过的正文");
  });

  it("is keyed by the inputs: another seed or another file content prepares anew", async () => {
    const files = corpusFiles();
    const dataDir = writeCorpus(files);
    const cacheDir = tmpDir();
    const first = await loadTangPoems({ dataDir, cacheDir, env: {} });
    const seeded = await loadTangPoems({ dataDir, cacheDir, env: {}, seed: 1 });
    expect(seeded.prepared).toBe("built");
    expect(seeded.preparedFile).not.toBe(first.preparedFile);
    files["poet.tang.57000.json"] = [poem("丁", "新", "新來的一首詩。")];
    writeFileSync(path.join(dataDir, "tang-poems", "poet.tang.57000.json"), JSON.stringify(files["poet.tang.57000.json"]));
    const changed = await loadTangPoems({ dataDir, cacheDir, env: {} });
    expect(changed.prepared).toBe("built");
    expect(changed.counts.distinct).toBe(FIXTURE.distinct + 1);
  });

  it("a corrupt cache file is prepared again and replaced", async () => {
    const dataDir = writeCorpus(corpusFiles());
    const cacheDir = tmpDir();
    const first = await loadTangPoems({ dataDir, cacheDir, env: {} });
    writeFileSync(first.preparedFile!, '{"format": "llm-footprint/tang-poems-prepared", "train": [');
    const lines: string[] = [];
    const again = await loadTangPoems({ dataDir, cacheDir, env: {}, log: (l) => lines.push(l) });
    expect(again.prepared).toBe("built");
    expect(lines.join("\n")).toMatch(/unreadable/);
    expect((await loadTangPoems({ dataDir, cacheDir, env: {} })).prepared).toBe("cache");
  });

  it("can be turned off", async () => {
    const dataDir = writeCorpus(corpusFiles());
    const cacheDir = tmpDir();
    const s = await loadTangPoems({ dataDir, cacheDir, env: {}, cachePrepared: false });
    expect(s.prepared).toBe("built");
    expect(s.preparedFile).toBeUndefined();
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe("downloading the upstream files", () => {
  const files = corpusFiles();
  const serve = (bad?: (file: string) => Response | undefined) => {
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      const file = decodeURIComponent(url.split("/").pop()!);
      const content = files[file];
      if (content === undefined) return new Response("not found", { status: 404, statusText: "Not Found" });
      return bad?.(file) ?? new Response(JSON.stringify(content));
    };
    return { fetch, calls };
  };

  it("fetches the 58 files into the cache once, then reads the cache", async () => {
    const cacheDir = tmpDir();
    const { fetch, calls } = serve();
    const first = await loadTangPoems({ cacheDir, env: {}, fetch, progress: false });
    expect(first.source).toBe("download");
    expect(first.dir).toBe(path.join(cacheDir, "tang-poems"));
    expect(calls).toHaveLength(58);
    expect(calls[0]).toBe(tangPoemsUrl("poet.tang.0.json"));
    expect(readdirSync(first.dir).sort()).toEqual([...TANG_POEMS_FILES].sort());
    expect(first.counts).toMatchObject(FIXTURE);
    const second = await loadTangPoems({ cacheDir, env: {}, fetch, progress: false });
    expect(second.source).toBe("cache");
    expect(calls).toHaveLength(58);
  });

  it.each([
    ["a failed request", (f: string) => (f === "poet.tang.30000.json" ? new Response("", { status: 500 }) : undefined), /poet\.tang\.30000\.json failed \(HTTP 500/],
    ["a malformed file", (f: string) => (f === "poet.tang.30000.json" ? new Response("[{") : undefined), /poet\.tang\.30000\.json: not valid JSON/],
  ])("%s caches nothing and says so", async (_, bad, message) => {
    const cacheDir = tmpDir();
    await expect(loadTangPoems({ cacheDir, env: {}, fetch: serve(bad).fetch, progress: false })).rejects.toThrow(message);
    expect(readdirSync(cacheDir)).toEqual([]); // neither a half-filled tang-poems/ nor a temporary folder
  });

  it("without network gives one message naming the env var, the folder and the cache", async () => {
    const cacheDir = tmpDir();
    const offline = async (): Promise<Response> => {
      throw new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com");
    };
    const error = await loadTangPoems({ cacheDir, env: {}, fetch: offline, progress: false }).catch((e) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect(error.message).toMatch(/ENOTFOUND.*FOOTPRINT_DATA_DIR/);
    expect(error.message).toContain(path.join(cacheDir, "tang-poems"));
  });

  it("does not download when told not to", async () => {
    const { fetch, calls } = serve();
    await expect(loadTangPoems({ cacheDir: tmpDir(), env: {}, fetch, download: false })).rejects.toThrow(
      /downloading is off/,
    );
    expect(calls).toHaveLength(0);
  });
});

describe("splitPoemsByBody", () => {
  const p = (body: string, i: number): TangPoem => ({ author: "", title: `${i}`, body, file: "f.json", index: i });

  it("rejects fractions that leave no training data", () => {
    expect(() => splitPoemsByBody([p("一", 0)], { validation: 0.5, test: 0.5 })).toThrow(/validation \+ test < 1/);
  });

  it("keeps the first poem of each body", () => {
    const s = splitPoemsByBody([p("一", 0), p("二", 1), p("一", 2)], { validation: 0, test: 0 });
    expect(s.duplicates).toBe(1);
    expect(s.train.map((x) => x.index).sort()).toEqual([0, 1]);
  });
});

// Real data: CI sets FOOTPRINT_DATA_DIR. Without it this fails with the loader's message, on purpose.
describe("the real corpus (FOOTPRINT_DATA_DIR)", () => {
  it("reads all 56,428 poems and splits the distinct bodies 96/2/2 with no body in two splits", async () => {
    const s = await loadTangPoems({ download: false, cacheDir: tmpDir() });
    expect(s.counts.poems).toBe(56_428);
    expect(s.counts.distinct).toBe(s.counts.poems - s.counts.empty - s.counts.duplicates);
    expect(s.counts.duplicates).toBeGreaterThan(500);
    expect(s.counts.validation / s.counts.distinct).toBeCloseTo(0.02, 3);
    const train = new Set(bodies(s.train));
    const heldOut = [...bodies(s.validation), ...bodies(s.test)];
    expect(new Set(heldOut).size).toBe(heldOut.length);
    expect(heldOut.filter((b) => train.has(b))).toEqual([]);
    expect(s.counts.characters.train).toBeGreaterThan(3_300_000);
  });
});
