/**
 * A terminal progress bar (cli-progress on stderr) for the training loop's progress callback.
 * Node only.
 *
 *   await train(task, { progress: terminalProgress() }); // a bar on a TTY, log lines otherwise
 */
import { SingleBar } from "cli-progress";
import { logProgress } from "../models/train/progress";
import type { ProgressCallback } from "../models/train/types";

/** A ProgressCallback drawing one bar: steps, epoch, running loss/accuracy, last validation, ETA. */
export function progressBar(stream: NodeJS.WritableStream = process.stderr): ProgressCallback {
  const bar = new SingleBar({
    format:
      "train [{bar}] {value}/{total} steps | epoch {epoch} | loss {loss} | acc {acc} | val {val} | ETA {eta_formatted}",
    stream,
    etaBuffer: 50,
  });
  return (event) => {
    switch (event.type) {
      case "start":
        bar.start(event.totalSteps, 0, { epoch: 1, loss: "-", acc: "-", val: "-" });
        break;
      case "step":
        bar.update(event.step, {
          epoch: event.epoch,
          loss: event.loss.toFixed(4),
          acc: event.accuracy !== undefined ? event.accuracy.toFixed(4) : "-",
        });
        break;
      case "validation": {
        const p = event.point;
        const acc = p.validationAccuracy !== undefined ? ` acc ${p.validationAccuracy.toFixed(4)}` : "";
        bar.update(p.step, { val: `${p.validationLoss.toFixed(3)}${acc}` });
        break;
      }
      case "end":
        bar.stop();
        break;
    }
  };
}

/** A bar when stderr is a terminal, else one log line per validation (what train() did by default in Node). */
export function terminalProgress(log: (line: string) => void = console.log): ProgressCallback {
  return process.stderr.isTTY ? progressBar() : logProgress(log);
}
