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
