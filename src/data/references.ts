/**
 * The bibliography of the site: one typed entry per cited work.
 *
 * Cite an entry in MDX with `<Cite id="patterson2021" />` (several: `<Cite id="kaplan2020, hoffmann2022" />`);
 * the References page (docs/references.mdx) lists every entry with an anchor equal to its id.
 * To add a work, append an entry here: `authors` as "Family, G." (or an organisation's name),
 * and a `url` or `doi` (without the https://doi.org/ prefix). test/chapters/references.test.ts checks every entry.
 *
 * Browser-safe: no Node imports.
 */

export interface Reference {
  /** Stable key, lowercase letters and digits, usually firstauthorYEAR (+ a suffix when needed). */
  id: string;
  /** "Family, G." for people (first author first) or an organisation's name. */
  authors: string[];
  /** True when `authors` lists only the first authors of a longer list. */
  etAl?: boolean;
  year: number;
  /** "a", "b", ... when two entries would otherwise cite identically ("Touvron et al., 2023a"). */
  yearSuffix?: string;
  title: string;
  /** Journal, conference, publisher, or "Software" / "Web page" / "Model card". */
  venue: string;
  url?: string;
  /** DOI without the resolver prefix, e.g. "10.1145/3442188.3445922". */
  doi?: string;
  /** ISO date for web pages and software whose content changes. */
  accessed?: string;
  /** Short remark shown after the entry (e.g. the arXiv version, the license). */
  note?: string;
}

export const references: readonly Reference[] = [
  // --- Attention and language models -------------------------------------------------------------
  {
    id: "bahdanau2015",
    authors: ["Bahdanau, D.", "Cho, K.", "Bengio, Y."],
    year: 2015,
    title: "Neural Machine Translation by Jointly Learning to Align and Translate",
    venue: "International Conference on Learning Representations (ICLR)",
    url: "https://arxiv.org/abs/1409.0473",
  },
  {
    id: "vaswani2017",
    authors: [
      "Vaswani, A.",
      "Shazeer, N.",
      "Parmar, N.",
      "Uszkoreit, J.",
      "Jones, L.",
      "Gomez, A. N.",
      "Kaiser, Ł.",
      "Polosukhin, I.",
    ],
    year: 2017,
    title: "Attention Is All You Need",
    venue: "Advances in Neural Information Processing Systems 30 (NeurIPS)",
    url: "https://arxiv.org/abs/1706.03762",
  },
  {
    id: "radford2018",
    authors: ["Radford, A.", "Narasimhan, K.", "Salimans, T.", "Sutskever, I."],
    year: 2018,
    title: "Improving Language Understanding by Generative Pre-Training",
    venue: "OpenAI technical report",
    url: "https://cdn.openai.com/research-covers/language-unsupervised/language_understanding_paper.pdf",
  },
  {
    id: "devlin2019",
    authors: ["Devlin, J.", "Chang, M.-W.", "Lee, K.", "Toutanova, K."],
    year: 2019,
    title: "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    venue: "Proceedings of NAACL-HLT 2019",
    doi: "10.18653/v1/N19-1423",
    note: "Preprint arXiv:1810.04805, October 2018.",
  },
  {
    id: "radford2019",
    authors: ["Radford, A.", "Wu, J.", "Child, R.", "Luan, D.", "Amodei, D.", "Sutskever, I."],
    year: 2019,
    title: "Language Models are Unsupervised Multitask Learners",
    venue: "OpenAI technical report",
    url: "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
  },
  {
    id: "raffel2020",
    authors: ["Raffel, C.", "Shazeer, N.", "Roberts, A.", "Lee, K.", "Narang, S.", "Matena, M.", "Zhou, Y.", "Li, W.", "Liu, P. J."],
    year: 2020,
    title: "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
    venue: "Journal of Machine Learning Research 21(140)",
    url: "https://jmlr.org/papers/v21/20-074.html",
  },
  {
    id: "brown2020",
    authors: ["Brown, T. B.", "Mann, B.", "Ryder, N.", "Subbiah, M.", "Kaplan, J.", "Dhariwal, P."],
    etAl: true,
    year: 2020,
    title: "Language Models are Few-Shot Learners",
    venue: "Advances in Neural Information Processing Systems 33 (NeurIPS)",
    url: "https://arxiv.org/abs/2005.14165",
  },
  {
    id: "kaplan2020",
    authors: ["Kaplan, J.", "McCandlish, S.", "Henighan, T.", "Brown, T. B.", "Chess, B.", "Child, R.", "Gray, S.", "Radford, A.", "Wu, J.", "Amodei, D."],
    year: 2020,
    title: "Scaling Laws for Neural Language Models",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2001.08361",
  },
  {
    id: "hoffmann2022",
    authors: ["Hoffmann, J.", "Borgeaud, S.", "Mensch, A.", "Buchatskaya, E.", "Cai, T.", "Rutherford, E."],
    etAl: true,
    year: 2022,
    title: "Training Compute-Optimal Large Language Models",
    venue: "Advances in Neural Information Processing Systems 35 (NeurIPS)",
    url: "https://arxiv.org/abs/2203.15556",
  },
  {
    id: "chowdhery2023",
    authors: ["Chowdhery, A.", "Narang, S.", "Devlin, J.", "Bosma, M.", "Mishra, G.", "Roberts, A."],
    etAl: true,
    year: 2023,
    title: "PaLM: Scaling Language Modeling with Pathways",
    venue: "Journal of Machine Learning Research 24(240)",
    url: "https://arxiv.org/abs/2204.02311",
    note: "Preprint April 2022.",
  },
  {
    id: "workshop2022",
    authors: ["BigScience Workshop"],
    year: 2022,
    title: "BLOOM: A 176B-Parameter Open-Access Multilingual Language Model",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2211.05100",
  },
  {
    id: "touvron2023",
    authors: ["Touvron, H.", "Lavril, T.", "Izacard, G.", "Martinet, X.", "Lachaux, M.-A.", "Lacroix, T."],
    etAl: true,
    year: 2023,
    yearSuffix: "a",
    title: "LLaMA: Open and Efficient Foundation Language Models",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2302.13971",
  },
  {
    id: "touvron2023llama2",
    authors: ["Touvron, H.", "Martin, L.", "Stone, K.", "Albert, P.", "Almahairi, A.", "Babaei, Y."],
    etAl: true,
    year: 2023,
    yearSuffix: "b",
    title: "Llama 2: Open Foundation and Fine-Tuned Chat Models",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2307.09288",
  },
  {
    id: "grattafiori2024",
    authors: ["Grattafiori, A.", "Dubey, A.", "Jauhri, A.", "Pandey, A.", "Kadian, A."],
    etAl: true,
    year: 2024,
    title: "The Llama 3 Herd of Models",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2407.21783",
  },
  {
    id: "openai2023",
    authors: ["OpenAI"],
    year: 2023,
    title: "GPT-4 Technical Report",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2303.08774",
  },
  {
    id: "sevilla2022",
    authors: ["Sevilla, J.", "Heim, L.", "Ho, A.", "Besiroglu, T.", "Hobbhahn, M.", "Villalobos, P."],
    year: 2022,
    title: "Compute Trends Across Three Eras of Machine Learning",
    venue: "International Joint Conference on Neural Networks (IJCNN)",
    doi: "10.1109/IJCNN55064.2022.9891914",
    note: "Preprint arXiv:2202.05924.",
  },
  {
    id: "meta2024",
    authors: ["Meta"],
    year: 2024,
    title: "Llama 3.1 Model Card",
    venue: "Model card, meta-llama/llama-models repository",
    url: "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md",
    accessed: "2026-11-29",
  },
  {
    id: "huggingfacegpt2",
    authors: ["Hugging Face"],
    year: 2024,
    yearSuffix: "a",
    title: "openai-community/gpt2 (GPT-2 model card and weights; also gpt2-medium, gpt2-large, gpt2-xl)",
    venue: "Hugging Face Hub",
    url: "https://huggingface.co/openai-community/gpt2",
    accessed: "2026-11-29",
  },
  {
    id: "wced1987",
    authors: ["World Commission on Environment and Development"],
    year: 1987,
    title: "Our Common Future",
    venue: "Oxford University Press",
    url: "https://sustainabledevelopment.un.org/content/documents/5987our-common-future.pdf",
  },
  {
    id: "vanwynsberghe2021",
    authors: ["van Wynsberghe, A."],
    year: 2021,
    title: "Sustainable AI: AI for sustainability and the sustainability of AI",
    venue: "AI and Ethics 1(3)",
    doi: "10.1007/s43681-021-00043-6",
  },
  // --- Energy, carbon, water -----------------------------------------------------------------------
  {
    id: "strubell2019",
    authors: ["Strubell, E.", "Ganesh, A.", "McCallum, A."],
    year: 2019,
    title: "Energy and Policy Considerations for Deep Learning in NLP",
    venue: "Proceedings of the 57th Annual Meeting of the ACL",
    doi: "10.18653/v1/P19-1355",
  },
  {
    id: "schwartz2020",
    authors: ["Schwartz, R.", "Dodge, J.", "Smith, N. A.", "Etzioni, O."],
    year: 2020,
    title: "Green AI",
    venue: "Communications of the ACM 63(12)",
    doi: "10.1145/3381831",
  },
  {
    id: "lacoste2019",
    authors: ["Lacoste, A.", "Luccioni, A.", "Schmidt, V.", "Dandres, T."],
    year: 2019,
    title: "Quantifying the Carbon Emissions of Machine Learning",
    venue: "arXiv preprint (NeurIPS 2019 Workshop on Tackling Climate Change with Machine Learning)",
    url: "https://arxiv.org/abs/1910.09700",
  },
  {
    id: "henderson2020",
    authors: ["Henderson, P.", "Hu, J.", "Romoff, J.", "Brunskill, E.", "Jurafsky, D.", "Pineau, J."],
    year: 2020,
    title: "Towards the Systematic Reporting of the Energy and Carbon Footprints of Machine Learning",
    venue: "Journal of Machine Learning Research 21(248)",
    url: "https://jmlr.org/papers/v21/20-312.html",
  },
  {
    id: "patterson2021",
    authors: ["Patterson, D.", "Gonzalez, J.", "Le, Q.", "Liang, C.", "Munguia, L.-M.", "Rothchild, D.", "So, D.", "Texier, M.", "Dean, J."],
    year: 2021,
    title: "Carbon Emissions and Large Neural Network Training",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2104.10350",
  },
  {
    id: "patterson2022",
    authors: ["Patterson, D.", "Gonzalez, J.", "Hölzle, U.", "Le, Q.", "Liang, C.", "Munguia, L.-M."],
    etAl: true,
    year: 2022,
    title: "The Carbon Footprint of Machine Learning Training Will Plateau, Then Shrink",
    venue: "Computer 55(7), IEEE",
    doi: "10.1109/MC.2022.3148714",
  },
  {
    id: "luccioni2023bloom",
    authors: ["Luccioni, A. S.", "Viguier, S.", "Ligozat, A.-L."],
    year: 2023,
    title: "Estimating the Carbon Footprint of BLOOM, a 176B Parameter Language Model",
    venue: "Journal of Machine Learning Research 24(253)",
    url: "https://jmlr.org/papers/v24/23-0069.html",
    note: "Preprint arXiv:2211.02001, November 2022.",
  },
  {
    id: "luccioni2024",
    authors: ["Luccioni, A. S.", "Jernite, Y.", "Strubell, E."],
    year: 2024,
    title: "Power Hungry Processing: Watts Driving the Cost of AI Deployment?",
    venue: "Proceedings of the 2024 ACM Conference on Fairness, Accountability, and Transparency (FAccT)",
    doi: "10.1145/3630106.3658542",
    note: "Preprint arXiv:2311.16863, November 2023.",
  },
  {
    id: "dodge2022",
    authors: ["Dodge, J.", "Prewitt, T.", "Tachet des Combes, R.", "Odmark, E.", "Schwartz, R.", "Strubell, E."],
    etAl: true,
    year: 2022,
    title: "Measuring the Carbon Intensity of AI in Cloud Instances",
    venue: "Proceedings of the 2022 ACM Conference on Fairness, Accountability, and Transparency (FAccT)",
    doi: "10.1145/3531146.3533234",
  },
  {
    id: "wu2022",
    authors: ["Wu, C.-J.", "Raghavendra, R.", "Gupta, U.", "Acun, B.", "Ardalani, N.", "Maeng, K."],
    etAl: true,
    year: 2022,
    title: "Sustainable AI: Environmental Implications, Challenges and Opportunities",
    venue: "Proceedings of Machine Learning and Systems 4 (MLSys)",
    url: "https://arxiv.org/abs/2111.00364",
  },
  {
    id: "gupta2021",
    authors: ["Gupta, U.", "Kim, Y. G.", "Lee, S.", "Tse, J.", "Lee, H.-H. S.", "Wei, G.-Y.", "Brooks, D.", "Wu, C.-J."],
    year: 2021,
    title: "Chasing Carbon: The Elusive Environmental Footprint of Computing",
    venue: "IEEE International Symposium on High-Performance Computer Architecture (HPCA)",
    url: "https://arxiv.org/abs/2011.02839",
  },
  {
    id: "li2023",
    authors: ["Li, P.", "Yang, J.", "Islam, M. A.", "Ren, S."],
    year: 2023,
    title: "Making AI Less \"Thirsty\": Uncovering and Addressing the Secret Water Footprint of AI Models",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2304.03271",
    note: "A revised version appeared in Communications of the ACM (2025).",
  },
  {
    id: "lannelongue2021",
    authors: ["Lannelongue, L.", "Grealey, J.", "Inouye, M."],
    year: 2021,
    title: "Green Algorithms: Quantifying the Carbon Footprint of Computation",
    venue: "Advanced Science 8(12)",
    doi: "10.1002/advs.202100707",
  },
  {
    id: "ghgprotocol2015",
    authors: ["Sotos, M."],
    year: 2015,
    title: "GHG Protocol Scope 2 Guidance",
    venue: "World Resources Institute and World Business Council for Sustainable Development",
    url: "https://ghgprotocol.org/scope-2-guidance",
  },
  {
    id: "greengrid2012",
    authors: ["Avelar, V.", "Azevedo, D.", "French, A."],
    year: 2012,
    title: "PUE™: A Comprehensive Examination of the Metric",
    venue: "The Green Grid, White Paper #49",
    url: "https://www.thegreengrid.org/en/resources/library-and-tools/237-WP",
  },
  {
    id: "you2023",
    authors: ["You, J.", "Chung, J.-W.", "Chowdhury, M."],
    year: 2023,
    title: "Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training",
    venue: "20th USENIX Symposium on Networked Systems Design and Implementation (NSDI)",
    url: "https://www.usenix.org/conference/nsdi23/presentation/you",
  },
  {
    id: "codecarbon",
    authors: ["Courty, B.", "Schmidt, V.", "Luccioni, S.", "Goyal-Kamal", "Coutarel, M.", "Feld, B."],
    etAl: true,
    year: 2024,
    title: "CodeCarbon: Track and reduce CO₂ emissions from your computing",
    venue: "Software (Zenodo)",
    url: "https://github.com/mlco2/codecarbon",
  },
  {
    id: "chung2025",
    authors: ["Chung, J.-W.", "Liu, J.", "Ma, J. J.", "Wu, R.", "Kweon, O. J.", "Xia, Y.", "Wu, Z.", "Chowdhury, M."],
    year: 2025,
    title: "The ML.ENERGY Benchmark: Toward Automated Inference Energy Measurement and Optimization",
    venue: "arXiv preprint",
    url: "https://arxiv.org/abs/2505.06371",
  },
  {
    id: "iea2025",
    authors: ["International Energy Agency"],
    year: 2025,
    title: "Energy and AI",
    venue: "IEA World Energy Outlook Special Report, Paris",
    url: "https://www.iea.org/reports/energy-and-ai",
  },
  {
    id: "davis2023",
    authors: ["Davis, J.", "O'Brien, J."],
    year: 2023,
    title: "Large data centers are mostly more efficient, analysis confirms",
    venue: "Uptime Intelligence Update 221 (23 November 2023); republished in the Uptime Institute Journal, 7 February 2024",
    url: "https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms",
    note: "Industry-average PUE from the Uptime Institute Global Data Center Survey: 1.58 in 2023. Journal version (J. Davis): https://journal.uptimeinstitute.com/large-data-centers-are-mostly-more-efficient-analysis-confirms/",
  },
  // --- Energy data sources and datasheets (added by the energy area) ------------------------------
  {
    id: "meta2024llama3",
    authors: ["AI@Meta"],
    year: 2024,
    title: "Llama 3 Model Card",
    venue: "Model card, meta-llama/llama3 repository",
    url: "https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md",
    accessed: "2026-11-29",
  },
  {
    id: "nvidiav100",
    authors: ["NVIDIA"],
    year: 2017,
    title: "NVIDIA Tesla V100 GPU Accelerator (datasheet)",
    venue: "Datasheet",
    url: "https://images.nvidia.com/content/technologies/volta/pdf/tesla-volta-v100-datasheet-letter-fnl-web.pdf",
    accessed: "2026-11-29",
  },
  {
    id: "nvidiaa100",
    authors: ["NVIDIA"],
    year: 2021,
    title: "NVIDIA A100 Tensor Core GPU (datasheet)",
    venue: "Datasheet",
    url: "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-nvidia-us-2188504-web.pdf",
    accessed: "2026-11-29",
  },
  {
    id: "nvidiah100",
    authors: ["NVIDIA"],
    year: 2023,
    title: "NVIDIA H100 Tensor Core GPU (datasheet)",
    venue: "Datasheet",
    url: "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
    accessed: "2026-11-29",
  },
  {
    id: "ember2025",
    authors: ["Ember"],
    year: 2025,
    title: "Yearly Electricity Data",
    venue: "Dataset (CC BY 4.0)",
    url: "https://ember-energy.org/data/yearly-electricity-data/",
    accessed: "2026-11-29",
  },
  {
    id: "co2js",
    authors: ["The Green Web Foundation"],
    year: 2026,
    title: "CO2.js (@tgwf/co2), version 0.19.0",
    venue: "Software",
    url: "https://github.com/thegreenwebfoundation/co2.js",
    accessed: "2026-11-29",
    note: "Ships Ember's yearly average grid intensities (latest year per country) as averageIntensity.",
  },
  {
    id: "google2024env",
    authors: ["Google"],
    year: 2024,
    title: "2024 Environmental Report",
    venue: "Google LLC",
    url: "https://www.gstatic.com/gumdrop/sustainability/google-2024-environmental-report.pdf",
    note: "Fleet-wide average data-centre PUE of 1.10 in 2023.",
  },
  {
    id: "amdepyc",
    authors: ["AMD"],
    year: 2024,
    title: "AMD EPYC Server Processors: product specifications (9004 and 9005 Series)",
    venue: "Web page",
    url: "https://www.amd.com/en/products/processors/server/epyc.html",
    accessed: "2026-11-29",
  },
  // --- Efficiency, bias, interpretability ------------------------------------------------------------
  {
    id: "dao2022",
    authors: ["Dao, T.", "Fu, D. Y.", "Ermon, S.", "Rudra, A.", "Ré, C."],
    year: 2022,
    title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
    venue: "Advances in Neural Information Processing Systems 35 (NeurIPS)",
    url: "https://arxiv.org/abs/2205.14135",
  },
  {
    id: "sanh2019",
    authors: ["Sanh, V.", "Debut, L.", "Chaumond, J.", "Wolf, T."],
    year: 2019,
    title: "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
    venue: "arXiv preprint (NeurIPS 2019 EMC² Workshop)",
    url: "https://arxiv.org/abs/1910.01108",
  },
  {
    id: "dettmers2022",
    authors: ["Dettmers, T.", "Lewis, M.", "Belkada, Y.", "Zettlemoyer, L."],
    year: 2022,
    title: "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
    venue: "Advances in Neural Information Processing Systems 35 (NeurIPS)",
    url: "https://arxiv.org/abs/2208.07339",
  },
  {
    id: "fedus2022",
    authors: ["Fedus, W.", "Zoph, B.", "Shazeer, N."],
    year: 2022,
    title: "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity",
    venue: "Journal of Machine Learning Research 23(120)",
    url: "https://jmlr.org/papers/v23/21-0998.html",
  },
  {
    id: "bender2021",
    authors: ["Bender, E. M.", "Gebru, T.", "McMillan-Major, A.", "Shmitchell, S."],
    year: 2021,
    title: "On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? 🦜",
    venue: "Proceedings of the 2021 ACM Conference on Fairness, Accountability, and Transparency (FAccT)",
    doi: "10.1145/3442188.3445922",
  },
  {
    id: "dodge2021",
    authors: ["Dodge, J.", "Sap, M.", "Marasović, A.", "Agnew, W.", "Ilharco, G.", "Groeneveld, D.", "Mitchell, M.", "Gardner, M."],
    year: 2021,
    title: "Documenting Large Webtext Corpora: A Case Study on the Colossal Clean Crawled Corpus",
    venue: "Proceedings of EMNLP 2021",
    doi: "10.18653/v1/2021.emnlp-main.98",
  },
  {
    id: "jain2019",
    authors: ["Jain, S.", "Wallace, B. C."],
    year: 2019,
    title: "Attention is not Explanation",
    venue: "Proceedings of NAACL-HLT 2019",
    doi: "10.18653/v1/N19-1357",
  },
  {
    id: "ouyang2022",
    authors: ["Ouyang, L.", "Wu, J.", "Jiang, X.", "Almeida, D.", "Wainwright, C. L.", "Mishkin, P."],
    etAl: true,
    year: 2022,
    title: "Training language models to follow instructions with human feedback",
    venue: "Advances in Neural Information Processing Systems 35 (NeurIPS)",
    url: "https://arxiv.org/abs/2203.02155",
  },
  {
    id: "elhage2021",
    authors: ["Elhage, N.", "Nanda, N.", "Olsson, C.", "Henighan, T.", "Joseph, N.", "Mann, B."],
    etAl: true,
    year: 2021,
    title: "A Mathematical Framework for Transformer Circuits",
    venue: "Transformer Circuits Thread",
    url: "https://transformer-circuits.pub/2021/framework/index.html",
  },
  // --- Datasets ------------------------------------------------------------------------------------
  {
    id: "socher2013",
    authors: ["Socher, R.", "Perelygin, A.", "Wu, J.", "Chuang, J.", "Manning, C. D.", "Ng, A.", "Potts, C."],
    year: 2013,
    title: "Recursive Deep Models for Semantic Compositionality Over a Sentiment Treebank",
    venue: "Proceedings of EMNLP 2013",
    url: "https://aclanthology.org/D13-1170/",
  },
  {
    id: "wang2019",
    authors: ["Wang, A.", "Singh, A.", "Michael, J.", "Hill, F.", "Levy, O.", "Bowman, S. R."],
    year: 2019,
    title: "GLUE: A Multi-Task Benchmark and Analysis Platform for Natural Language Understanding",
    venue: "International Conference on Learning Representations (ICLR)",
    url: "https://arxiv.org/abs/1804.07461",
  },
  {
    id: "tatoeba",
    authors: ["Tatoeba contributors"],
    year: 2024,
    title: "Tatoeba: a collection of sentences and translations",
    venue: "Web site",
    url: "https://tatoeba.org/",
    note: "Sentences and translations licensed CC BY 2.0 FR.",
  },
  // --- Translation (notebook 05) ------------------------------------------------------------------
  {
    id: "tiedemann2020",
    authors: ["Tiedemann, J."],
    year: 2020,
    title: "The Tatoeba Translation Challenge – Realistic Data Sets for Low Resource and Multilingual MT",
    venue: "Proceedings of the Fifth Conference on Machine Translation (WMT)",
    url: "https://aclanthology.org/2020.wmt-1.139/",
  },
  {
    id: "helsinkinlp2020",
    authors: ["Helsinki-NLP"],
    year: 2020,
    title: "opus-mt-en-zh: OPUS-MT eng-zho transformer (opus-2020-07-17), benchmark Tatoeba-test.eng.zho",
    venue: "Model card, Hugging Face",
    url: "https://huggingface.co/Helsinki-NLP/opus-mt-en-zh",
    note: "Language Technology Research Group, University of Helsinki.",
  },
  {
    id: "papineni2002",
    authors: ["Papineni, K.", "Roukos, S.", "Ward, T.", "Zhu, W.-J."],
    year: 2002,
    title: "BLEU: a Method for Automatic Evaluation of Machine Translation",
    venue: "Proceedings of the 40th Annual Meeting of the Association for Computational Linguistics (ACL)",
    doi: "10.3115/1073083.1073135",
  },
  {
    id: "post2018",
    authors: ["Post, M."],
    year: 2018,
    title: "A Call for Clarity in Reporting BLEU Scores",
    venue: "Proceedings of the Third Conference on Machine Translation (WMT)",
    url: "https://aclanthology.org/W18-6319/",
  },
  {
    id: "popovic2015",
    authors: ["Popović, M."],
    year: 2015,
    title: "chrF: character n-gram F-score for automatic MT evaluation",
    venue: "Proceedings of the Tenth Workshop on Statistical Machine Translation (WMT)",
    url: "https://aclanthology.org/W15-3049/",
  },
  {
    id: "wu2016",
    authors: ["Wu, Y.", "Schuster, M.", "Chen, Z.", "Le, Q. V.", "Norouzi, M."],
    etAl: true,
    year: 2016,
    title: "Google's Neural Machine Translation System: Bridging the Gap between Human and Machine Translation",
    venue: "arXiv",
    url: "https://arxiv.org/abs/1609.08144",
  },
  {
    id: "szegedy2016",
    authors: ["Szegedy, C.", "Vanhoucke, V.", "Ioffe, S.", "Shlens, J.", "Wojna, Z."],
    year: 2016,
    title: "Rethinking the Inception Architecture for Computer Vision",
    venue: "IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
    doi: "10.1109/CVPR.2016.308",
    note: "Introduces label smoothing.",
  },
  {
    id: "opencc",
    authors: ["Open Chinese Convert contributors"],
    year: 2024,
    title: "opencc-js: the JavaScript version of Open Chinese Convert",
    venue: "Software",
    url: "https://github.com/nk2028/opencc-js",
    note: "Traditional ↔ Simplified Chinese conversion; Apache-2.0.",
  },
  {
    id: "manythings",
    authors: ["Kelly, C."],
    year: 2024,
    title: "Tab-delimited Bilingual Sentence Pairs (from the Tatoeba Project)",
    venue: "ManyThings.org",
    url: "https://www.manythings.org/anki/",
  },
  // --- Text generation (notebook 07) ----------------------------------------------------------------
  {
    id: "chinesepoetry",
    authors: ["chinese-poetry contributors"],
    year: 2016,
    title: "chinese-poetry: 最全中华古诗词数据库 (a database of classical Chinese poetry)",
    venue: "Data set (GitHub repository)",
    url: "https://github.com/chinese-poetry/chinese-poetry",
    note: "Folder 全唐诗, the Complete Tang Poems in Traditional characters; MIT licence.",
  },
  {
    id: "chen1999",
    authors: ["Chen, S. F.", "Goodman, J."],
    year: 1999,
    title: "An empirical study of smoothing techniques for language modeling",
    venue: "Computer Speech & Language 13(4)",
    doi: "10.1006/csla.1999.0128",
    note: "Earlier version: Harvard technical report TR-10-98, 1998. Interpolated and modified Kneser–Ney smoothing.",
  },
  {
    id: "press2017",
    authors: ["Press, O.", "Wolf, L."],
    year: 2017,
    title: "Using the Output Embedding to Improve Language Models",
    venue: "Proceedings of the 15th Conference of the European Chapter of the ACL (EACL), Volume 2",
    url: "https://aclanthology.org/E17-2025/",
  },
  {
    id: "holtzman2020",
    authors: ["Holtzman, A.", "Buys, J.", "Du, L.", "Forbes, M.", "Choi, Y."],
    year: 2020,
    title: "The Curious Case of Neural Text Degeneration",
    venue: "International Conference on Learning Representations (ICLR)",
    url: "https://arxiv.org/abs/1904.09751",
    note: "Introduces nucleus (top-p) sampling.",
  },
  {
    id: "pope2023",
    authors: ["Pope, R.", "Douglas, S.", "Chowdhery, A.", "Devlin, J.", "Bradbury, J.", "Levskaya, A."],
    etAl: true,
    year: 2023,
    title: "Efficiently Scaling Transformer Inference",
    venue: "Proceedings of Machine Learning and Systems (MLSys) 5",
    url: "https://arxiv.org/abs/2211.05102",
  },
  {
    id: "karpathy2023",
    authors: ["Karpathy, A."],
    year: 2023,
    title: "Let's build GPT: from scratch, in code, spelled out",
    venue: "Video lecture, Neural Networks: Zero to Hero",
    url: "https://www.youtube.com/watch?v=kCc8FmEb1nY",
  },
  // --- Software ------------------------------------------------------------------------------------
  {
    id: "smilkov2019",
    authors: ["Smilkov, D.", "Thorat, N.", "Assogba, Y.", "Yuan, A.", "Kreeger, N.", "Yu, P."],
    etAl: true,
    year: 2019,
    title: "TensorFlow.js: Machine Learning for the Web and Beyond",
    venue: "Proceedings of Machine Learning and Systems 1 (SysML)",
    url: "https://arxiv.org/abs/1901.05350",
  },
  {
    id: "paszke2019",
    authors: ["Paszke, A.", "Gross, S.", "Massa, F.", "Lerer, A.", "Bradbury, J.", "Chanan, G."],
    etAl: true,
    year: 2019,
    title: "PyTorch: An Imperative Style, High-Performance Deep Learning Library",
    venue: "Advances in Neural Information Processing Systems 32 (NeurIPS)",
    url: "https://arxiv.org/abs/1912.01703",
  },
  {
    id: "wolf2020",
    authors: ["Wolf, T.", "Debut, L.", "Sanh, V.", "Chaumond, J.", "Delangue, C.", "Moi, A."],
    etAl: true,
    year: 2020,
    title: "Transformers: State-of-the-Art Natural Language Processing",
    venue: "Proceedings of EMNLP 2020: System Demonstrations",
    doi: "10.18653/v1/2020.emnlp-demos.6",
  },
  {
    id: "kluyver2016",
    authors: ["Kluyver, T.", "Ragan-Kelley, B.", "Pérez, F.", "Granger, B.", "Bussonnier, M.", "Frederic, J."],
    etAl: true,
    year: 2016,
    title: "Jupyter Notebooks – a publishing format for reproducible computational workflows",
    venue: "Positioning and Power in Academic Publishing: Players, Agents and Agendas (IOS Press)",
    doi: "10.3233/978-1-61499-649-1-87",
  },
  {
    id: "transformersjs",
    authors: ["Hugging Face"],
    year: 2024,
    yearSuffix: "b",
    title: "Transformers.js: State-of-the-art Machine Learning for the Web",
    venue: "Software",
    url: "https://github.com/huggingface/transformers.js",
    accessed: "2026-11-29",
  },
  {
    id: "docusaurus",
    authors: ["Meta Open Source"],
    year: 2024,
    title: "Docusaurus: Build optimized websites quickly, focus on your content",
    venue: "Software",
    url: "https://docusaurus.io/",
    accessed: "2026-11-29",
  },
  {
    id: "tslab",
    authors: ["tslab contributors"],
    year: 2020,
    title: "tslab: Interactive JavaScript and TypeScript programming with Jupyter",
    venue: "Software",
    url: "https://github.com/yunabe/tslab",
    accessed: "2026-11-29",
  },
  {
    id: "greenalgorithms",
    authors: ["Lannelongue, L.", "Grealey, J.", "Inouye, M."],
    year: 2024,
    title: "Green Algorithms calculator",
    venue: "Web application",
    url: "https://calculator.green-algorithms.org/",
    accessed: "2026-11-29",
  },
];

/** Citation keys: lowercase letters and digits only (they become URL anchors). */
export const REFERENCE_ID_PATTERN = /^[a-z][a-z0-9]*$/;

const byId = new Map(references.map((r) => [r.id, r]));

/** All ids, in registry order. */
export function referenceIds(): string[] {
  return references.map((r) => r.id);
}

/**
 * The entry for `id`; throws (failing the site build when rendered) for an unknown id and
 * names the closest known ids.
 */
export function getReference(id: string): Reference {
  const ref = byId.get(id);
  if (ref) return ref;
  const prefix = id.replace(/\d.*$/, "").slice(0, 4);
  const near = references
    .map((r) => r.id)
    .filter((k) => prefix.length > 0 && k.startsWith(prefix))
    .slice(0, 8);
  throw new Error(
    `Unknown citation id "${id}". Add an entry to src/data/references.ts` +
      (near.length > 0 ? ` or use one of: ${near.join(", ")}` : "") +
      ".",
  );
}

/** Splits the `id` prop of `<Cite>` ("a" or "a, b") into keys. */
export function parseCiteIds(idProp: string): string[] {
  return idProp
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** "Patterson" from "Patterson, D."; organisations are returned whole. */
export function familyName(author: string): string {
  const comma = author.indexOf(",");
  return comma === -1 ? author : author.slice(0, comma).trim();
}

/** Short author label: "Jain & Wallace", "Patterson et al.", "OpenAI". */
export function shortAuthors(ref: Reference): string {
  const names = ref.authors.map(familyName);
  if (names.length === 0) throw new Error(`Reference "${ref.id}" has no authors.`);
  if (names.length === 1 && !ref.etAl) return names[0]!;
  if (names.length === 2 && !ref.etAl) return `${names[0]} & ${names[1]}`;
  return `${names[0]} et al.`;
}

/** "2023a" (year plus disambiguating suffix). */
export function citationYear(ref: Reference): string {
  return `${ref.year}${ref.yearSuffix ?? ""}`;
}

/** In-text citation without parentheses: "Patterson et al., 2021". */
export function shortCitation(ref: Reference): string {
  return `${shortAuthors(ref)}, ${citationYear(ref)}`;
}

/** Link target of an entry: its DOI resolver URL, else its URL. */
export function referenceLink(ref: Reference): string | undefined {
  return ref.doi ? `https://doi.org/${ref.doi}` : ref.url;
}

/** Full author list in reference-list style: "A, B, & C" (+ "et al."). */
export function fullAuthors(ref: Reference): string {
  const a = ref.authors;
  if (ref.etAl) return `${a.join(", ")}, et al.`;
  if (a.length <= 1) return a[0] ?? "";
  return `${a.slice(0, -1).join(", ")}, & ${a[a.length - 1]}`;
}

/** Entries sorted for the reference list: first author's family name, then year, then id. */
export function sortedReferences(): Reference[] {
  return [...references].sort(
    (x, y) =>
      familyName(x.authors[0] ?? "").localeCompare(familyName(y.authors[0] ?? ""), "en") ||
      x.year - y.year ||
      x.id.localeCompare(y.id),
  );
}
