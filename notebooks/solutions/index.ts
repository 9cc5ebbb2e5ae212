// Model solutions to the workshop exercises. Notebooks import them with
// `import { softmax } from "./solutions"` (tslab resolves files under the notebook's folder).

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
