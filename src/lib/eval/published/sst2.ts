/**
 * Published SST-2 accuracies, with full citations: the reference points notebook 04 puts next to the
 * project's own runs. The ONE place these numbers live. `ref` is an id in src/data/references.ts.
 * Browser-safe (plain data).
 *
 * They are NOT measured on the split the notebook uses. GLUE's dev set (872 sentences) is ours;
 * Socher et al. report the treebank's binary test sentences (neutral ones removed), and the GLUE
 * figures are on GLUE's unlabelled test set, scored by its evaluation server. Each entry says which.
 * None of them reports the energy of training or inference, so they are tabulated, not plotted
 * against energy.
 */

export type Sst2EvaluationSet =
  /** Socher et al. (2013): binary classification of the treebank's test sentences (root nodes). */
  | "SST binary test sentences"
  /** GLUE's SST-2 test set, labels private, scored by gluebenchmark.com. */
  | "GLUE SST-2 test (server)";

export interface PublishedSst2Result {
  id: string;
  /** The system as its source names it. */
  system: string;
  /** What kind of model: the axis the notebook's comparison is about. */
  kind: string;
  /** Accuracy as a fraction (the source's percentage / 100). */
  accuracy: number;
  evaluatedOn: Sst2EvaluationSet;
  /** Citation id in src/data/references.ts. */
  ref: string;
  /** Where in the source: table and row/column. */
  where: string;
  /** The full reference, as written in the bibliography (author, year, title, venue). */
  citation: string;
  note?: string;
}

const SOCHER =
  "Socher, R., Perelygin, A., Wu, J., Chuang, J., Manning, C. D., Ng, A., Potts, C. (2013). Recursive Deep " +
  "Models for Semantic Compositionality Over a Sentiment Treebank. Proceedings of EMNLP 2013, 1631–1642.";
const DEVLIN =
  "Devlin, J., Chang, M.-W., Lee, K., Toutanova, K. (2019). BERT: Pre-training of Deep Bidirectional " +
  "Transformers for Language Understanding. Proceedings of NAACL-HLT 2019, 4171–4186.";

export const PUBLISHED_SST2: readonly PublishedSst2Result[] = [
  {
    id: "socher2013-nb",
    system: "NB (naive Bayes, bag of words)",
    kind: "bag of words",
    accuracy: 0.818,
    evaluatedOn: "SST binary test sentences",
    ref: "socher2013",
    where: "Table 1, row NB, column Positive/Negative, Root",
    citation: SOCHER,
  },
  {
    id: "socher2013-vecavg",
    system: "VecAvg (averaged word vectors)",
    kind: "mean of word embeddings, no attention",
    accuracy: 0.801,
    evaluatedOn: "SST binary test sentences",
    ref: "socher2013",
    where: "Table 1, row VecAvg, column Positive/Negative, Root",
    citation: SOCHER,
  },
  {
    id: "socher2013-rntn",
    system: "RNTN (recursive neural tensor network)",
    kind: "composition along the parse tree",
    accuracy: 0.854,
    evaluatedOn: "SST binary test sentences",
    ref: "socher2013",
    where: "Table 1, row RNTN, column Positive/Negative, Root",
    citation: SOCHER,
  },
  {
    id: "glue-bilstm-elmo-attn",
    system: "BiLSTM+ELMo+Attn (the GLUE baseline)",
    kind: "recurrent network with pre-trained ELMo vectors and attention",
    accuracy: 0.904,
    evaluatedOn: "GLUE SST-2 test (server)",
    ref: "devlin2019",
    where: "Table 1, row BiLSTM+ELMo+Attn, column SST-2",
    citation: DEVLIN,
    note: "The baseline of the GLUE benchmark (Wang et al., 2019), as tabulated by Devlin et al. (2019).",
  },
  {
    id: "devlin2019-bert-base",
    system: "BERT-base (110M parameters, pre-trained, fine-tuned)",
    kind: "pre-trained transformer encoder",
    accuracy: 0.935,
    evaluatedOn: "GLUE SST-2 test (server)",
    ref: "devlin2019",
    where: "Table 1, row BERT-BASE, column SST-2",
    citation: DEVLIN,
  },
];
