// Model solutions to the workshop exercises, kept apart from the exercises and the checks. Notebooks show
// them in collapsed cells: `import { workshop } from "llm-footprint"` and `workshop.solutions` (tslab only loads compiled packages).

export function softmax(x: number[]): number[] {
  const max = Math.max(...x); // subtracting the max keeps exp() finite
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function attention(Q: number[][], K: number[][], V: number[][]): number[][] {
  const dk = Q[0]!.length;
  return Q.map((q) => {
    const scores = K.map((k) => k.reduce((s, kj, j) => s + kj * q[j]!, 0) / Math.sqrt(dk));
    const w = softmax(scores);
    return V[0]!.map((_, c) => V.reduce((s, v, i) => s + w[i]! * v[c]!, 0));
  });
}

export function causalMask(T: number): boolean[][] {
  return Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => j <= i));
}

export function splitHeads(x: number[][], heads: number): number[][][] {
  const dHead = x[0]!.length / heads;
  return Array.from({ length: heads }, (_, h) => x.map((row) => row.slice(h * dHead, (h + 1) * dHead)));
}

export function mergeHeads(x: number[][][]): number[][] {
  return x[0]!.map((_, t) => x.flatMap((head) => head[t]!));
}

export function co2eGrams(joules: number, gramsPerKWh: number, pue: number): number {
  return ((joules * pue) / 3.6e6) * gramsPerKWh;
}

export function ngramPrecision(hyp: string[], ref: string[], n: number): { matches: number; total: number } {
  const counts = (tokens: string[]) => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(" ");
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    return m;
  };
  const refCounts = counts(ref);
  let matches = 0;
  let total = 0;
  for (const [gram, c] of counts(hyp)) {
    matches += Math.min(c, refCounts.get(gram) ?? 0); // clipped
    total += c;
  }
  return { matches, total };
}

export function topKProbabilities(logits: number[], k: number, temperature: number): number[] {
  // Indices by logit, largest first; a stable sort keeps the lower index first on ties.
  const order = logits.map((_, i) => i).sort((a, b) => logits[b]! - logits[a]!);
  const kept = order.slice(0, Math.min(k, logits.length));
  const max = logits[kept[0]!]! / temperature; // subtracting the max keeps exp() finite
  const weights = kept.map((i) => Math.exp(logits[i]! / temperature - max));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = logits.map(() => 0);
  kept.forEach((i, j) => (out[i] = weights[j]! / sum));
  return out;
}

export function logSumExp(x: number[]): number {
  const max = Math.max(...x); // e^(x − max) ≤ 1: no overflow, and the largest term is exactly 1
  return max + Math.log(x.reduce((s, v) => s + Math.exp(v - max), 0));
}

export function scoreDivisor(sigma: number, dk: number): number {
  return Math.sqrt(dk * sigma ** 4); // the standard deviation of q·k: √(d_k σ⁴) = σ² √d_k
}

export function attentionCrossover(dModel: number, heads: number): number {
  // Per token: projections 8·d² (four d×d products, no bias); attention T·(4·d + 6·h) by the library's
  // conventions (2·d_k per score and per weighted value, 1 to scale and 5 for the softmax, per head).
  return Math.ceil((8 * dModel * dModel) / (4 * dModel + 6 * heads));
}

export function layerNorm(x: number[][], epsilon: number): number[][] {
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    return row.map((v) => (v - mean) / Math.sqrt(variance + epsilon));
  });
}
