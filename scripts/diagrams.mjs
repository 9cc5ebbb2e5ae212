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
text { fill: var(--fg); font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 15px; }
.m { fill: var(--muted); font-size: 13px; }
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
    .replace(/\^(\w)/g, '<tspan baseline-shift="super" style="font-size:70%">$1</tspan>')
    .replace(/_\{(\w+)\}/g, '<tspan baseline-shift="sub" style="font-size:75%">$1</tspan>');

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
        this.text(x + w / 2, y + h / 2 + (i - (lines.length - 1) / 2) * 18, l, { cls: tcls }),
      );
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
      padding: "padding mask (length 3 of 6)",
      queries: "queries",
      keys: "keys",
      allowed: "may attend",
      masked: "masked: −∞ added before the softmax",
    },
    "zh-Hans": {
      title: "因果掩码与填充掩码",
      causal: "因果掩码（解码器）",
      padding: "填充掩码（6 个位置中 3 个有效）",
      queries: "查询",
      keys: "键",
      allowed: "可以关注",
      masked: "被掩盖：softmax 之前加上 −∞",
    },
  },
  cross: {
    en: {
      title: "Encoder–decoder cross-attention",
      src: "source tokens",
      tgt: "target tokens so far",
      enc: "encoder blocks\n(self-attention, no mask)",
      memory: "memory [S, d_model]",
      selfAttn: "causal self-attention",
      cross: "cross-attention",
      ffn: "feed-forward",
      next: "next target token",
      kv: "keys and values",
      q: "queries",
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
    },
  },
  block: {
    en: {
      title: "A pre-LN and a post-LN transformer block",
      pre: "pre-LN (GPT-2; this library)",
      post: "post-LN (Vaswani et al. 2017)",
      ln: "LayerNorm",
      attn: "multi-head attention",
      ffn: "feed-forward",
      stream: "residual stream",
      x: "x",
      out: "output",
    },
    "zh-Hans": {
      title: "前置 LN 与后置 LN 的 Transformer 块",
      pre: "前置 LN（GPT-2；本库）",
      post: "后置 LN（Vaswani 等，2017）",
      ln: "层归一化",
      attn: "多头注意力",
      ffn: "前馈层",
      stream: "残差流",
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
    const W = 760;
    const H = 360;
    c.text(W / 2, 22, t.title, { cls: "b" });
    // query
    c.box(20, 145, 70, 44, "q", "q", "tq b");
    c.text(55, 205, t.query, { cls: "m" });
    const rows = [0, 1, 2, 3];
    const y0 = 60;
    const dy = 58;
    const weight = [0.07, 0.13, 0.72, 0.08]; // drawn bar lengths: a picture, not a result
    c.text(185, 44, t.keys, { cls: "m" });
    c.text(300, 44, t.scores, { cls: "m" });
    c.text(445, 44, t.weights, { cls: "m" });
    c.text(590, 44, t.values, { cls: "m" });
    for (const i of rows) {
      const y = y0 + i * dy;
      c.path(
        [
          [90, 167],
          [120, 167],
          [120, y + 20],
          [150, y + 20],
        ],
        "ln",
        true,
      );
      c.box(150, y, 70, 40, `k${"₁₂₃₄"[i]}`, "k", "tk b");
      c.arrow(220, y + 20, 255, y + 20);
      c.text(300, y + 20, `q·k${"₁₂₃₄"[i]}`, { cls: "mono" });
      c.arrow(345, y + 20, 380, y + 20);
      c.rect(385, y + 8, 120 * weight[i], 24, "bar", 3);
      c.text(390 + 120 * weight[i] + 22, y + 20, `α${"₁₂₃₄"[i]}`, { cls: "ta" });
      c.text(535, y + 20, "×", { cls: "m" });
      c.box(555, y, 70, 40, `v${"₁₂₃₄"[i]}`, "v", "tv b");
      c.path(
        [
          [625, y + 20],
          [650, y + 20],
          [650, 167],
          [672, 167],
        ],
        "ln",
        i === 2,
      );
    }
    c.text(390, y0 + 4 * dy + 4, `${t.softmax}: ${t.scores} → ${t.weights}`, { cls: "m" });
    c.box(672, 140, 76, 54, "Σ αᵢvᵢ", "a", "ta b");
    c.text(710, 212, t.out, { cls: "m" });
    c.text(W / 2, H - 36, t.matchNote, { cls: "m" });
    c.text(W / 2, H - 14, `${t.out} = ${t.outNote}`, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  "qkv-projections": (t) => {
    const c = canvas();
    const W = 760;
    const H = 300;
    c.text(W / 2, 22, t.title, { cls: "b" });
    c.box(14, 115, 96, 60, t.x, "box", "b");
    c.text(62, 190, t.xShape, { cls: "m mono" });
    const ys = [60, 125, 190];
    const names = [
      ["W^Q", "Q", "q", "tq"],
      ["W^K", "K", "k", "tk"],
      ["W^V", "V", "v", "tv"],
    ];
    for (const [i, y] of ys.entries()) {
      const [w, o, cls, tcls] = names[i];
      c.path([
        [110, 145],
        [140, 145],
        [140, y + 20],
        [175, y + 20],
      ]);
      c.box(175, y, 80, 40, w, "box", "mono");
      c.arrow(255, y + 20, 300, y + 20);
      c.box(300, y, 60, 40, o, cls, `${tcls} b`);
      c.path(
        [
          [360, y + 20],
          [390, y + 20],
          [390, 145],
          [420, 145],
        ],
        "ln",
        i === 1,
      );
    }
    c.text(215, 250, t.proj, { cls: "m" });
    c.box(420, 115, 170, 60, `${t.attn}\nsoftmax(QKᵀ/√d_k) V`, "a", "");
    c.arrow(590, 145, 620, 145);
    c.box(620, 125, 60, 40, "W^O", "box", "mono");
    c.arrow(680, 145, 700, 145);
    c.text(728, 145, t.out, { cls: "m" });
    c.text(W / 2, H - 14, t.self, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  "heads-split-merge": (t) => {
    const c = canvas();
    const W = 760;
    const H = 380;
    c.text(W / 2, 22, t.title, { cls: "b" });
    const cls = ["q", "k", "v", "a"];
    const tcls = ["tq", "tk", "tv", "ta"];
    // the [T, d_model] matrix, four column strips
    const mx = 240;
    for (let h = 0; h < 4; h++) c.rect(mx + h * 70, 50, 70, 60, cls[h], 0);
    c.text(mx - 12, 80, "[T, d_model]", { anchor: "end", cls: "mono" });
    c.text(mx + 292, 80, t.split, { cls: "m", anchor: "start" });
    // heads
    for (let h = 0; h < 4; h++) {
      const x = 40 + h * 180;
      c.arrow(mx + h * 70 + 35, 112, x + 65, 148);
      c.box(x, 150, 130, 40, `${t.head} ${h + 1}  [T, d_k]`, cls[h], tcls[h]);
      c.arrow(x + 65, 190, x + 65, 210);
      c.box(x, 210, 130, 34, t.attn, "box", "");
      c.arrow(x + 65, 244, mx + h * 70 + 35, 278);
    }
    for (let h = 0; h < 4; h++) c.rect(mx + h * 70, 280, 70, 40, cls[h], 0);
    c.text(mx - 12, 300, "[T, d_model]", { anchor: "end", cls: "mono" });
    c.arrow(mx + 280, 300, mx + 310, 300);
    c.box(mx + 310, 282, 56, 36, "W^O", "box", "mono");
    c.text(mx + 140, 336, `${t.merge} · d_model = h · d_k`, { cls: "m" });
    c.text(W / 2, H - 12, t.note, { cls: "m" });
    return svg(W, H, t.title, c);
  },

  masks: (t) => {
    const c = canvas();
    const W = 760;
    const H = 360;
    const n = 6;
    const s = 30;
    c.text(W / 2, 22, t.title, { cls: "b" });
    const grid = (x0, y0, allowed, title, colLabels) => {
      c.text(x0 + (n * s) / 2, y0 - 40, title, { cls: "b" });
      c.text(x0 + (n * s) / 2, y0 - 18, `${t.keys} →`, { cls: "m" });
      c.text(x0 - 40, y0 + (n * s) / 2, `${t.queries} ↓`, { cls: "m", anchor: "end" });
      for (let i = 0; i < n; i++) {
        c.text(x0 - 14, y0 + i * s + s / 2, String(i + 1), { cls: "m" });
        c.text(x0 + i * s + s / 2, y0 + n * s + 14, colLabels[i], { cls: "m", size: 11 });
        for (let j = 0; j < n; j++)
          c.rect(x0 + j * s + 1, y0 + i * s + 1, s - 2, s - 2, allowed(i, j) ? "on" : "offc", 3);
      }
    };
    const nums = ["1", "2", "3", "4", "5", "6"];
    grid(150, 90, (i, j) => j <= i, t.causal, nums);
    grid(500, 90, (_i, j) => j < 3, t.padding, ["1", "2", "3", "PAD", "PAD", "PAD"]);
    c.rect(170, 322, 18, 18, "on", 3);
    c.text(196, 331, t.allowed, { anchor: "start" });
    c.rect(360, 322, 18, 18, "offc", 3);
    c.text(386, 331, t.masked, { anchor: "start" });
    return svg(W, H, t.title, c);
  },

  "cross-attention": (t) => {
    const c = canvas();
    const W = 760;
    const H = 400;
    c.text(W / 2, 22, t.title, { cls: "b" });
    // encoder column
    c.box(40, 330, 220, 40, t.src, "box", "");
    c.arrow(150, 330, 150, 290);
    c.box(40, 220, 220, 70, t.enc, "box", "");
    c.arrow(150, 220, 150, 190);
    c.box(40, 150, 220, 40, t.memory, "k", "tk");
    // decoder column
    const dx = 440;
    c.box(dx, 330, 260, 40, t.tgt, "box", "");
    c.arrow(dx + 130, 330, dx + 130, 300);
    c.box(dx, 260, 260, 40, t.selfAttn, "box", "");
    c.arrow(dx + 130, 260, dx + 130, 220);
    c.text(dx + 140, 240, t.q, { cls: "tq", anchor: "start" });
    c.box(dx, 180, 260, 40, t.cross, "a", "ta b");
    c.arrow(dx + 130, 180, dx + 130, 150);
    c.box(dx, 110, 260, 40, t.ffn, "box", "");
    c.arrow(dx + 130, 110, dx + 130, 80);
    c.box(dx, 40, 260, 40, t.next, "box", "");
    c.path([
      [260, 170],
      [350, 170],
      [350, 200],
      [dx, 200],
    ]);
    c.text(350, 150, t.kv, { cls: "tk" });
    return svg(W, H, t.title, c);
  },

  "transformer-block": (t) => {
    const c = canvas();
    const W = 760;
    const H = 420;
    c.text(W / 2, 22, t.title, { cls: "b" });
    // One column, drawn bottom-up along the residual stream at x = sx. A "branch" leaves the stream,
    // runs through its boxes and is added back (⊕); an "on" box sits on the stream itself.
    const col = (x0, title, steps) => {
      const sx = x0 + 40;
      const cx = x0 + 200;
      c.text(x0 + 170, 44, title, { cls: "b" });
      let cur = 382;
      c.text(sx, 398, t.x, { cls: "b mono" });
      for (const step of steps) {
        if (step.on) {
          c.arrow(sx, cur, sx, cur - 16);
          c.box(sx - 30, cur - 48, 150, 32, step.on, "box", "");
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
          c.box(cx - 90, y - 32, 180, 32, label, cls, "");
          y -= 32;
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
      c.text(sx, cur - 34, t.out, { cls: "m" });
    };
    const ln = [t.ln, "box"];
    col(10, t.pre, [{ branch: [ln, [t.attn, "q"]] }, { branch: [ln, [t.ffn, "v"]] }]);
    col(400, t.post, [{ branch: [[t.attn, "q"]] }, { on: t.ln }, { branch: [[t.ffn, "v"]] }, { on: t.ln }]);
    c.raw(
      `<text x="28" y="230" text-anchor="middle" dominant-baseline="middle" class="m" transform="rotate(-90 28 230)">${esc(t.stream)}</text>`,
    );
    return svg(W, H, t.title, c);
  },

  "kv-cache": (t) => {
    const c = canvas();
    const W = 760;
    const H = 384;
    c.text(W / 2, 22, t.title, { cls: "b" });
    c.text(W / 2, 46, t.step, { cls: "m" });
    const n = 5; // rows drawn: t−1 cached + 1 new
    const s = 28;
    const y0 = 90;
    const mat = (x0, label, cls, tcls) => {
      c.text(x0 + 55, y0 - 16, label, { cls: `b ${tcls}` });
      for (let i = 0; i < n; i++) c.rect(x0, y0 + i * s, 110, s - 4, i < n - 1 ? "box" : cls, 3);
    };
    const kx = 300;
    const vx = 440;
    mat(kx, t.keys, "k", "tk");
    mat(vx, t.values, "v", "tv");
    const yNew = y0 + (n - 1) * s + 12; // centre of the new row
    c.text(570, y0 + 1.5 * s, t.cached, { anchor: "start", cls: "m" });
    c.text(570, yNew, t.fresh, { anchor: "start", cls: "m" });
    c.box(30, yNew - 20, 120, 40, t.newTok, "box", "");
    c.arrow(150, yNew, kx, yNew);
    c.text(225, yNew - 12, "k_{t}", { cls: "mono tk" });
    c.path([
      [90, yNew + 20],
      [90, yNew + 44],
      [vx + 55, yNew + 44],
      [vx + 55, yNew + 14],
    ]);
    c.text(225, yNew + 56, "v_{t}", { cls: "mono tv" });
    c.path([
      [90, yNew - 20],
      [90, y0 + 12],
      [150, y0 + 12],
    ]);
    c.box(150, y0 - 6, 60, 36, "q_{t}", "q", "tq b mono");
    c.arrow(210, y0 + 12, kx, y0 + 12);
    c.text(W / 2, y0 + n * s + 70, t.attn, { cls: "ta" });
    c.text(W / 2, H - 44, t.without, { cls: "m" });
    c.text(W / 2, H - 16, t.with, { cls: "b" });
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
