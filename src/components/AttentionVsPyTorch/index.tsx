/**
 * One sentence comparing the library's attention with PyTorch, rendered from the committed
 * benchmark record (data/bench/attention-wasm.json, written by `npm run bench`), so the FAQ never
 * restates a ratio by hand: at the brief's configuration, the range over all shapes, and the plain
 * TensorFlow.js composition for scale.
 */
import type { ReactNode } from "react";
import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import bench from "@site/data/bench/attention-wasm.json";
import { comparisonOf, type BenchRecord } from "./comparison";

const x = (r: number) => r.toFixed(1);

export default function AttentionVsPyTorch(): ReactNode {
  const zh = useDocusaurusContext().i18n.currentLocale === "zh-Hans";
  const record = bench as unknown as BenchRecord;
  const c = comparisonOf(record);
  if (!c) {
    const date = record.date.slice(0, 10);
    return zh
      ? `最近一次记录的基准测试（${date}）没有 PyTorch 的计时。`
      : `The last recorded benchmark (${date}) has no PyTorch timings.`;
  }
  return zh
    ? `在构建本站的 ${c.cores} 核虚拟机上（${c.date} 的记录），在 B·H = 32、T = 128、d = 32 时，本库注意力的前向用时是 PyTorch 的 ${x(c.forward)} 倍，` +
        `前向加反向是 ${x(c.both)} 倍；在基准测试的全部形状上（T = ${c.tMin} 到 ${c.tMax}）介于 ${x(c.min)} 倍和 ${x(c.max)} 倍之间。` +
        `用 TensorFlow.js 自带运算直接写成的同一注意力则分别是 ${x(c.plainForward)} 倍和 ${x(c.plainBoth)} 倍。`
    : `On the ${c.cores}-core virtual machine that built this site (record of ${c.date}), the library's attention took ${x(c.forward)}× ` +
        `PyTorch's time forward and ${x(c.both)}× forward and backward at B·H = 32, T = 128, d = 32, and between ${x(c.min)}× and ` +
        `${x(c.max)}× over all the benchmark's shapes (T = ${c.tMin} to ${c.tMax}). The same attention written directly with ` +
        `TensorFlow.js's own operations took ${x(c.plainForward)}× and ${x(c.plainBoth)}×.`;
}
