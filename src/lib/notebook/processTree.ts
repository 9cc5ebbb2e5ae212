/**
 * The processes a notebook run started, and stopping all of them (Node-only). The runner starts
 * execute.py in its own process group and jupyter_client starts the kernel in its own session, so
 * neither sees a signal sent to the runner: the runner has to find and stop them itself.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Parent PID of every live process (Linux: from /proc/<pid>/stat); empty where there is no /proc. */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return parents;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // Field 2 (the command) is in parentheses and may hold spaces; field 4 is the parent PID.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parents.set(Number(name), Number(rest[1]));
  }
  return parents;
}

/** PIDs of the live descendants of `pid`, children first (none where /proc is missing). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [child, parent] of parentPids()) {
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    if (out.includes(p)) continue;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Whether a process with this PID exists (a zombie counts until it is reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * SIGKILLs the process groups led by `pids` (execute.py's and the kernel's), then the processes
 * themselves; processes already gone are skipped. Synchronous, so it also works in an exit handler.
 */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // not a group leader, or already gone
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
