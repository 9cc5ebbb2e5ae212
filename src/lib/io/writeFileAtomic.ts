/**
 * Atomic file writes (Node only): a reader, or a crash half-way, never sees a half-written file.
 * The text goes to a temporary file in the same directory (same file system), then a rename
 * replaces the target in one step.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** Writes `text` to `file` (creating its directory) through a temporary file and a rename. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true }); // the target is untouched; do not leave the temporary file behind
    throw err;
  }
}
