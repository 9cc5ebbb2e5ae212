#!/usr/bin/env node
/**
 * `npm run lab [-- --no-open] [--register-only]`
 *
 * Registers the tslab kernel (user-level kernelspec, against this project's node_modules/.bin/tslab;
 * idempotent) and opens Jupyter on notebooks/: JupyterLab when installed, else the classic Notebook.
 * When Jupyter is missing it prints how to install it.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { findPython, INSTALL_HINT, installTslabKernel, pythonEnv, repoRoot } from "../notebook/jupyter";
import { parseFlags, runCli } from "./flags";

const HELP = `Usage: npm run lab -- [--register-only] [--no-open]

  --register-only  register the kernel ("TypeScript", name tslab) and exit
  --no-open        start the server without opening a browser
  -h, --help       this text`;

/** "lab" if the interpreter has JupyterLab, else "notebook" if it has the classic Notebook, else null. */
export function jupyterFrontEnd(python: string): "lab" | "notebook" | null {
  const has = (m: string) =>
    spawnSync(python, ["-Xfrozen_modules=off", "-c", `import ${m}`], { stdio: "ignore", env: pythonEnv() })
      .status === 0;
  if (has("jupyterlab")) return "lab";
  if (has("notebook")) return "notebook";
  return null;
}

function main(): number | void {
  const parsed = parseFlags(
    "lab",
    process.argv.slice(2),
    { "register-only": { type: "boolean" }, "no-open": { type: "boolean" } },
    HELP,
  );
  if (parsed === "help") {
    console.log(HELP);
    return 0;
  }
  const registerOnly = parsed.values["register-only"] ?? false;
  const root = repoRoot();
  const python = findPython(["jupyter_client", "jupyter_core"]);
  const frontEnd = python ? jupyterFrontEnd(python) : null;
  if (!python || (!frontEnd && !registerOnly)) {
    console.error(INSTALL_HINT);
    return 1;
  }
  installTslabKernel(python, "user", root);
  console.log(
    `Registered the TypeScript kernel (tslab) for ${python}, running ${root}/node_modules/.bin/tslab.`,
  );
  if (registerOnly) return 0;

  const args = ["-Xfrozen_modules=off", "-m", frontEnd === "lab" ? "jupyterlab" : "notebook"];
  args.push(`--notebook-dir=${path.join(root, "notebooks")}`);
  if (parsed.values["no-open"]) args.push("--no-browser");
  // Containers often run as root; Jupyter refuses to start as root without this flag.
  if (process.getuid?.() === 0) args.push("--allow-root");
  console.log(
    `Starting ${frontEnd === "lab" ? "JupyterLab" : "Jupyter Notebook"} on notebooks/ (Ctrl-C to stop).`,
  );
  const child = spawn(python, args, {
    stdio: "inherit",
    env: pythonEnv(),
    cwd: path.join(root, "notebooks"),
  });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  child.on("exit", (code) => process.exit(code ?? 0));
}

runCli(main);
