// The attention explorer's Web Worker: the random queries and keys behind each slider setting
// (src/lib/attention/saturation.ts, plain arithmetic: tens of millions of samples at d_k = 1024) are
// drawn here, so moving a slider never blocks the page. Bundled by webpack 5 as its own file from
// `new Worker(new URL("./saturation.worker.ts", import.meta.url))` in ./saturationClient.ts.
import type * as SaturationModule from "@site/src/lib/attention/saturation";
import { errorText, workerScope } from "../Playground/workerClient";
import { DK_STEPS } from "./steps";
import type { FromWorker, SaturationResult, Setting, ToWorker } from "./protocol";

const { post, listen } = workerScope<ToWorker, FromWorker>();

// The arithmetic is a chunk of its own, loaded on the first message. (Besides, a worker bundle
// without any chunk loading has no webpack runtime, and the snippet Docusaurus adds to every bundle,
// `__webpack_require__.gca = ...`, then throws "__webpack_require__ is not defined".)
type Saturation = typeof SaturationModule;
let arithmetic: Promise<Saturation> | undefined;
const load = () =>
  (arithmetic ??= import(
    /* webpackChunkName: "saturation-arithmetic" */ "@site/src/lib/attention/saturation"
  ));

/** Curves depend on τ and the key count only: the d_k slider and the checkbox reuse them. */
const curveCache = new Map<string, [number[], number[]]>();

function compute({ saturationStats }: Saturation, setting: Setting): SaturationResult {
  const { dk, keys, scaled, temperature } = setting;
  const stats = saturationStats({ dk, keys, scaled, temperature, trials: 100 });
  const key = `${keys} ${temperature}`;
  let curves = curveCache.get(key);
  if (!curves) {
    const curve = (s: boolean) =>
      DK_STEPS.map((d) => saturationStats({ dk: d, keys, scaled: s, temperature, trials: 40 }).meanMaxWeight);
    curves = [curve(true), curve(false)];
    if (curveCache.size > 200) curveCache.clear();
    curveCache.set(key, curves);
  }
  return { setting, stats, curves };
}

listen((m) => {
  load()
    .then((arithmetic) => post({ type: "result", id: m.id, result: compute(arithmetic, m.setting) }))
    .catch((e: unknown) => post({ type: "error", id: m.id, message: errorText(e) }));
});
