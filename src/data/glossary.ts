/**
 * The English–Chinese glossary of the site: one entry per term, used by the Glossary page in both
 * locales (docs/glossary.mdx and its zh-Hans translation). Chinese pages use `zh` for each term;
 * test/chapters/glossary.test.ts rejects the variants listed in `avoidZh` on the hand-written zh pages.
 *
 * Browser-safe: no Node imports.
 */

export interface GlossaryEntry {
  /** Anchor on the Glossary page: lowercase letters, digits and hyphens. */
  id: string;
  en: string;
  zh: string;
  /** Abbreviation or symbol shared by both languages (PUE, CO₂e, …). */
  abbr?: string;
  defEn: string;
  defZh: string;
  /** Chinese renderings not to use for this term on the site (inconsistent or wrong). */
  avoidZh?: string[];
}

export const glossary: readonly GlossaryEntry[] = [
  // --- Models and attention
  {
    id: "attention",
    en: "attention",
    zh: "注意力",
    defEn: "A weighted average of value vectors, with weights from the similarity of a query to each key.",
    defZh: "对值向量的加权平均，权重由查询与各个键的相似度决定。",
  },
  {
    id: "self-attention",
    en: "self-attention",
    zh: "自注意力",
    defEn: "Attention in which queries, keys and values all come from the same sequence.",
    defZh: "查询、键和值都来自同一序列的注意力。",
  },
  {
    id: "cross-attention",
    en: "cross-attention",
    zh: "交叉注意力",
    defEn: "Attention in which the queries come from one sequence (the decoder) and keys and values from another (the encoder output).",
    defZh: "查询来自一个序列（解码器），键和值来自另一个序列（编码器输出）的注意力。",
  },
  {
    id: "scaled-dot-product-attention",
    en: "scaled dot-product attention",
    zh: "缩放点积注意力",
    defEn: "softmax(QKᵀ/√d_k)·V: the attention of the Transformer.",
    defZh: "softmax(QKᵀ/√d_k)·V，即 Transformer 使用的注意力。",
  },
  {
    id: "multi-head-attention",
    en: "multi-head attention",
    zh: "多头注意力",
    defEn: "Several attention heads computed in parallel on projections of the input, concatenated and projected again.",
    defZh: "在输入的不同投影上并行计算多个注意力头，拼接后再做一次线性投影。",
  },
  {
    id: "query-key-value",
    en: "query, key, value",
    zh: "查询、键、值",
    abbr: "Q, K, V",
    defEn: "The three linear projections of the input that attention compares (query with key) and averages (value).",
    defZh: "输入的三种线性投影：注意力比较查询与键，并对值求加权平均。",
  },
  {
    id: "mask",
    en: "mask (padding mask, causal mask)",
    zh: "掩码（填充掩码、因果掩码）",
    defEn: "Marks which keys a query may attend to: not padding, and in a decoder not future positions.",
    defZh: "标记查询可以关注哪些键：不关注填充位置；在解码器中也不关注后面的位置。",
    avoidZh: ["遮罩"],
  },
  {
    id: "embedding",
    en: "embedding",
    zh: "嵌入",
    defEn: "A learned vector for each token (or position) in a vocabulary.",
    defZh: "为词表中每个词元（或位置）学习到的向量。",
  },
  {
    id: "positional-encoding",
    en: "positional encoding",
    zh: "位置编码",
    defEn: "A vector added to each embedding that tells the model the position of the token.",
    defZh: "加到每个嵌入上的向量，让模型知道词元所在的位置。",
  },
  {
    id: "token",
    en: "token",
    zh: "词元",
    defEn: "The unit a language model reads and writes: a word, a piece of a word or a character.",
    defZh: "语言模型读写的基本单位：一个词、词的一部分或一个字符。",
    avoidZh: ["令牌"],
  },
  {
    id: "tokenizer",
    en: "tokenizer",
    zh: "分词器",
    defEn: "The program that splits text into tokens and maps them to integer ids.",
    defZh: "把文本切分成词元并映射为整数编号的程序。",
  },
  {
    id: "parameter",
    en: "parameter",
    zh: "参数",
    defEn: "A learned number in a model's weight matrices; model size is counted in parameters.",
    defZh: "模型权重矩阵中学习得到的数值；模型规模以参数量计。",
  },
  {
    id: "encoder-decoder",
    en: "encoder, decoder",
    zh: "编码器、解码器",
    defEn: "An encoder reads the whole input with bidirectional attention; a decoder produces output token by token with causal attention.",
    defZh: "编码器用双向注意力读取整个输入；解码器用因果注意力逐个生成输出词元。",
  },
  {
    id: "transformer",
    en: "Transformer",
    zh: "Transformer",
    defEn: "The neural-network architecture built from attention and feed-forward layers (Vaswani et al., 2017).",
    defZh: "由注意力层和前馈层构成的神经网络架构（Vaswani 等，2017）。",
  },
  {
    id: "large-language-model",
    en: "large language model",
    zh: "大语言模型",
    abbr: "LLM",
    defEn: "A language model with billions of parameters pre-trained on a large text corpus.",
    defZh: "在大规模文本语料上预训练、拥有数十亿以上参数的语言模型。",
  },
  {
    id: "training",
    en: "training (pre-training, fine-tuning)",
    zh: "训练（预训练、微调）",
    defEn: "Adjusting the parameters by gradient descent; pre-training on a large corpus, fine-tuning on a task.",
    defZh: "用梯度下降调整参数；预训练使用大规模语料，微调针对具体任务。",
  },
  {
    id: "inference",
    en: "inference",
    zh: "推理",
    defEn: "Running a trained model on new input, for example to answer a request.",
    defZh: "用训练好的模型处理新的输入，例如响应一次请求。",
    avoidZh: ["推断"],
  },
  {
    id: "flop",
    en: "floating-point operation",
    zh: "浮点运算",
    abbr: "FLOP",
    defEn: "One addition or multiplication of floating-point numbers; training compute is counted in FLOPs, speed in FLOP/s.",
    defZh: "一次浮点数加法或乘法；训练计算量以 FLOP 计，速度以 FLOP/s 计。",
  },
  {
    id: "scaling-law",
    en: "scaling law",
    zh: "缩放定律",
    defEn: "An empirical power law relating a model's loss to its parameters, data and compute.",
    defZh: "把模型损失与参数量、数据量和计算量联系起来的经验幂律。",
  },
  {
    id: "quantization",
    en: "quantization",
    zh: "量化",
    defEn: "Storing and computing with fewer bits per number (for example 8 instead of 32).",
    defZh: "用更少的比特（例如 8 位而不是 32 位）存储和计算数值。",
  },
  {
    id: "distillation",
    en: "knowledge distillation",
    zh: "知识蒸馏",
    defEn: "Training a small model to imitate a large one.",
    defZh: "训练一个小模型去模仿一个大模型。",
  },
  {
    id: "mixture-of-experts",
    en: "mixture of experts",
    zh: "混合专家",
    abbr: "MoE",
    defEn: "A model whose layers contain many expert sub-networks of which only a few run for each token.",
    defZh: "层中包含许多专家子网络、每个词元只激活其中少数几个的模型。",
  },
  // --- Tasks
  {
    id: "sentiment-analysis",
    en: "sentiment analysis",
    zh: "情感分析",
    defEn: "Classifying a text as positive or negative (or on a finer scale).",
    defZh: "把文本分类为正面或负面（或更细的等级）。",
  },
  {
    id: "machine-translation",
    en: "machine translation",
    zh: "机器翻译",
    defEn: "Translating text from one language to another with a model.",
    defZh: "用模型把文本从一种语言翻译成另一种语言。",
  },
  {
    id: "text-generation",
    en: "text generation",
    zh: "文本生成",
    defEn: "Producing text token by token from a prompt.",
    defZh: "根据提示逐个词元地生成文本。",
  },
  // --- Energy and carbon
  {
    id: "energy",
    en: "energy, power",
    zh: "能耗、功率",
    defEn: "Energy (joules, kWh) is power (watts) times time; 1 kWh = 3.6 million joules.",
    defZh: "能耗（焦耳、千瓦时）等于功率（瓦）乘以时间；1 kWh = 360 万焦耳。",
  },
  {
    id: "tdp",
    en: "thermal design power",
    zh: "热设计功耗",
    abbr: "TDP",
    defEn: "The sustained power a processor is designed to dissipate; used to estimate energy when no meter exists.",
    defZh: "处理器设计上持续散热的功率；没有能耗计量时用于估算能耗。",
  },
  {
    id: "operational-energy",
    en: "operational energy",
    zh: "运行能耗",
    defEn: "The electricity used while hardware computes, as opposed to manufacturing it.",
    defZh: "硬件运行计算时消耗的电能，区别于制造硬件的排放。",
  },
  {
    id: "pue",
    en: "power usage effectiveness",
    zh: "电能使用效率",
    abbr: "PUE",
    defEn: "Total data-centre energy divided by the energy of its IT equipment; 1.0 is the ideal.",
    defZh: "数据中心总能耗除以 IT 设备能耗；理想值为 1.0。",
    avoidZh: ["电源使用效率", "能源使用效率", "能量使用效率"],
  },
  {
    id: "carbon-intensity",
    en: "carbon intensity",
    zh: "碳强度",
    defEn: "Grams of CO₂e emitted per kWh of electricity, varying by grid, year and hour.",
    defZh: "每千瓦时电力排放的二氧化碳当量（克），随电网、年份和时段变化。",
  },
  {
    id: "co2e",
    en: "carbon dioxide equivalent",
    zh: "二氧化碳当量",
    abbr: "CO₂e",
    defEn: "All greenhouse gases expressed as the mass of CO₂ with the same warming effect.",
    defZh: "把各种温室气体折算成具有相同增温效应的二氧化碳质量。",
  },
  {
    id: "embodied-carbon",
    en: "embodied carbon",
    zh: "隐含碳",
    defEn: "Emissions from manufacturing, transporting and disposing of hardware, spread over its lifetime.",
    defZh: "硬件在制造、运输和报废过程中产生的排放，按使用寿命分摊。",
    avoidZh: ["内含碳", "蕴含碳", "具身碳"],
  },
  {
    id: "wue",
    en: "water usage effectiveness",
    zh: "水利用效率",
    abbr: "WUE",
    defEn: "Litres of water a data centre consumes per kWh of IT energy.",
    defZh: "数据中心每千瓦时 IT 能耗所消耗的水（升）。",
  },
  {
    id: "location-based",
    en: "location-based emissions",
    zh: "基于位置的排放",
    defEn: "Scope 2 emissions computed with the average carbon intensity of the local grid.",
    defZh: "按当地电网平均碳强度计算的范围二排放。",
  },
  {
    id: "market-based",
    en: "market-based emissions",
    zh: "基于市场的排放",
    defEn: "Scope 2 emissions computed from the electricity contracts a buyer holds (certificates, power purchase agreements).",
    defZh: "按购电方持有的电力合同（绿证、购电协议等）计算的范围二排放。",
  },
  {
    id: "scope-2",
    en: "Scope 1, 2, 3",
    zh: "范围一、范围二、范围三",
    defEn: "GHG Protocol categories: direct emissions, purchased energy, and everything else in the value chain.",
    defZh: "温室气体核算体系的分类：直接排放、外购能源的间接排放、价值链中的其他排放。",
  },
  {
    id: "ledger",
    en: "energy ledger",
    zh: "能耗账本",
    defEn: "This project's append-only record of the energy of its runs, with method and hardware.",
    defZh: "本项目按运行追加记录能耗的账本，注明测量方法和硬件。",
  },
];

/** Entries in the order shown for a locale: by English term or by Chinese pinyin order. */
export function sortedGlossary(locale: string): GlossaryEntry[] {
  const zh = locale.startsWith("zh");
  return [...glossary].sort((a, b) => (zh ? a.zh.localeCompare(b.zh, "zh-Hans-CN") : a.en.localeCompare(b.en, "en")));
}
