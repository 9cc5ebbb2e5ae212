/**
 * One sentence comparing the library's attention with PyTorch, rendered from the committed
 * benchmark record (data/bench/attention-wasm.json, written by `npm run bench`), so the FAQ never
 * restates a ratio by hand: at the brief's configuration, the range over all shapes, and the plain
 * TensorFlow.js composition for scale.
 */
import type { ReactNode } from "react";
import { translate } from "@docusaurus/Translate";
import bench from "@site/data/bench/attention-wasm.json";
import { comparisonOf, type BenchRecord } from "./comparison";

const x = (r: number) => r.toFixed(2);

export default function AttentionVsPyTorch(): ReactNode {
  const record = bench as unknown as BenchRecord;
  const c = comparisonOf(record);
  if (!c)
    return translate(
      {
        id: "faq.attentionVsPyTorch.none",
        message: "The last recorded benchmark ({date}) has no PyTorch timings.",
      },
      { date: record.date.slice(0, 10) },
    );
  return translate(
    {
      id: "faq.attentionVsPyTorch.ratios",
      message:
        "On the {cores}-core virtual machine that built this site (record of {date}), the library's attention took {forward}× " +
        "PyTorch's time forward and {both}× forward and backward at B·H = 32, T = 128, d = 32, and between {min}× and " +
        "{max}× over all the benchmark's shapes (T = {tMin} to {tMax}). The same attention written directly with " +
        "TensorFlow.js's own operations took {plainForward}× and {plainBoth}×.",
    },
    {
      cores: c.cores,
      date: c.date,
      forward: x(c.forward),
      both: x(c.both),
      min: x(c.min),
      max: x(c.max),
      tMin: c.tMin,
      tMax: c.tMax,
      plainForward: x(c.plainForward),
      plainBoth: x(c.plainBoth),
    },
  );
}
