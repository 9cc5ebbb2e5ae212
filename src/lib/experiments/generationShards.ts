/**
 * The poetry GPT's replica for data-parallel training (experiments/dataParallel.ts): a worker
 * thread builds it from the leader's resolved config and computes the loss of its shard of
 * training windows, exactly as gptTrainTask does for a whole batch.
 */
import type { ShardTask } from "./dataParallel";
import { GPT, type GptBatch } from "../models/generation/gpt";
import type { ResolvedGptConfig } from "../models/generation/config";
import { disposeGptBatch, makeGptBatch, type LmWindow } from "../models/generation/training";

export function gptShardTask(init: { config: ResolvedGptConfig }): ShardTask<LmWindow[]> {
  const model = new GPT(init.config);
  let current: GptBatch | undefined;
  const release = () => {
    if (current) disposeGptBatch(current);
    current = undefined;
  };
  return {
    variables: model.variables(),
    loss: (windows, training) => {
      release();
      current = makeGptBatch(windows, model.config.padId);
      const r = model.loss(current, training);
      return { loss: r.loss, correct: r.correct, count: current.tokens };
    },
    release,
  };
}
