/**
 * Progress reporting of the training loop as a callback, so the loop runs anywhere (a terminal
 * bar for Node drivers lives in experiments/progressBar.ts). Browser-safe.
 */
import { formatDuration } from "../../format/units";
import type { ProgressCallback, TrainEvent } from "./types";

/** One line per validation: epoch, step, train and validation loss/accuracy, learning rate, time, ETA. */
export function formatValidationLine(event: Extract<TrainEvent, { type: "validation" }>): string {
  const p = event.point;
  const tacc = p.trainAccuracy !== undefined ? ` acc ${p.trainAccuracy.toFixed(4)}` : "";
  const vacc = p.validationAccuracy !== undefined ? ` acc ${p.validationAccuracy.toFixed(4)}` : "";
  return (
    `epoch ${p.epoch.toFixed(2)} step ${p.step}/${event.totalSteps} | train loss ${p.trainLoss.toFixed(4)}${tacc}` +
    ` | val loss ${p.validationLoss.toFixed(4)}${vacc} | lr ${p.learningRate.toExponential(2)} | ${formatDuration(p.seconds)}` +
    `, ETA ${formatDuration(event.etaSeconds)}${event.isBest ? " *" : ""}`
  );
}

/** A callback that writes formatValidationLine for each validation through log. */
export function logProgress(log: (line: string) => void): ProgressCallback {
  return (event) => {
    if (event.type === "validation") log(formatValidationLine(event));
  };
}

/** The callback for TrainConfig.progress: "log" → logProgress(log), "none" → nothing, or the function itself. */
export function progressCallback(
  progress: "log" | "none" | ProgressCallback,
  log: (line: string) => void,
): ProgressCallback {
  if (typeof progress === "function") return progress;
  if (progress === "log") return logProgress(log);
  if (progress === "none") return () => {};
  throw new Error(`train: config.progress must be "log", "none" or a callback, got ${String(progress)}`);
}
