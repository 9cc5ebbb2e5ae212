/**
 * The state of the git checkout a notebook run starts from (Node-only): HEAD and whether tracked
 * files differ from it. The runner refuses to overwrite committed outputs from a dirty tree
 * (their metadata would name a commit that did not produce them) unless told otherwise.
 */
import { execFileSync } from "node:child_process";

export interface GitState {
  /** HEAD's commit hash; null outside a git checkout (or without git). */
  commit: string | null;
  /** True when tracked files differ from HEAD; null when unknown (no git checkout). */
  dirty: boolean | null;
  /** The changed tracked files (paths relative to the checkout), as `git status --porcelain` lists them. */
  changed: string[];
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString();
}

/** HEAD and the changed tracked files of the checkout holding `cwd` (untracked files do not count). */
export function gitState(cwd: string): GitState {
  let commit: string;
  try {
    commit = git(["rev-parse", "HEAD"], cwd).trim();
  } catch {
    return { commit: null, dirty: null, changed: [] };
  }
  const changed = git(["status", "--porcelain", "--untracked-files=no"], cwd)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.slice(3));
  return { commit, dirty: changed.length > 0, changed };
}

/** The refusal shown when a run would overwrite committed outputs from a dirty tree. */
export function dirtyTreeMessage(state: GitState, shown = 5): string {
  const list = state.changed.slice(0, shown).map((f) => `  ${f}`);
  if (state.changed.length > shown) list.push(`  … and ${state.changed.length - shown} more`);
  return [
    `notebooks: refusing to overwrite committed outputs from a dirty git tree (HEAD ${state.commit?.slice(0, 12)}; ` +
      `${state.changed.length} changed tracked file(s)):`,
    ...list,
    "The executed notebooks would name a commit that did not produce them. Commit (or undo) these changes, or run " +
      "from a clean worktree (git worktree add), or write elsewhere with --out-dir DIR. --allow-dirty overrides this " +
      "and records allowDirty and dirty in each notebook's metadata.footprint.",
  ].join("\n");
}
