// One notebook → one MDX page (and its zh-Hans counterpart). Layout of a page:
//   front matter (title, sidebar position from the file name, description)
//   imports (components, chart JSON)
//   the notebook's cells in order; after the first cell, a badge with the notebook's measured
//   cost and a link to download the source .ipynb; on zh-Hans, a note pointing to the English page.
import type { Heading, MarkdownOptions } from "./markdown";
import type { Localizer } from "./localize";
import { cleanText, headingMdx, markdownToMdx } from "./markdown";
import { assertMdxIsData } from "./mdx";
import type { AssetSink } from "./outputs";
import { renderOutputs } from "./outputs";
import type { NotebookTranslation } from "./translation";
import type { CellFootprint, CodeCell, Notebook, NotebookFootprint } from "./types";
import { joinSource } from "./types";
import { codeBlock, jsString, Slugger } from "./text";

export type PageOptions = {
  /** File name without extension, e.g. "01-deriving-attention". */
  name: string;
  /** Markdown URL of the source .ipynb (e.g. "@site/notebooks/01-x.ipynb"). */
  sourceUrl: string;
  assets: AssetSink;
  /** Import lines the asset sink collected (filled while rendering; read at the end). */
  imports: () => string[];
  /** Maps links and images in markdown cells. */
  resolveUrl?: MarkdownOptions["resolveUrl"];
  locale?: "en" | "zh-Hans";
  translation?: NotebookTranslation;
  /** Translates charts, output tables and markdown outputs (used on zh-Hans pages only). */
  strings?: Localizer;
};

export type PageResult = {
  mdx: string;
  title: string;
  headings: Heading[];
  footprint: NotebookFootprint;
};

const COMPONENTS = ["NotebookBadge", "NotebookCell", "NotebookOutput", "PlotlyChart", "SafeHtml"];

/** Sums per-cell footprints; notebook-level metadata wins where present. */
export function notebookFootprint(nb: Notebook): NotebookFootprint {
  const meta = nb.metadata?.footprint ?? {};
  let seconds = 0;
  let cpuSeconds = 0;
  let joules = 0;
  let anySeconds = false;
  let anyJoules = false;
  const methods = new Set<string>();
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    const f = c.metadata?.footprint;
    if (!f) continue;
    if (typeof f.seconds === "number") {
      seconds += f.seconds;
      anySeconds = true;
    }
    if (typeof f.cpuSeconds === "number") cpuSeconds += f.cpuSeconds;
    if (typeof f.joules === "number") {
      joules += f.joules;
      anyJoules = true;
    }
    if (f.method) methods.add(f.method);
  }
  return {
    ...(anySeconds ? { seconds, cpuSeconds } : {}),
    ...(anyJoules ? { joules } : {}),
    ...(methods.size ? { method: [...methods].join(", ") } : {}),
    ...meta,
  };
}

/** A YAML double-quoted string (JSON's escapes are YAML's). */
function frontMatterValue(s: string): string {
  return jsString(cleanText(s));
}

/** Plain text of a heading as written (for the title): math keeps its TeX, markup is dropped. */
function plain(md: string): string {
  return md
    .replace(/\$+([^$]*)\$+/g, "$1")
    .replace(/[`*]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Where a cell is, for error messages: its index (as in translation files) and id. */
function cellName(index: number, id: string | undefined): string {
  return `cell #${index}${id ? ` (id "${id}")` : ""}`;
}

/** One line for the hardware a run used (a string, or the runner's hardware object). */
export function hardwareText(h: NotebookFootprint["hardware"]): string | undefined {
  if (h === undefined || h === null) return undefined;
  if (typeof h === "string") return h;
  const o = h as Record<string, unknown>;
  const cores = o.logicalCpus ?? o.cores;
  const parts = [
    o.cpuModel ?? o.cpu,
    o.gpuModel ?? o.gpu,
    typeof cores === "number" ? `${cores} logical CPUs` : undefined,
  ].filter((x) => typeof x === "string" || typeof x === "number");
  return parts.length ? parts.map(String).join(", ") : undefined;
}

function isSolution(cell: CodeCell): boolean {
  const meta = cell.metadata as { tags?: unknown; jupyter?: { source_hidden?: unknown } } | undefined;
  return (
    (Array.isArray(meta?.tags) && meta.tags.includes("solution")) || meta?.jupyter?.source_hidden === true
  );
}

function solutionLabel(locale: string): string {
  return locale === "zh-Hans" ? "参考答案（点击展开）" : "Solution (click to open)";
}

function cellAttrs(cell: CodeCell): string {
  const f: CellFootprint = cell.metadata?.footprint ?? {};
  const attrs: string[] = [];
  const num = (k: string, v: unknown) =>
    typeof v === "number" && Number.isFinite(v) && attrs.push(`${k}={${v}}`);
  num("count", cell.execution_count);
  num("seconds", f.seconds);
  num("cpuSeconds", f.cpuSeconds);
  num("joules", f.joules);
  if (typeof f.method === "string" && f.method) attrs.push(`method={${jsString(f.method)}}`);
  return attrs.length ? " " + attrs.join(" ") : "";
}

function badge(fp: NotebookFootprint, sourceUrl: string, locale: string): string {
  const attrs: string[] = [];
  const num = (k: string, v: unknown) =>
    typeof v === "number" && Number.isFinite(v) && attrs.push(`${k}={${v}}`);
  const str = (k: string, v: unknown) => typeof v === "string" && v && attrs.push(`${k}={${jsString(v)}}`);
  num("joules", fp.joules);
  num("seconds", fp.seconds);
  num("gCO2e", fp.gCO2e);
  str("method", fp.method);
  str("hardware", hardwareText(fp.hardware));
  str("backend", fp.backend);
  str("date", typeof fp.date === "string" ? fp.date.slice(0, 10) : undefined);
  if (fp.quick === true) attrs.push("quick");
  const label = locale === "zh-Hans" ? "下载笔记本源文件（.ipynb）" : "Download the notebook (.ipynb)";
  return `<NotebookBadge ${attrs.join(" ")}>\n\n[${label}](${sourceUrl})\n\n</NotebookBadge>`;
}

function zhNote(t: NotebookTranslation | undefined, opts: MarkdownOptions): string {
  if (t?.note === "") return "";
  const text =
    t?.note ??
    "本页由英文笔记本自动生成：标题、简介、图表和表格已译为中文，其余正文、代码和程序打印的文本保持英文原文。完整的英文版本见右侧链接。";
  return `<NotebookBadge englishNote>\n\n${markdownToMdx(text, opts).mdx}\n\n</NotebookBadge>`;
}

/** Converts a notebook to an MDX page. */
export function notebookToMdx(nb: Notebook, opts: PageOptions): PageResult {
  const locale = opts.locale ?? "en";
  const t = locale === "zh-Hans" ? opts.translation : undefined;
  const enSlugger = new Slugger();
  const headings: Heading[] = [];
  const body: string[] = [];
  const fp = notebookFootprint(nb);
  let title = typeof nb.metadata?.title === "string" ? nb.metadata.title : "";
  let description = "";
  let badgeDone = false;
  const mdOpts = (slugger: Slugger, ids?: string[]): MarkdownOptions => ({
    slugger,
    headingIds: ids,
    resolveUrl: opts.resolveUrl,
    pageChecked: true,
  });

  nb.cells.forEach((cell, index) => {
    try {
      addCell(cell, index);
    } catch (e) {
      throw new Error(`${cellName(index, cell.id)}: ${(e as Error).message}`);
    }
  });

  function addCell(cell: Notebook["cells"][number], index: number): void {
    const source = joinSource(cell.source);
    if (cell.cell_type === "markdown") {
      // The English conversion always runs: it fixes the heading ids both locales share.
      const en = markdownToMdx(source, mdOpts(enSlugger));
      let mdx = en.mdx;
      let cellHeadings = en.headings;
      let paragraph = en.firstParagraph;
      if (t) {
        const key = cell.id && t.cells?.[cell.id] !== undefined ? cell.id : `#${index}`;
        const translated = t.cells?.[key];
        let src = translated ?? source;
        if (!translated && t.headings) {
          src = src.replace(/^( {0,3}#{1,6}[ \t]+)(.*?)([ \t]*)$/gm, (line, pre: string, text: string) => {
            const bare = text.replace(/\s*\{#[\w-]+\}\s*$/, "").trim();
            const tr = t.headings?.[bare];
            return tr ? `${pre}${tr}` : line;
          });
        }
        const zh = markdownToMdx(
          src,
          mdOpts(
            new Slugger(),
            en.headings.map((h) => h.id),
          ),
        );
        mdx = zh.mdx;
        cellHeadings = zh.headings;
        paragraph = zh.firstParagraph;
      }
      headings.push(...cellHeadings);
      const h1 = cellHeadings.find((h) => h.level === 1);
      if (!title && h1) title = plain(h1.text);
      if (!description) description = paragraph;
      body.push(mdx);
    } else if (cell.cell_type === "raw") {
      if (source.trim()) body.push(codeBlock(cleanText(source), "text"));
    } else if (cell.cell_type === "code") {
      const parts = [codeBlock(cleanText(source).replace(/\n+$/, ""), "ts")];
      parts.push(
        ...renderOutputs(cell.outputs, {
          cellIndex: index,
          assets: opts.assets,
          markdown: mdOpts(enSlugger),
          locale,
          localize: locale === "zh-Hans" ? opts.strings : undefined,
        }),
      );
      const rendered = `<NotebookCell${cellAttrs(cell)}>\n\n${parts.join("\n\n")}\n\n</NotebookCell>`;
      // Exercise solutions (tag "solution", collapsed in JupyterLab) stay collapsed on the site too.
      body.push(
        isSolution(cell)
          ? `<details>\n<summary>${solutionLabel(locale)}</summary>\n\n${rendered}\n\n</details>`
          : rendered,
      );
    }
    if (!badgeDone && (cell.cell_type !== "markdown" || index === 0)) {
      const extra = [badge(fp, opts.sourceUrl, locale)];
      if (locale === "zh-Hans") extra.unshift(zhNote(t, mdOpts(new Slugger())));
      // After the first cell when it is markdown (title + intro), else before the first code cell.
      if (cell.cell_type === "markdown") body.push(...extra.filter(Boolean));
      else body.splice(body.length - 1, 0, ...extra.filter(Boolean));
      badgeDone = true;
    }
  }

  if (t?.title) title = t.title;
  if (t?.description) description = t.description;
  if (!title) title = opts.name.replace(/^\d+[-_]/, "").replace(/[-_]/g, " ");
  const position = /^(\d+)/.exec(opts.name)?.[1];
  const hasH1 = headings.some((h) => h.level === 1);
  if (!hasH1) body.unshift(headingMdx(title, 1));

  const front = [
    "---",
    `title: ${frontMatterValue(title)}`,
    `sidebar_label: ${frontMatterValue(title)}`,
    ...(position ? [`sidebar_position: ${Number(position)}`] : []),
    ...(description ? [`description: ${frontMatterValue(description)}`] : []),
    "custom_edit_url: null",
    "---",
  ];
  const used = COMPONENTS.filter((c) => body.some((b) => b.includes(`<${c}`)));
  const imports = [...used.map((c) => `import ${c} from "@site/src/components/${c}";`), ...opts.imports()];
  const comment = `/* Generated from notebooks/${opts.name.replace(/\*\//g, "")}.ipynb by src/lib/publish; edit the notebook, not this file. */`;
  const content = [imports.join("\n"), `{${comment}}`, ...body].filter(Boolean).join("\n\n") + "\n";
  try {
    assertMdxIsData(content, { imports, flowExpressions: [comment], components: COMPONENTS });
  } catch (e) {
    throw new Error(`page ${opts.name}: ${(e as Error).message}`);
  }
  const mdx = front.join("\n") + "\n\n" + content;
  return { mdx, title, headings, footprint: fp };
}
