// Writes the teaching diagrams of the notebooks and the concepts chapter as SVG files, one per
// diagram and locale: static/img/diagrams/<name>.<locale>.svg (locale: en, zh-Hans).
//
//   node scripts/diagrams.mjs           write the files
//   node scripts/diagrams.mjs --check   exit 1, naming the file, if a committed file differs
//
// Each diagram is drawn once, in code below, with its labels looked up per locale, so the two
// versions cannot drift apart. Colours are CSS variables in the SVG's own <style>, switched by
// `prefers-color-scheme`: an SVG shown through <img> follows the colour scheme of the page that
// embeds it (the site sets `color-scheme: dark` on <html> in dark mode), so one file serves both
// themes. Text uses system fonts only (an SVG image may not load web fonts).
//
// Phones: an <img> scales down to the column width (about 358 px on a 390 px phone), text with it.
// Every diagram is drawn on a canvas only WIDTH px wide, in a portrait or stacked layout, with text of
// at least 15 px (sub- and superscripts 80 % of 17 px), so no label renders below 10 px at 358 px;
// test/diagrams checks that for every <text>.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT_DIR = path.join(ROOT, "static", "img", "diagrams");
export const LOCALES = ["en", "zh-Hans"];

const STYLE = `
svg { --fg: #1c1e21; --muted: #5f6670; --line: #444950; --paper: #ffffff; --soft: #f2f4f7;
  --q: #1864ab; --q-bg: #dbeafe; --k: #c2410c; --k-bg: #ffedd5; --v: #2b7a3b; --v-bg: #dcfce7;
  --acc: #7c3aed; --acc-bg: #ede9fe; --off: #d0d4da; }
@media (prefers-color-scheme: dark) {
  svg { --fg: #e6e6e6; --muted: #a8adb4; --line: #c4c8cd; --paper: #1b1b1d; --soft: #2a2b2e;
    --q: #74b3ff; --q-bg: #16324f; --k: #ffa66b; --k-bg: #4a2812; --v: #6fdc8c; --v-bg: #143d22;
    --acc: #c4a5ff; --acc-bg: #33235a; --off: #44474d; }
}
text { fill: var(--fg); font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 17px; }
.m { fill: var(--muted); font-size: 15px; }
.b { font-weight: 600; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.box { fill: var(--soft); stroke: var(--line); stroke-width: 1.2; }
.q { fill: var(--q-bg); stroke: var(--q); stroke-width: 1.5; }
.k { fill: var(--k-bg); stroke: var(--k); stroke-width: 1.5; }
.v { fill: var(--v-bg); stroke: var(--v); stroke-width: 1.5; }
.a { fill: var(--acc-bg); stroke: var(--acc); stroke-width: 1.5; }
.on { fill: var(--q); }
.offc { fill: var(--off); }
.bar { fill: var(--acc); }
.ln { stroke: var(--line); stroke-width: 1.5; fill: none; }
.dash { stroke-dasharray: 5 4; }
.tip { fill: var(--line); }
.tq { fill: var(--q); } .tk { fill: var(--k); } .tv { fill: var(--v); } .ta { fill: var(--acc); }
`;

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Escaped text where `^X` (one letter) becomes a superscript X and `_{xy}` a subscript xy. */
const rich = (s) =>
  esc(s)
    .replace(/\^(\w)/g, '<tspan baseline-shift="super" style="font-size:80%">$1</tspan>')
    .replace(/_\{(\w+)\}/g, '<tspan baseline-shift="sub" style="font-size:80%">$1</tspan>');

/** Canvas width of every diagram (px of the viewBox); see the note on phones at the top. */
export const WIDTH = 480;
const LINE = 21; // line spacing of multi-line labels

/** Rough width of a label in px (CJK full width, Latin about 0.56 em; bold a little wider). */
function textWidth(s, size, bold) {
  let w = 0;
  for (const ch of String(s))
    w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? size : size * (bold ? 0.6 : 0.56);
  return w;
}

/** Splits a label into lines no wider than maxWidth (at spaces; CJK text between any two characters). */
function wrap(s, maxWidth, size, bold) {
  const out = [];
  for (const para of String(s).split("\n")) {
    const cjk = /[\u2e80-\u9fff]/.test(para) && !/ [a-z]{3,} /.test(para);
    const tokens = cjk ? [...para] : para.split(" ");
    let line = "";
    for (const tok of tokens) {
      const next = line ? (cjk ? line + tok : `${line} ${tok}`) : tok;
      if (line && textWidth(next, size, bold) > maxWidth) {
        out.push(line);
        line = tok;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/** A drawing: collects SVG elements; coordinates in px of the viewBox. */
function canvas() {
  const parts = [];
  return {
    parts,
    rect(x, y, w, h, cls = "box", rx = 6) {
      parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}" class="${cls}"/>`);
    },
    text(x, y, s, { cls = "", anchor = "middle", size } = {}) {
      const st = size ? ` style="font-size:${size}px"` : "";
      parts.push(
        `<text x="${x}" y="${y}" text-anchor="${anchor}" dominant-baseline="middle"${cls ? ` class="${cls}"` : ""}${st}>${rich(s)}</text>`,
      );
    },
    /** A labelled box, the label centred (lines split on \n). */
    box(x, y, w, h, label, cls = "box", tcls = "") {
      this.rect(x, y, w, h, cls);
      const lines = String(label).split("\n");
      lines.forEach((l, i) =>
        this.text(x + w / 2, y + h / 2 + (i - (lines.length - 1) / 2) * LINE, l, { cls: tcls }),
      );
    },
    /** A label wrapped to maxWidth, its first line at y; returns the y below its last line. */
    para(x, y, s, { cls = "", anchor = "middle", maxWidth = WIDTH - 16 } = {}) {
      const size = /\bm\b/.test(cls) ? 15 : 17;
      const lines = wrap(s, maxWidth, size, /\bb\b/.test(cls));
      lines.forEach((l, i) => this.text(x, y + i * LINE, l, { cls, anchor }));
      return y + lines.length * LINE;
    },
    /** A straight arrow from (x1, y1) to (x2, y2), head at the end. */
    arrow(x1, y1, x2, y2, cls = "ln") {
      const a = Math.atan2(y2 - y1, x2 - x1);
      const ex = x2 - 9 * Math.cos(a);
      const ey = y2 - 9 * Math.sin(a);
      parts.push(`<path d="M${r(x1)},${r(y1)} L${r(ex)},${r(ey)}" class="${cls}"/>`);
      this.head(x2, y2, a);
    },
    /** A polyline arrow through the points [[x, y], …]. */
    path(points, cls = "ln", withHead = true) {
      const n = points.length;
      const [px, py] = points[n - 2];
      const [x2, y2] = points[n - 1];
      const a = Math.atan2(y2 - py, x2 - px);
      const end = withHead ? [x2 - 9 * Math.cos(a), y2 - 9 * Math.sin(a)] : [x2, y2];
      const pts = [...points.slice(0, n - 1), end];
      parts.push(
        `<path d="${pts.map(([x, y], i) => `${i ? "L" : "M"}${r(x)},${r(y)}`).join(" ")}" class="${cls}"/>`,
      );
      if (withHead) this.head(x2, y2, a);
    },
    head(x, y, a) {
      const p = (d, t) => [x - d * Math.cos(a + t), y - d * Math.sin(a + t)];
      const [l, rr] = [p(11, 0.42), p(11, -0.42)];
      parts.push(
        `<path d="M${r(x)},${r(y)} L${r(l[0])},${r(l[1])} L${r(rr[0])},${r(rr[1])} Z" class="tip"/>`,
      );
    },
    circlePlus(x, y) {
      parts.push(`<circle cx="${x}" cy="${y}" r="11" class="box"/>`);
      parts.push(`<path d="M${x - 6},${y} L${x + 6},${y} M${x},${y - 6} L${x},${y + 6}" class="ln"/>`);
    },
    raw(s) {
      parts.push(s);
    },
  };
}
const r = (v) => Math.round(v * 10) / 10;

function svg(w, h, title, c) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">\n` +
    `<title>${esc(title)}</title>\n<style>${STYLE}</style>\n` +
    c.parts.join("\n") +
    "\n</svg>\n"
  );
}

// ---------------------------------------------------------------------------------------------
// The diagrams. Each takes the locale's labels (`t`) and returns the SVG text.

const LABELS = {
  softLookup: {
    en: {
      title: "Attention as a soft lookup",
      query: "query",
      keys: "keys",
      scores: "scores",
      weights: "weights",
      values: "values",
      softmax: "softmax",
      out: "output",
      outNote: "weighted sum of the values",
      matchNote: "k₃ matches q best: it gets most of the weight",
    },
    "zh-Hans": {
      title: "把注意力看作软查找",
      query: "查询",
      keys: "键",
      scores: "分数",
      weights: "权重",
      values: "值",
      softmax: "softmax",
      out: "输出",
      outNote: "值的加权和",
      matchNote: "k₃ 与 q 最匹配：它得到大部分权重",
    },
  },
  qkv: {
    en: {
      title: "Queries, keys and values are learned projections of the same tokens",
      x: "X",
      xShape: "[T, d_model]",
      proj: "learned projections",
      attn: "attention",
      out: "output",
      self: "self-attention: Q, K and V all come from X",
    },
    "zh-Hans": {
      title: "查询、键和值是同一组词元的可学习投影",
      x: "X",
      xShape: "[T, d_model]",
      proj: "可学习的投影",
      attn: "注意力",
      out: "输出",
      self: "自注意力：Q、K、V 都来自 X",
    },
  },
  heads: {
    en: {
      title: "Splitting into heads and merging them back",
      split: "split the last axis into h heads",
      head: "head",
      attn: "attention",
      merge: "concatenate the heads",
      note: "each head: its own weights over the T keys",
    },
    "zh-Hans": {
      title: "拆分为多个头，再合并回来",
      split: "把最后一维拆成 h 个头",
      head: "头",
      attn: "注意力",
      merge: "拼接各个头",
      note: "每个头在 T 个键上有自己的一组权重",
    },
  },
  masks: {
    en: {
      title: "Causal and padding masks",
      causal: "causal mask (decoder)",
      padding: "padding mask\n(length 3 of 6)",
      queries: "queries",
      keys: "keys",
      allowed: "may attend",
      masked: "masked: −∞ added before the softmax",
      pad: "P: a padding position",
    },
    "zh-Hans": {
      title: "因果掩码与填充掩码",
      causal: "因果掩码（解码器）",
      padding: "填充掩码\n（6 个位置中 3 个有效）",
      queries: "查询",
      keys: "键",
      allowed: "可以关注",
      masked: "被掩盖：softmax 之前加上 −∞",
      pad: "P：填充位置",
    },
  },
  cross: {
    en: {
      title: "Encoder–decoder cross-attention",
      src: "source tokens",
      tgt: "target tokens so far",
      enc: "encoder blocks\n(self-attention,\nno mask)",
      memory: "memory [S, d_model]",
      selfAttn: "causal self-attention",
      cross: "cross-attention",
      ffn: "feed-forward",
      next: "next target token",
      kv: "keys and values",
      q: "queries",
      legend: "queries from the decoder, keys and values from the encoder",
    },
    "zh-Hans": {
      title: "编码器–解码器交叉注意力",
      src: "源语言词元",
      tgt: "已生成的目标词元",
      enc: "编码器块\n（自注意力，无掩码）",
      memory: "记忆 [S, d_model]",
      selfAttn: "因果自注意力",
      cross: "交叉注意力",
      ffn: "前馈层",
      next: "下一个目标词元",
      kv: "键和值",
      q: "查询",
      legend: "查询来自解码器，键和值来自编码器",
    },
  },
  block: {
    en: {
      title: "A pre-LN and a post-LN transformer block",
      pre: "pre-LN\n(GPT-2; this library)",
      post: "post-LN\n(Vaswani et al. 2017)",
      ln: "LayerNorm",
      attn: "multi-head\nattention",
      ffn: "feed-forward",
      stream: "the line from x to the output is the residual stream",
      x: "x",
      out: "output",
    },
    "zh-Hans": {
      title: "前置 LN 与后置 LN 的 Transformer 块",
      pre: "前置 LN\n（GPT-2；本库）",
      post: "后置 LN\n（Vaswani 等，2017）",
      ln: "层归一化",
      attn: "多头注意力",
      ffn: "前馈层",
      stream: "从 x 到输出的那条线就是残差流",
      x: "x",
      out: "输出",
    },
  },
  kvCache: {
    en: {
      title: "The KV cache",
      step: "decoding step t",
      cached: "cached from steps 1 … t−1",
      fresh: "computed now",
      newTok: "new token t",
      keys: "K",
      values: "V",
      attn: "q_{t} attends over all t keys and values",
      without: "without a cache: recompute K and V of all t tokens at every step",
      with: "with a cache: compute k_{t} and v_{t} only, and append them",
    },
    "zh-Hans": {
      title: "KV 缓存",
      step: "第 t 步解码",
      cached: "第 1 … t−1 步缓存下来",
      fresh: "本步计算",
      newTok: "新词元 t",
      keys: "K",
      values: "V",
      attn: "q_{t} 对全部 t 个键和值做注意力",
      without: "不用缓存：每一步都重新计算全部 t 个词元的 K 和 V",
      with: "使用缓存：只计算 k_{t} 和 v_{t}，并追加到缓存",
    },
  },
};

const DIAGRAMS = {
  "soft-lookup": (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 410;
    c.para(W / 2, 22, t.title, { cls: "b" });
    const y0 = 76;
    const dy = 52;
    const weight = [0.07, 0.13, 0.72, 0.08]; // drawn bar lengths: a picture, not a result
    c.text(105, 56, t.keys, { cls: "m" });
    c.text(185, 56, t.scores, { cls: "m" });
    c.text(268, 56, t.weights, { cls: "m" });
    c.text(380, 56, t.values, { cls: "m" });
    const qy = y0 + 1.5 * dy + 18;
    c.box(8, qy - 20, 44, 40, "q", "q", "tq b");
    c.text(30, qy + 36, t.query, { cls: "m" });
    for (let i = 0; i < 4; i++) {
      const y = y0 + i * dy;
      c.path([
        [52, qy],
        [66, qy],
        [66, y + 18],
        [80, y + 18],
      ]);
      c.box(80, y, 50, 36, `k${"₁₂₃₄"[i]}`, "k", "tk b");
      c.arrow(130, y + 18, 150, y + 18);
      c.text(185, y + 18, `q·k${"₁₂₃₄"[i]}`, { cls: "mono" });
      c.arrow(214, y + 18, 232, y + 18);
      c.rect(236, y + 7, 80 * weight[i], 22, "bar", 3);
      c.text(236 + 80 * weight[i] + 16, y + 18, `α${"₁₂₃₄"[i]}`, { cls: "ta" });
      c.text(337, y + 18, "×", { cls: "m" });
      c.box(355, y, 50, 36, `v${"₁₂₃₄"[i]}`, "v", "tv b");
      c.path(
        [
          [405, y + 18],
          [440, y + 18],
          [440, 304],
          [427, 304],
        ],
        "ln",
        i === 3,
      );
    }
    c.box(345, 284, 82, 40, "Σ αᵢvᵢ", "a", "ta b");
    c.text(386, 340, t.out, { cls: "m" });
    c.para(170, 296, `${t.softmax}: ${t.scores} → ${t.weights}`, { cls: "m", maxWidth: 300 });
    const y = c.para(W / 2, 364, t.matchNote, { cls: "m" });
    c.para(W / 2, y, `${t.out} = ${t.outNote}`, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  "qkv-projections": (t) => {
    const c = canvas();
    const W = WIDTH;
    const top = c.para(W / 2, 22, t.title, { cls: "b" });
    const xs = [150, 270, 390];
    const y0 = top + 10;
    c.box(230, y0, 80, 40, t.x, "box", "b");
    c.text(320, y0 + 20, t.xShape, { cls: "m mono", anchor: "start" });
    const names = [
      ["W^Q", "Q", "q", "tq"],
      ["W^K", "K", "k", "tk"],
      ["W^V", "V", "v", "tv"],
    ];
    const yw = y0 + 80;
    c.para(8, yw + 10, t.proj, { cls: "m", anchor: "start", maxWidth: 100 });
    for (const [i, x] of xs.entries()) {
      const [w, o, cls, tcls] = names[i];
      c.path([
        [270, y0 + 40],
        [270, y0 + 60],
        [x, y0 + 60],
        [x, yw],
      ]);
      c.box(x - 40, yw, 80, 40, w, "box", "mono");
      c.arrow(x, yw + 40, x, yw + 70);
      c.box(x - 30, yw + 70, 60, 40, o, cls, `${tcls} b`);
      c.path(
        [
          [x, yw + 110],
          [x, yw + 130],
          [270, yw + 130],
          [270, yw + 150],
        ],
        "ln",
        i === 1,
      );
    }
    const ya = yw + 150;
    c.box(130, ya, 280, 60, `${t.attn}\nsoftmax(QKᵀ/√d_k) V`, "a", "");
    c.arrow(270, ya + 60, 270, ya + 84);
    c.box(235, ya + 84, 70, 40, "W^O", "box", "mono");
    c.arrow(270, ya + 124, 270, ya + 146);
    c.text(270, ya + 160, t.out, { cls: "m" });
    const end = c.para(W / 2, ya + 196, t.self, { cls: "m" });
    return svg(W, end, t.title, c);
  },

  "heads-split-merge": (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 420;
    const top = c.para(W / 2, 22, t.title, { cls: "b" });
    const cls = ["q", "k", "v", "a"];
    const tcls = ["tq", "tk", "tv", "ta"];
    const mx = 120; // the [T, d_model] matrix: four column strips of 60 px
    const y0 = top + 22;
    c.text(W / 2, y0 - 12, "[T, d_model]", { cls: "m mono" });
    for (let h = 0; h < 4; h++) c.rect(mx + h * 60, y0, 60, 44, cls[h], 0);
    c.para(W / 2, y0 + 62, t.split, { cls: "m" });
    const yh = y0 + 110;
    for (let h = 0; h < 4; h++) {
      const x = 16 + h * 116; // head columns, 100 px wide
      c.arrow(mx + h * 60 + 30, y0 + 80, x + 50, yh);
      c.box(x, yh, 100, 50, `${t.head} ${h + 1}\n[T, d_k]`, cls[h], tcls[h]);
      c.arrow(x + 50, yh + 50, x + 50, yh + 68);
      c.box(x, yh + 68, 100, 34, t.attn, "box", "");
      c.arrow(x + 50, yh + 102, mx + h * 60 + 30, yh + 138);
    }
    const ym = yh + 140;
    for (let h = 0; h < 4; h++) c.rect(mx + h * 60, ym, 60, 40, cls[h], 0);
    c.arrow(mx + 240, ym + 20, mx + 264, ym + 20);
    c.box(mx + 264, ym + 2, 56, 36, "W^O", "box", "mono");
    const y = c.para(W / 2, ym + 62, `${t.merge} · d_model = h · d_k`, { cls: "m" });
    c.para(W / 2, y + 4, t.note, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  masks: (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 420;
    const n = 6;
    const s = 28;
    c.para(W / 2, 22, t.title, { cls: "b" });
    const grid = (x0, y0, allowed, title, colLabels) => {
      c.para(x0 + (n * s) / 2, y0 - 72, title, { cls: "b", maxWidth: 215 });
      c.text(x0 + (n * s) / 2, y0 - 16, `${t.keys} →`, { cls: "m" });
      c.raw(
        `<text x="${x0 - 34}" y="${y0 + (n * s) / 2}" text-anchor="middle" dominant-baseline="middle" class="m" transform="rotate(-90 ${x0 - 34} ${y0 + (n * s) / 2})">${esc(t.queries)}</text>`,
      );
      for (let i = 0; i < n; i++) {
        c.text(x0 - 14, y0 + i * s + s / 2, String(i + 1), { cls: "m" });
        c.text(x0 + i * s + s / 2, y0 + n * s + 14, colLabels[i], { cls: "m" });
        for (let j = 0; j < n; j++)
          c.rect(x0 + j * s + 1, y0 + i * s + 1, s - 2, s - 2, allowed(i, j) ? "on" : "offc", 3);
      }
    };
    const nums = ["1", "2", "3", "4", "5", "6"];
    const y0 = 128;
    grid(52, y0, (i, j) => j <= i, t.causal, nums);
    grid(284, y0, (_i, j) => j < 3, t.padding, ["1", "2", "3", "P", "P", "P"]);
    const yl = y0 + n * s + 44;
    c.rect(16, yl - 9, 18, 18, "on", 3);
    c.para(42, yl, t.allowed, { anchor: "start", maxWidth: W - 50 });
    c.rect(16, yl + 29, 18, 18, "offc", 3);
    const y = c.para(42, yl + 38, t.masked, { anchor: "start", maxWidth: W - 50 });
    c.para(42, y + 4, t.pad, { cls: "m", anchor: "start", maxWidth: W - 50 });
    return svg(W, H, t.title, c);
  },

  "cross-attention": (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 480;
    c.para(W / 2, 22, t.title, { cls: "b" });
    // encoder column (x 10–220), decoder column (x 260–470), bottom-up
    c.box(10, 372, 210, 40, t.src, "box", "");
    c.arrow(115, 372, 115, 342);
    c.box(10, 262, 210, 80, t.enc, "box", "");
    c.arrow(115, 262, 115, 232);
    c.box(10, 192, 210, 40, t.memory, "k", "tk");
    c.text(115, 170, t.kv, { cls: "tk" });
    const dx = 260;
    c.box(dx, 372, 210, 40, t.tgt, "box", "");
    c.arrow(dx + 105, 372, dx + 105, 342);
    c.box(dx, 302, 210, 40, t.selfAttn, "box", "");
    c.arrow(dx + 105, 302, dx + 105, 262);
    c.text(dx + 115, 282, t.q, { cls: "tq", anchor: "start" });
    c.box(dx, 222, 210, 40, t.cross, "a", "ta b");
    c.arrow(dx + 105, 222, dx + 105, 192);
    c.box(dx, 152, 210, 40, t.ffn, "box", "");
    c.arrow(dx + 105, 152, dx + 105, 122);
    c.box(dx, 82, 210, 40, t.next, "box", "");
    c.path([
      [220, 212],
      [240, 212],
      [240, 242],
      [dx, 242],
    ]);
    c.para(W / 2, 440, t.legend, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  "transformer-block": (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 510;
    c.para(W / 2, 22, t.title, { cls: "b" });
    // One column, drawn bottom-up along the residual stream at x = sx. A "branch" leaves the stream,
    // runs through its boxes and is added back (⊕); an "on" box sits on the stream itself.
    const col = (x0, title, steps) => {
      const sx = x0 + 20;
      const cx = x0 + 140;
      c.para(x0 + 115, 62, title, { cls: "b", maxWidth: 225 });
      let cur = 450;
      c.text(sx, 466, t.x, { cls: "b mono" });
      const height = (label) => (String(label).includes("\n") ? 52 : 32);
      for (const step of steps) {
        if (step.on) {
          c.arrow(sx, cur, sx, cur - 16);
          c.box(sx - 14, cur - 48, 130, 32, step.on, "box", "");
          cur -= 48;
          continue;
        }
        const yf = cur - 14;
        c.path(
          [
            [sx, yf],
            [cx, yf],
            [cx, yf - 16],
          ],
          "ln",
        );
        let y = yf - 16;
        step.branch.forEach(([label, cls], i) => {
          if (i) c.arrow(cx, y, cx, y - 12);
          if (i) y -= 12;
          const h = height(label);
          c.box(cx - 75, y - h, 150, h, label, cls, "");
          y -= h;
        });
        const yp = y - 22;
        c.path([
          [cx, y],
          [cx, yp],
          [sx + 11, yp],
        ]);
        c.arrow(sx, cur, sx, yp + 11);
        c.circlePlus(sx, yp);
        cur = yp - 11;
      }
      c.arrow(sx, cur, sx, cur - 22);
      c.text(sx, cur - 34, t.out, { cls: "m", anchor: "start" });
    };
    const ln = [t.ln, "box"];
    col(8, t.pre, [{ branch: [ln, [t.attn, "q"]] }, { branch: [ln, [t.ffn, "v"]] }]);
    col(248, t.post, [{ branch: [[t.attn, "q"]] }, { on: t.ln }, { branch: [[t.ffn, "v"]] }, { on: t.ln }]);
    c.para(W / 2, 494, t.stream, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  "kv-cache": (t) => {
    const c = canvas();
    const W = WIDTH;
    const H = 450;
    c.para(W / 2, 22, t.title, { cls: "b" });
    c.text(W / 2, 46, t.step, { cls: "m" });
    const n = 5; // rows drawn: t−1 cached + 1 new
    const s = 28;
    const y0 = 96;
    const mat = (x0, label, cls, tcls) => {
      c.text(x0 + 35, y0 - 16, label, { cls: `b ${tcls}` });
      for (let i = 0; i < n; i++) c.rect(x0, y0 + i * s, 70, s - 4, i < n - 1 ? "box" : cls, 3);
    };
    const kx = 196;
    const vx = 286;
    mat(kx, t.keys, "k", "tk");
    mat(vx, t.values, "v", "tv");
    const yNew = y0 + (n - 1) * s + 12; // centre of the new row
    c.para(366, y0 + 1.5 * s - 10, t.cached, { anchor: "start", cls: "m", maxWidth: W - 370 });
    c.para(366, yNew, t.fresh, { anchor: "start", cls: "m", maxWidth: W - 370 });
    c.box(4, yNew - 20, 122, 40, t.newTok, "box", "");
    c.arrow(126, yNew, kx, yNew);
    c.text(160, yNew - 13, "k_{t}", { cls: "mono tk" });
    c.path([
      [60, yNew + 20],
      [60, yNew + 44],
      [vx + 35, yNew + 44],
      [vx + 35, yNew + 14],
    ]);
    c.text(160, yNew + 58, "v_{t}", { cls: "mono tv" });
    c.path([
      [60, yNew - 20],
      [60, y0 + 12],
      [100, y0 + 12],
    ]);
    c.box(100, y0 - 6, 56, 36, "q_{t}", "q", "tq b mono");
    c.arrow(156, y0 + 12, kx, y0 + 12);
    let y = c.para(W / 2, y0 + n * s + 80, t.attn, { cls: "ta" });
    y = c.para(W / 2, y + 14, t.without, { cls: "m" });
    c.para(W / 2, y + 8, t.with, { cls: "b" });
    return svg(W, H, t.title, c);
  },
};

const LABEL_KEY = {
  "soft-lookup": "softLookup",
  "qkv-projections": "qkv",
  "heads-split-merge": "heads",
  masks: "masks",
  "cross-attention": "cross",
  "transformer-block": "block",
  "kv-cache": "kvCache",
};

/** Every diagram in every locale: [file name, SVG text]. */
export function renderAll() {
  const out = [];
  for (const [name, draw] of Object.entries(DIAGRAMS)) {
    const labels = LABELS[LABEL_KEY[name]];
    for (const locale of LOCALES) {
      if (!labels[locale]) throw new Error(`diagram ${name}: no labels for locale ${locale} in LABELS`);
      out.push([`${name}.${locale}.svg`, draw(labels[locale])]);
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let bad = 0;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [file, text] of renderAll()) {
    const p = path.join(OUT_DIR, file);
    const old = fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
    if (check) {
      if (old !== text) {
        console.error(
          `${path.relative(ROOT, p)} differs from scripts/diagrams.mjs: run node scripts/diagrams.mjs`,
        );
        bad++;
      }
    } else if (old !== text) {
      fs.writeFileSync(p, text);
      console.log(`wrote ${path.relative(ROOT, p)}`);
    }
  }
  process.exit(bad ? 1 : 0);
}
