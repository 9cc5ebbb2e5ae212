/**
 * The translation demo's model on disk (Node only), in one atomic save (./modelStore.ts):
 *
 *   <dir>/model.json      tfjs weights manifest + modelConfig { kind, model, vocabularies } + metadata
 *   <dir>/weights.bin     float32 weights
 *   <dir>/vocab.en.json   English word vocabulary (llm-footprint/vocabulary JSON)
 *   <dir>/vocab.zh.json   Chinese character vocabulary
 *
 * The browser reads the same folder with models/translation's loadModelFromUrl.
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { Vocabulary } from "../tokenizers/vocabulary";
import type { Translator } from "../models/translation/model";
import {
  TRANSLATION_SRC_VOCAB_FILE,
  TRANSLATION_TGT_VOCAB_FILE,
  translatorFromDecoded,
  type TranslationModelConfig,
  type TranslationVocabularies,
} from "../models/translation/translate";
import * as store from "./modelStore";

/** Saves model and both vocabularies into dir in one atomic step; metadata goes into model.json. */
export async function saveModel(
  dir: string,
  model: Translator,
  vocabs: TranslationVocabularies,
  metadata: Record<string, unknown> = {},
  options: Pick<store.SaveModelOptions, "writeFile"> = {},
): Promise<store.SavedModel> {
  const config: TranslationModelConfig = {
    kind: "translator-en-zh",
    model: model.config,
    vocabularies: { src: TRANSLATION_SRC_VOCAB_FILE, tgt: TRANSLATION_TGT_VOCAB_FILE },
  };
  return store.saveModel(dir, model.variables(), config, {
    ...options,
    metadata,
    files: {
      [TRANSLATION_SRC_VOCAB_FILE]: JSON.stringify(vocabs.src.toJSON()) + "\n",
      [TRANSLATION_TGT_VOCAB_FILE]: JSON.stringify(vocabs.tgt.toJSON()) + "\n",
    },
  });
}

/** Loads what saveModel wrote (also models saved before the single store). */
export async function loadModel(
  dir: string,
): Promise<{ model: Translator; vocabs: TranslationVocabularies; metadata: Record<string, unknown> }> {
  const decoded = await store.loadModel<TranslationModelConfig>(dir);
  const readVocab = async (name: string) => {
    const text = await store.readModelFile(dir, name);
    try {
      return Vocabulary.fromJSON(text);
    } catch (e) {
      throw new Error(`${path.join(path.resolve(dir), name)}: ${(e as Error).message}`);
    }
  };
  try {
    const jsonFile = path.join(path.resolve(dir), "model.json");
    const names = decoded.config.vocabularies;
    if (!names) throw new Error(`${jsonFile}: modelConfig.vocabularies is missing`);
    const src = store.checkModelFileName(names.src, "modelConfig.vocabularies.src", jsonFile);
    const tgt = store.checkModelFileName(names.tgt, "modelConfig.vocabularies.tgt", jsonFile);
    const vocabs = { src: await readVocab(src), tgt: await readVocab(tgt) };
    const model = translatorFromDecoded(decoded, vocabs, path.join(path.resolve(dir), "model.json"));
    return { model, vocabs, metadata: decoded.metadata };
  } catch (e) {
    tf.dispose(Object.values(decoded.weights)); // no-op for tensors translatorFromDecoded disposed
    throw e;
  }
}
