/**
 * A published English → Chinese result on a Tatoeba test set, shown in notebook 05 next to the
 * project's own model and retrieval baseline (browser-safe: data only).
 *
 * Not comparable digit for digit: the published test set (Tatoeba-test.eng.zho of the Tatoeba
 * Translation Challenge) is not the project's test split (5 % of the English sentences of the
 * manythings.org cmn-eng export), its references mix Chinese varieties and scripts, and the
 * published system was trained on OPUS data, not on Tatoeba. Read it as a reference point for what a
 * standard-size transformer trained on far more data reaches on sentences of this kind.
 */

export interface PublishedTranslationResult {
  /** Stable id, also the reference's id in src/data/references.ts (benchmark: tiedemann2020). */
  id: string;
  /** System as named by its authors. */
  system: string;
  /** Short name for table rows. */
  shortName: string;
  /** Language pair as published. */
  pair: string;
  /** Test set as named by the publication. */
  testSet: string;
  /** BLEU, 0–100, as printed. */
  bleu: number;
  /** chrF as printed (the publication prints it on a 0–1 scale). */
  chrf: number;
  /** chrF on the 0–100 scale the notebook uses. */
  chrf100: number;
  /** Where exactly the figures are printed. */
  where: string;
  /** Full reference of the source of the figures. */
  reference: {
    authors: string[];
    year: number;
    title: string;
    venue: string;
    url: string;
  };
  /** The benchmark the test set belongs to. */
  benchmark: {
    authors: string[];
    year: number;
    title: string;
    venue: string;
    url: string;
  };
  /** Why the figure cannot be compared directly with the project's. */
  caveat: string;
}

export const TATOEBA_EN_ZH_PUBLISHED: PublishedTranslationResult = {
  id: "helsinkinlp2020",
  system: "OPUS-MT eng-zho (transformer, SentencePiece 32k, opus-2020-07-17)",
  shortName: "OPUS-MT eng-zho",
  pair: "eng → zho",
  testSet: "Tatoeba-test.eng.zho",
  bleu: 31.4,
  chrf: 0.268,
  chrf100: 26.8,
  where:
    "model card of Helsinki-NLP/opus-mt-en-zh, section Benchmarks (testset | BLEU | chr-F), also metadata.json (bleu, chrF2_score)",
  reference: {
    authors: ["Helsinki-NLP (Language Technology Research Group, University of Helsinki)"],
    year: 2020,
    title: "opus-mt-en-zh (eng-zho) model card",
    venue: "Hugging Face model card",
    url: "https://huggingface.co/Helsinki-NLP/opus-mt-en-zh",
  },
  benchmark: {
    authors: ["Tiedemann, J."],
    year: 2020,
    title: "The Tatoeba Translation Challenge – Realistic Data Sets for Low Resource and Multilingual MT",
    venue: "Proceedings of the Fifth Conference on Machine Translation (WMT)",
    url: "https://aclanthology.org/2020.wmt-1.139/",
  },
  caveat:
    "Different test sets: Tatoeba-test.eng.zho of the Tatoeba Translation Challenge, not this project's split of " +
    "the manythings.org cmn-eng export; its references mix Chinese varieties and Traditional and Simplified script; " +
    "the system was trained on OPUS corpora (Tatoeba excluded) and its BLEU tokenization of Chinese may differ from " +
    "sacreBLEU's zh tokenizer used here. A reference point, not a like-for-like comparison.",
};
