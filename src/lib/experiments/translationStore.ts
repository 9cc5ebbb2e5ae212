/**
 * Saving and loading a trained Translator on disk (Node only):
 *
 *   <dir>/model.json      tfjs weights manifest + modelConfig { kind, model, vocabularies } + metadata
 *   <dir>/weights.bin     float32 weights
 *   <dir>/vocab.en.json   English word vocabulary (llm-footprint/vocabulary JSON)
 *   <dir>/vocab.zh.json   Chinese character vocabulary
 *
 * The browser reads the same folder with `loadTranslatorFromUrl` (./translation).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { Vocabulary } from "../tokenizers/vocabulary";
import { loadModel, saveModel } from "./modelStore";
import { assignWeights } from "../models/serialize";
import {
  TRANSLATION_SRC_VOCAB_FILE,
  TRANSLATION_TGT_VOCAB_FILE,
  type TranslationModelConfig,
  type TranslationVocabularies,
} from "../models/translation/translate";
import { Translator } from "../models/translation/model";

export interface SavedTranslator {
  dir: string;
  files: string[];
  /** Total bytes on disk. */
  bytes: number;
}

export async function saveTranslator(
  dir: string,
  model: Translator,
  vocabs: TranslationVocabularies,
  metadata: Record<string, unknown> = {},
): Promise<SavedTranslator> {
  const config: TranslationModelConfig = {
    kind: "translator-en-zh",
    model: model.config,
    vocabularies: { src: TRANSLATION_SRC_VOCAB_FILE, tgt: TRANSLATION_TGT_VOCAB_FILE },
  };
  const saved = await saveModel(dir, model.variables(), config, { metadata });
  const srcFile = path.join(saved.dir, TRANSLATION_SRC_VOCAB_FILE);
  const tgtFile = path.join(saved.dir, TRANSLATION_TGT_VOCAB_FILE);
  writeFileAtomic(srcFile, JSON.stringify(vocabs.src.toJSON()) + "\n");
  writeFileAtomic(tgtFile, JSON.stringify(vocabs.tgt.toJSON()) + "\n");
  const files = [...saved.files, srcFile, tgtFile];
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  return { dir: saved.dir, files, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export async function loadTranslator(
  dir: string,
): Promise<{ model: Translator; vocabs: TranslationVocabularies; metadata: Record<string, unknown> }> {
  const decoded = await loadModel<TranslationModelConfig>(dir);
  if (decoded.config.kind !== "translator-en-zh")
    throw new Error(
      `${path.join(dir, "model.json")}: modelConfig.kind is ${JSON.stringify(decoded.config.kind)}, expected "translator-en-zh".`,
    );
  const readVocab = async (name: string) => {
    const file = path.join(path.resolve(dir), name);
    let text: string;
    try {
      text = await fs.readFile(file, "utf8");
    } catch (e) {
      throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      return Vocabulary.fromJSON(text);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  };
  const vocabs = {
    src: await readVocab(decoded.config.vocabularies.src),
    tgt: await readVocab(decoded.config.vocabularies.tgt),
  };
  const model = new Translator(decoded.config.model);
  try {
    assignWeights(model.variables(), decoded.weights, path.join(dir, "weights.bin"));
  } finally {
    Object.values(decoded.weights).forEach((t) => t.dispose());
  }
  return { model, vocabs, metadata: decoded.metadata };
}
