// Per-notebook translations for the zh-Hans site: i18n/zh-Hans/notebooks/<name>.json.
// Notebook owners fill it in; anything left out stays in English, and the page says so.
import fs from "node:fs";
import type { Notebook } from "./types";
import { joinSource } from "./types";

export type NotebookTranslation = {
  /** Free text for translators; ignored. */
  $comment?: string;
  /** Page title (sidebar and <h1> when the notebook's first heading is not in `headings`). */
  title?: string;
  /** Meta description and search snippet. */
  description?: string;
  /** English heading text (as written in the notebook, without `#`) → translation. */
  headings?: Record<string, string>;
  /** Whole markdown cells: cell id (or `#<index>`, counting from 0) → translated markdown. */
  cells?: Record<string, string>;
  /** Replaces the default note about untranslated content; "" removes it. */
  note?: string;
};

const KEYS = new Set(["title", "description", "headings", "cells", "note", "$comment"]);

/** Reads and checks a translation file; undefined when the file does not exist. */
export function readTranslation(file: string): NotebookTranslation | undefined {
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`${file}: expected an object with title, description, headings, cells, note`);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!KEYS.has(k)) throw new Error(`${file}: unknown key "${k}" (accepted: ${[...KEYS].join(", ")})`);
    const isMap = k === "headings" || k === "cells";
    if (isMap) {
      if (!v || typeof v !== "object" || Array.isArray(v))
        throw new Error(`${file}: "${k}" must be an object`);
      for (const [kk, vv] of Object.entries(v)) {
        if (typeof vv !== "string") throw new Error(`${file}: ${k}["${kk}"] must be a string`);
      }
    } else if (typeof v !== "string") {
      throw new Error(`${file}: "${k}" must be a string`);
    }
  }
  // Empty strings are untranslated entries (as left by `--init-translation`): drop them.
  const t = raw as NotebookTranslation;
  for (const k of ["headings", "cells"] as const) {
    const m = t[k];
    if (m) t[k] = Object.fromEntries(Object.entries(m).filter(([, v]) => v.trim() !== ""));
  }
  if (t.title === "") delete t.title;
  if (t.description === "") delete t.description;
  return t;
}

/**
 * A translation file to fill in: every heading of the notebook and its first markdown cell
 * (title + introduction) with empty translations.
 */
export function translationSkeleton(nb: Notebook): NotebookTranslation & { $comment: string } {
  const headings: Record<string, string> = {};
  const cells: Record<string, string> = {};
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "markdown") return;
    const src = joinSource(c.source);
    for (const m of src.matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:\s*\{#[\w-]+\})?[ \t]*$/gm))
      headings[m[1]!.trim()] = "";
    if (Object.keys(cells).length === 0) cells[c.id ?? `#${i}`] = "";
  });
  return {
    $comment:
      "zh-Hans translation of a notebook page. Empty strings stay English. cells: a cell id (or #index) -> the whole markdown cell translated; headings: English heading -> translation (anchors stay English).",
    title: "",
    description: "",
    headings,
    cells,
  };
}
