/**
 * GPU energy from `nvidia-smi` power readings, integrated over time (`measured:nvidia-smi`).
 *
 * We run `nvidia-smi --query-gpu=timestamp,index,name,power.draw --format=csv,noheader,nounits -lms 500`
 * (two readings per second, above the ≥ 1 Hz the method needs) and integrate each GPU's power
 * with the trapezoid rule. `power.draw` may read `[N/A]` or `[Not Supported]` (some boards, MIG
 * slices): such readings are skipped; a GPU with no valid reading gets no energy, and a note.
 * No nvidia-smi (no driver, no GPU) is not an error: the meter simply has no GPU component.
 *
 * NVML's cumulative energy counter (nvmlDeviceGetTotalEnergyConsumption, Volta and later) would be
 * more exact; it needs an FFI package (e.g. koffi) that this project does not install.
 */
import { spawn } from "node:child_process";
import type { PowerReading } from "./nvidiaSmiParse";
import { NVIDIA_SMI_ARGS, parseNvidiaSmiLines } from "./nvidiaSmiParse";

export interface SmiSampler {
  /** Stops sampling; resolves with all readings (empty when nvidia-smi is missing or failed). */
  stop(): Promise<{ readings: PowerReading[]; error?: string }>;
  /** Resolves when the command has exited by itself (a replay of recorded output, or a failure). */
  exited: Promise<void>;
}

/**
 * Starts `command args` (default `nvidia-smi` with NVIDIA_SMI_ARGS) and collects readings.
 * Injectable for tests: pass a script that prints recorded output.
 */
export function startNvidiaSmi(command = "nvidia-smi", args: string[] = NVIDIA_SMI_ARGS): SmiSampler {
  const readings: PowerReading[] = [];
  let error: string | undefined;
  let buffer = "";
  let exited = false;
  let child: ReturnType<typeof spawn>;
  const done = new Promise<void>((resolve) => {
    try {
      child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      error = (err as Error).message;
      exited = true;
      resolve();
      return;
    }
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buffer += chunk;
      const cut = buffer.lastIndexOf("\n");
      if (cut >= 0) {
        readings.push(...parseNvidiaSmiLines(buffer.slice(0, cut), Date.now()));
        buffer = buffer.slice(cut + 1);
      }
    });
    child.on("error", (err) => {
      error = (err as NodeJS.ErrnoException).code === "ENOENT" ? "nvidia-smi not found" : err.message;
    });
    child.on("close", () => {
      exited = true;
      if (buffer.trim()) readings.push(...parseNvidiaSmiLines(buffer, Date.now()));
      buffer = "";
      resolve();
    });
    child.unref();
  });
  return {
    exited: done,
    async stop() {
      // Only signal a child that really started: after a failed spawn (ENOENT) Node's handle can
      // still exist with pid 0, and kill(0, SIGTERM) would signal our whole process group.
      if (!exited && child && typeof child.pid === "number" && child.pid > 0 && child.exitCode === null) {
        child.kill("SIGTERM");
      }
      await done;
      return { readings, error };
    },
  };
}
