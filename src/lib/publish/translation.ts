// Per-notebook translations for the zh-Hans site: i18n/zh-Hans/notebooks/<name>.json.
// Notebook owners fill it in; anything left out stays in English, and the page says so.
import fs from "node:fs";

export type NotebookTranslation = {
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
  return raw as NotebookTranslation;
}
