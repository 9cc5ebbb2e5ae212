// The zh-Hans notebook pages read in Chinese: their prose and their outputs (chart titles, axes,
// legends, hover labels, annotations, output-table captions, headers and label cells, rendered
// markdown outputs) contain no English word outside code, quotations, citations, data columns and
// the allowlist of i18n/zh-Hans/notebooks/strings.json. Each page is generated in memory, as `npm run site:prepare`
// does, and the counts are printed without and with the string table.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageEnglish, summarizeWords } from "../../src/lib/publish/englishCheck";
import type { StringTable } from "../../src/lib/publish/localize";
import { dataColumnNames, Localizer, readStringTable } from "../../src/lib/publish/localize";
import { notebookToMdx } from "../../src/lib/publish/notebook";
import { figureId, makeUrlResolver, STRINGS } from "../../src/lib/publish/site";
import { readTranslation } from "../../src/lib/publish/translation";
import type { Notebook } from "../../src/lib/publish/types";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, "notebooks");
const all = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
/** Every notebook (all are localised). */
const NOTEBOOKS = all;
const table = readStringTable(path.join(ROOT, STRINGS));

/** The zh-Hans page of a notebook and its charts, generated in memory. */
export function zhPage(file: string, strings: StringTable | undefined) {
  const name = file.replace(/\.ipynb$/, "");
  const nb = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Notebook;
  const figures = new Map<string, unknown>();
  const imports: string[] = [];
  const page = notebookToMdx(nb, {
    name,
    sourceUrl: `@site/notebooks/${file}`,
    assets: {
      writeFile: (f) => `@site/docs/notebooks/_assets/${name}/${f}`,
      importJson: (f, value) => {
        const id = figureId(f);
        figures.set(id, value);
        imports.push(`import ${id} from "@site/docs/notebooks/_assets/${name}/${f}";`);
        return id;
      },
    },
    imports: () => imports,
    resolveUrl: makeUrlResolver(ROOT, "notebooks", new Set(all.map((f) => f.replace(/\.ipynb$/, "")))),
    locale: "zh-Hans",
    translation: readTranslation(path.join(ROOT, "i18n/zh-Hans/notebooks", `${name}.json`)),
    strings: strings && new Localizer(strings, "zh-Hans"),
  });
  return pageEnglish(page.mdx, figures, new Set(table.allow), dataColumnNames(table));
}

describe("English on the zh-Hans notebook pages", () => {
  it("finds the notebooks", () => {
    expect(NOTEBOOKS.map((f) => f.slice(0, 2))).toEqual(
      expect.arrayContaining(["01", "02", "03", "04", "05", "06"]),
    );
  });

  it.each(NOTEBOOKS)("%s: no English word in charts, output tables or markdown outputs", (file) => {
    const before = zhPage(file, undefined);
    const after = zhPage(file, table);
    console.log(
      `${file} zh-Hans, English words: outputs ${before.outputs.length} → ${after.outputs.length}, prose ${after.prose.length} (${summarizeWords(after.prose, 12)})`,
    );
    expect(
      after.outputs,
      `English in the outputs of the zh page of ${file}: ${summarizeWords(after.outputs)}. ` +
        `Add the strings to ${STRINGS} ("strings": English → Chinese, {name} for a run's values), ` +
        `or, for names and units, to its "allow" list.`,
    ).toEqual([]);
  });

  it.each(NOTEBOOKS)("%s: no English word in the translated prose", (file) => {
    const { prose } = zhPage(file, table);
    expect(
      prose,
      `English in the prose of the zh page of ${file}: ${summarizeWords(prose)}. Translate the cell in ` +
        `i18n/zh-Hans/notebooks/${file.replace(/\.ipynb$/, ".json")}, or, for a name, unit or a term glossed in ` +
        `parentheses, add it to the "allow" list of ${STRINGS}.`,
    ).toEqual([]);
  });
});
