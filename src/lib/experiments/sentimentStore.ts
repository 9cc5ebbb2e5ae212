/**
 * Saving and loading a trained sentiment classifier on disk (Node only):
 *
 *   <dir>/model.json    tfjs weights manifest + modelConfig { kind, model, vocabulary } + metadata
 *   <dir>/weights.bin   float32 weights
 *   <dir>/vocab.json    the Vocabulary (llm-footprint/vocabulary JSON)
 *
 * The browser reads the same folder with loadSentimentModelFromUrl (./sentimentClassifier).
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { Vocabulary } from "../tokenizers/vocabulary";
import { loadModel, saveModel } from "./modelStore";
import {
  SENTIMENT_VOCAB_FILE,
  sentimentFromDecoded,
  type SentimentClassifier,
  type SentimentModelConfig,
} from "../models/sentiment/classifier";

export interface SavedSentiment {
  dir: string;
  files: string[];
  /** Total bytes on disk (weights + JSON files). */
  bytes: number;
}

export async function saveSentimentModel(
  dir: string,
  model: SentimentClassifier,
  vocab: Vocabulary,
  metadata: Record<string, unknown> = {},
): Promise<SavedSentiment> {
  const config: SentimentModelConfig = {
    kind: "sentiment-classifier",
    model: model.config,
    vocabulary: SENTIMENT_VOCAB_FILE,
  };
  const saved = await saveModel(dir, model.variables(), config, { metadata });
  // The vocabulary goes in after the atomic swap of model.json + weights.bin, itself via rename.
  const vocabFile = path.join(saved.dir, SENTIMENT_VOCAB_FILE);
  const tmp = `${vocabFile}.tmp-${randomBytes(4).toString("hex")}`;
  await fs.writeFile(tmp, JSON.stringify(vocab.toJSON()) + "\n");
  await fs.rename(tmp, vocabFile);
  const files = [...saved.files, vocabFile];
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  return { dir: saved.dir, files, bytes: sizes.reduce((a, b) => a + b, 0) };
}

export async function loadSentimentModel(
  dir: string,
): Promise<{ model: SentimentClassifier; vocab: Vocabulary; metadata: Record<string, unknown> }> {
  const decoded = await loadModel<SentimentModelConfig>(dir);
  const vocabFile = path.join(path.resolve(dir), decoded.config.vocabulary ?? SENTIMENT_VOCAB_FILE);
  let text: string;
  try {
    text = await fs.readFile(vocabFile, "utf8");
  } catch (e) {
    throw new Error(
      `${vocabFile}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const vocab = Vocabulary.fromJSON(text);
  const model = sentimentFromDecoded(decoded, vocab, path.join(path.resolve(dir), "model.json"));
  return { model, vocab, metadata: decoded.metadata };
}
