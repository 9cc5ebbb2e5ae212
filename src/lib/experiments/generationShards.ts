/**
 * The poetry GPT's replica for data-parallel training (experiments/dataParallel.ts): a worker
 * thread builds it from the leader's resolved config and computes the loss of its shard of
 * training windows with the same windowLoss as gptTrainTask.
 */
import type { ShardTask } from "./dataParallel";
import { GPT } from "../models/generation/gpt";
import type { ResolvedGptConfig } from "../models/generation/config";
import { windowLoss, type LmWindow } from "../models/generation/training";

export function gptShardTask(init: { config: ResolvedGptConfig }): ShardTask<LmWindow[]> {
  const model = new GPT(init.config);
  return { variables: model.variables(), ...windowLoss(model) };
}
