import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AssetSink } from "../../src/lib/publish/outputs";
import { notebookFootprint, notebookToMdx } from "../../src/lib/publish/notebook";
import { publishNotebooks } from "../../src/lib/publish/site";
import { readTranslation, translationSkeleton } from "../../src/lib/publish/translation";
import type { Notebook } from "../../src/lib/publish/types";
import { compileMdx } from "./compileMdx";

const FIXTURES = path.join(__dirname, "../fixtures/publish");
const fixture = (name: string): Notebook =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.ipynb`), "utf8")) as Notebook;

function memorySink() {
  const imports: string[] = [];
  const sink: AssetSink = {
    writeFile: (name) => `@site/assets/${name}`,
    importJson: (name) => {
      const id = `fig_${imports.length}`;
      imports.push(`import ${id} from "@site/assets/${name}";`);
      return id;
    },
  };
  return { sink, imports: () => imports };
}

function page(nb: Notebook, locale: "en" | "zh-Hans" = "en") {
  const { sink, imports } = memorySink();
  const translation = readTranslation(path.join(FIXTURES, "zh/01-fixture.json"));
  return notebookToMdx(nb, {
    name: "01-fixture",
    sourceUrl: "@site/notebooks/01-fixture.ipynb",
    assets: sink,
    imports,
    locale,
    translation,
    resolveUrl: (url) => url.replace(/\.ipynb/, ".mdx"),
  });
}

describe("notebookToMdx (English page)", () => {
  const result = page(fixture("01-fixture"));

  it("takes title, sidebar position and description from the notebook", () => {
    expect(result.title).toBe("Deriving attention");
    expect(result.mdx).toMatch(/^---\ntitle: "Deriving attention"\n/);
    expect(result.mdx).toContain("sidebar_position: 1\n");
    expect(result.mdx).toMatch(/description: "Attention mixes values with weights \\\\alpha_\{ij\}/);
  });

  it("shows the notebook's totals and a link to the source .ipynb in a badge", () => {
    expect(result.mdx).toContain(
      '<NotebookBadge joules={23.1} seconds={1.75} method={"estimated:tdp"} hardware={"AMD EPYC (2 cores)"} backend={"wasm"} date={"2026-11-29"}>',
    );
    expect(result.mdx).toContain("[Download the notebook (.ipynb)](@site/notebooks/01-fixture.ipynb)");
  });

  it("gives each code cell its execution count and measured cost", () => {
    expect(result.mdx).toContain(
      '<NotebookCell count={1} seconds={0.25} cpuSeconds={0.24} joules={3.1} method={"estimated:tdp"}>',
    );
    expect(result.mdx).toContain("<NotebookCell count={3}>");
    expect(result.mdx).toContain('```ts\nthrow new TypeError("bad shape [2,3] vs {4}");'.replace(/"/g, "'"));
  });

  it("imports only the components and charts it uses", () => {
    expect(result.mdx).toContain('import PlotlyChart from "@site/src/components/PlotlyChart";');
    expect(result.mdx).toContain('import fig_0 from "@site/assets/cell5-0.plotly.json";');
    const other = page(fixture("02-other")).mdx;
    expect(other).not.toContain("PlotlyChart");
  });

  it("compiles as MDX with math rendered by KaTeX", async () => {
    const js = await compileMdx(result.mdx);
    expect(js).toContain("katex");
  });
});

describe("notebookToMdx (zh-Hans page)", () => {
  const en = page(fixture("01-fixture"));
  const zh = page(fixture("01-fixture"), "zh-Hans");

  it("uses the translated title, intro and headings with the English anchors", () => {
    expect(zh.title).toBe("推导注意力");
    expect(zh.mdx).toContain("# 推导注意力 {#deriving-attention}");
    expect(zh.mdx).toContain("## 缩放后的分数 {#scaled-scores}");
    expect(zh.headings.map((h) => h.id)).toEqual(en.headings.map((h) => h.id));
  });

  it("points to the English page and keeps untranslated cells in English", () => {
    expect(zh.mdx).toContain("<NotebookBadge englishNote>");
    expect(zh.mdx).toContain("Display math in brackets:");
    expect(zh.mdx).toContain("下载笔记本源文件");
  });

  it("compiles as MDX", async () => {
    await expect(compileMdx(zh.mdx)).resolves.toContain("katex");
  });
});

describe("notebookFootprint", () => {
  it("sums the cells when the notebook has no totals", () => {
    const nb = fixture("01-fixture");
    delete nb.metadata!.footprint;
    expect(notebookFootprint(nb)).toEqual({
      seconds: 1.75,
      cpuSeconds: 0.24 + 1.4,
      joules: 23.1,
      method: "estimated:tdp",
    });
  });

  it("is empty for a notebook that was never measured", () => {
    expect(notebookFootprint(fixture("02-other"))).toEqual({});
  });
});

describe("readTranslation", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tr-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names the file and the unknown key", () => {
    const f = path.join(dir, "x.json");
    fs.writeFileSync(f, JSON.stringify({ titel: "x" }));
    expect(() => readTranslation(f)).toThrow(/x\.json: unknown key "titel"/);
  });

  it("treats empty strings in a skeleton as untranslated", () => {
    const f = path.join(dir, "skeleton.json");
    const skeleton = translationSkeleton(fixture("01-fixture"));
    expect(skeleton.headings).toEqual({ "Deriving attention": "", "Scaled scores": "" });
    expect(skeleton.cells).toEqual({ intro: "" });
    fs.writeFileSync(
      f,
      JSON.stringify({
        ...skeleton,
        headings: { "Scaled scores": "缩放后的分数", "Deriving attention": "" },
      }),
    );
    const t = readTranslation(f)!;
    expect(t.headings).toEqual({ "Scaled scores": "缩放后的分数" });
    expect(t.cells).toEqual({});
    expect(t.title).toBeUndefined();
  });

  it("returns undefined when there is no file", () => {
    expect(readTranslation(path.join(dir, "none.json"))).toBeUndefined();
  });
});

describe("publishNotebooks", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pub-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, "notebooks"));
  fs.mkdirSync(path.join(root, "i18n/zh-Hans/notebooks"), { recursive: true });
  for (const f of ["01-fixture.ipynb", "02-other.ipynb"]) {
    fs.copyFileSync(path.join(FIXTURES, f), path.join(root, "notebooks", f));
  }
  fs.copyFileSync(
    path.join(FIXTURES, "zh/01-fixture.json"),
    path.join(root, "i18n/zh-Hans/notebooks/01-fixture.json"),
  );
  const stale = path.join(root, "docs/notebooks/99-gone.mdx");
  fs.mkdirSync(path.dirname(stale), { recursive: true });
  fs.writeFileSync(stale, "old");

  it("writes both locales, the assets and the category, and removes stale pages", () => {
    const pages = publishNotebooks({ root });
    expect(pages.map((p) => [p.name, p.route])).toEqual([
      ["01-fixture", "/docs/notebooks/fixture"],
      ["02-other", "/docs/notebooks/other"],
    ]);
    const zhDir = path.join(root, "i18n/zh-Hans/docusaurus-plugin-content-docs/current/notebooks");
    expect(fs.readFileSync(path.join(zhDir, "01-fixture.mdx"), "utf8")).toContain("推导注意力");
    expect(fs.existsSync(path.join(root, "docs/notebooks/_assets/01-fixture/cell5-0.plotly.json"))).toBe(
      true,
    );
    expect(fs.existsSync(path.join(root, "docs/notebooks/_assets/01-fixture/cell6-1.png"))).toBe(true);
    expect(fs.existsSync(path.join(root, "docs/notebooks/_category_.json"))).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
  });

  it("links to another notebook through its page", () => {
    const mdx = fs.readFileSync(path.join(root, "docs/notebooks/01-fixture.mdx"), "utf8");
    expect(mdx).toContain("[next](./02-other.mdx#setup)");
  });
});

describe("publishNotebooks links to local files", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pub-links-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, "notebooks/img"), { recursive: true });
  fs.mkdirSync(path.join(root, "static/data"), { recursive: true });
  fs.mkdirSync(path.join(root, ".git"));
  fs.writeFileSync(path.join(root, ".git/config"), "[core]\n");
  fs.writeFileSync(path.join(root, "notebooks/img/a.png"), "png");
  fs.writeFileSync(path.join(root, "static/data/b.csv"), "x\n");
  fs.symlinkSync(path.join(root, ".git/config"), path.join(root, "notebooks/img/config"));

  const publishWith = (markdown: string) => {
    const nb: Notebook = {
      cells: [
        { cell_type: "markdown", id: "intro", source: "# Links\n" },
        { cell_type: "markdown", id: "refs", source: markdown },
      ],
    };
    fs.writeFileSync(path.join(root, "notebooks/01-links.ipynb"), JSON.stringify(nb));
    publishNotebooks({ root });
    return fs.readFileSync(path.join(root, "docs/notebooks/01-links.mdx"), "utf8");
  };

  it("publishes files inside notebooks/ and static/", () => {
    const mdx = publishWith(
      "![a](img/a.png) [b](../static/data/b.csv) [c](@site/static/data/b.csv) [d](/docs/intro)",
    );
    expect(mdx).toContain("![a](@site/notebooks/img/a.png)");
    expect(mdx).toContain("[b](@site/static/data/b.csv)");
    expect(mdx).toContain("[c](@site/static/data/b.csv)");
    expect(mdx).toContain("[d](/docs/intro)");
  });

  const outside: [string, string, RegExp][] = [
    ["a relative path", "[cfg](../.git/config)", /points to \.git\/config, outside notebooks\/ and static\//],
    ["an @site path", "[cfg](@site/.git/config)", /points to \.git\/config, outside/],
    ["a percent-encoded path", "[cfg](%2e%2e/.git/config)", /points to \.git\/config, outside/],
    ["a reference-style link", "[cfg][r]\n\n[r]: ../.git/config", /points to \.git\/config, outside/],
    ["a raw <a> tag", '<a href="../.git/config">cfg</a>', /points to \.git\/config, outside/],
    ["an image", "![cfg](../.git/config)", /image "\.\.\/\.git\/config" points to \.git\/config, outside/],
    ["a symbolic link out of notebooks/", "[cfg](img/config)", /points to notebooks\/img\/config, outside/],
    ["a site route climbing out", "[cfg](/../.git/config)", /leaves the site with "\.\."/],
    ["a missing file", "[x](img/none.png)", /points to notebooks\/img\/none\.png, which does not exist/],
  ];
  it.each(outside)("refuses %s, naming the notebook and the cell", (_, markdown, why) => {
    expect(() => publishWith(markdown)).toThrow(/^notebooks\/01-links\.ipynb, cell #1 \(id "refs"\): /);
    expect(() => publishWith(markdown)).toThrow(why);
  });
});
