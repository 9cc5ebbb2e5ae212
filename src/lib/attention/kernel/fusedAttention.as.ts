// Fused scaled-dot-product attention for WebAssembly SIMD, in AssemblyScript (a TypeScript-like
// language compiled to wasm). `npm run build:kernel` compiles it into fusedAttentionWasm.ts;
// fusedAttentionKernel.ts runs it on the tfjs wasm backend's own memory (no copies).
//
// Every pointer is a byte address in that memory; every matrix is float32, row-major.
// Per slice n of N (a batch·head), with q already scaled by 1/√d_k:
//   forward:  S = q·kᵀ (+ bias);  P = softmax(S);  O = P·v                         (P is kept)
//   backward: dS = P ⊙ (dO·vᵀ − rowsum(dO ⊙ O));  dq = dS·k;  dk = dSᵀ·q;  dv = Pᵀ·dO
// Queries are taken in blocks of ROWS, so a block's scores stay in cache between the products
// and the softmax, and no [T_q, T_k] matrix is ever transposed: every product is C = A·B with B
// read row by row and A read one element at a time (broadcast), at any strides, so Aᵀ is free.

/** Query rows per block. */
const ROWS: i32 = 64;
/** Below this many queries, scores are dot products of rows (gemmNT) instead of a product with kᵀ. */
const FEW_QUERIES: i32 = 4;

@inline function adr(base: usize, i: i32): usize {
  return base + ((<usize>i) << 2);
}

// ---------------------------------------------------------------- products

/** C[4×8] (+)= A[4×K]·B[K×8]: 8 accumulators of 4 lanes, A broadcast one element at a time. */
@inline function tile4x8(K: i32, a: usize, ars: i32, acs: i32, b: usize, ldb: i32, c: usize, ldc: i32, acc: bool): void {
  const a1 = adr(a, ars), a2 = adr(a1, ars), a3 = adr(a2, ars);
  const sa = (<usize>acs) << 2, sb = (<usize>ldb) << 2, sc = (<usize>ldc) << 2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let o: usize = 0;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let x = v128.load32_splat(a + o);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1 + o);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2 + o);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3 + o);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    o += sa;
    b += sb;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + sc)); c11 = f32x4.add(c11, v128.load(c + sc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * sc)); c21 = f32x4.add(c21, v128.load(c + 2 * sc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * sc)); c31 = f32x4.add(c31, v128.load(c + 3 * sc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + sc, c10); v128.store(c + sc, c11, 16);
  v128.store(c + 2 * sc, c20); v128.store(c + 2 * sc, c21, 16);
  v128.store(c + 3 * sc, c30); v128.store(c + 3 * sc, c31, 16);
}

/** C[1×16] (+)= A[1×K]·B[K×16]: rows left over below a multiple of 4 (one query when decoding). */
@inline function tile1x16(K: i32, a: usize, acs: i32, b: usize, ldb: i32, c: usize, acc: bool): void {
  const sa = (<usize>acs) << 2, sb = (<usize>ldb) << 2;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let k = 0; k < K; k++) {
    const x = v128.load32_splat(a);
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b)));
    s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b, 16)));
    s2 = f32x4.add(s2, f32x4.mul(x, v128.load(b, 32)));
    s3 = f32x4.add(s3, f32x4.mul(x, v128.load(b, 48)));
    a += sa;
    b += sb;
  }
  if (acc) {
    s0 = f32x4.add(s0, v128.load(c)); s1 = f32x4.add(s1, v128.load(c, 16));
    s2 = f32x4.add(s2, v128.load(c, 32)); s3 = f32x4.add(s3, v128.load(c, 48));
  }
  v128.store(c, s0); v128.store(c, s1, 16); v128.store(c, s2, 32); v128.store(c, s3, 48);
}

/** C[1×4] (+)= A[1×K]·B[K×4]. */
@inline function tile1x4(K: i32, a: usize, acs: i32, b: usize, ldb: i32, c: usize, acc: bool): void {
  const sa = (<usize>acs) << 2, sb = (<usize>ldb) << 2;
  let s = f32x4.splat(0);
  for (let k = 0; k < K; k++) {
    s = f32x4.add(s, f32x4.mul(v128.load32_splat(a), v128.load(b)));
    a += sa;
    b += sb;
  }
  v128.store(c, acc ? f32x4.add(s, v128.load(c)) : s);
}

/** C[1×1] (+)= A[1×K]·B[K×1]. */
@inline function dot1(K: i32, a: usize, acs: i32, b: usize, ldb: i32, c: usize, acc: bool): void {
  const sa = (<usize>acs) << 2, sb = (<usize>ldb) << 2;
  let s: f32 = 0;
  for (let k = 0; k < K; k++) {
    s += load<f32>(a) * load<f32>(b);
    a += sa;
    b += sb;
  }
  store<f32>(c, acc ? s + load<f32>(c) : s);
}

/**
 * C[M×N] = A·B, or C += A·B when acc. Element (i, k) of A is at a + 4·(i·ars + k·acs) (so
 * ars = 1, acs = rows reads a stored matrix transposed); B is [K×N] with row stride ldb; C has
 * row stride ldc.
 */
function gemm(M: i32, N: i32, K: i32, a: usize, ars: i32, acs: i32, b: usize, ldb: i32, c: usize, ldc: i32, acc: bool): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const ai = adr(a, i * ars), ci = adr(c, i * ldc);
    let j = 0;
    for (; j + 8 <= N; j += 8) tile4x8(K, ai, ars, acs, adr(b, j), ldb, adr(ci, j), ldc, acc);
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) dot1(K, adr(ai, r * ars), acs, adr(b, j), ldb, adr(ci, r * ldc + j), acc);
    }
  }
  for (; i < M; i++) {
    const ai = adr(a, i * ars), ci = adr(c, i * ldc);
    let j = 0;
    for (; j + 16 <= N; j += 16) tile1x16(K, ai, acs, adr(b, j), ldb, adr(ci, j), acc);
    for (; j + 4 <= N; j += 4) tile1x4(K, ai, acs, adr(b, j), ldb, adr(ci, j), acc);
    for (; j < N; j++) dot1(K, ai, acs, adr(b, j), ldb, adr(ci, j), acc);
  }
}

/** dst[cols×rows] = srcᵀ for src [rows×cols]: 4×4 blocks by lane shuffles, the edges one by one. */
function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const R = rows & ~3, C = cols & ~3;
  for (let i = 0; i < R; i += 4) {
    for (let j = 0; j < C; j += 4) {
      const r0 = v128.load(adr(src, i * cols + j)), r1 = v128.load(adr(src, (i + 1) * cols + j));
      const r2 = v128.load(adr(src, (i + 2) * cols + j)), r3 = v128.load(adr(src, (i + 3) * cols + j));
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      v128.store(adr(dst, j * rows + i), i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(adr(dst, (j + 1) * rows + i), i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(adr(dst, (j + 2) * rows + i), i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(adr(dst, (j + 3) * rows + i), i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
  for (let i = 0; i < rows; i++) {
    for (let j = i < R ? C : 0; j < cols; j++) store<f32>(adr(dst, j * rows + i), load<f32>(adr(src, i * cols + j)));
  }
}

/**
 * S[M×N] = A·Bᵀ for A [M×K] and B [N×K], both row-major: dot products of rows, 4 at a time, with
 * no transpose. For a few queries (decoding), where transposing the keys would cost as much as
 * the product itself.
 */
function gemmNT(M: i32, N: i32, K: i32, a: usize, b: usize, c: usize, ldc: i32): void {
  const K4 = K & ~3;
  for (let i = 0; i < M; i++) {
    const ai = adr(a, i * K), ci = adr(c, i * ldc);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = adr(b, j * K), b1 = adr(b0, K), b2 = adr(b1, K), b3 = adr(b2, K);
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let k = 0; k < K4; k += 4) {
        const x = v128.load(adr(ai, k));
        s0 = f32x4.add(s0, f32x4.mul(x, v128.load(adr(b0, k))));
        s1 = f32x4.add(s1, f32x4.mul(x, v128.load(adr(b1, k))));
        s2 = f32x4.add(s2, f32x4.mul(x, v128.load(adr(b2, k))));
        s3 = f32x4.add(s3, f32x4.mul(x, v128.load(adr(b3, k))));
      }
      // Lane sums of s0…s3 as one vector [Σs0, Σs1, Σs2, Σs3].
      const u = f32x4.add(i32x4.shuffle(s0, s1, 0, 4, 1, 5), i32x4.shuffle(s0, s1, 2, 6, 3, 7));
      const w = f32x4.add(i32x4.shuffle(s2, s3, 0, 4, 1, 5), i32x4.shuffle(s2, s3, 2, 6, 3, 7));
      let sum = f32x4.add(i32x4.shuffle(u, w, 0, 1, 4, 5), i32x4.shuffle(u, w, 2, 3, 6, 7));
      for (let k = K4; k < K; k++) {
        const x = f32x4.splat(load<f32>(adr(ai, k)));
        const col = f32x4(0, 0, 0, 0);
        let y = f32x4.replace_lane(col, 0, load<f32>(adr(b0, k)));
        y = f32x4.replace_lane(y, 1, load<f32>(adr(b1, k)));
        y = f32x4.replace_lane(y, 2, load<f32>(adr(b2, k)));
        y = f32x4.replace_lane(y, 3, load<f32>(adr(b3, k)));
        sum = f32x4.add(sum, f32x4.mul(x, y));
      }
      v128.store(adr(ci, j), sum);
    }
    for (; j < N; j++) dot1(K, ai, 1, adr(b, j * K), 1, adr(ci, j), false);
  }
}

// ---------------------------------------------------------------- softmax

// The constants of exp4, stored in scratch memory by storeExpConstants and broadcast from there:
// V8 (TurboFan, Node 20) rebuilds a v128.const in every loop iteration with several instructions.
const EXP_CONSTANTS: i32 = 10;

/** exp4's constants, as in XNNPACK's f32 "rr2-p5" exp kernels. */
function storeExpConstants(c: usize): void {
  store<f32>(c, -87.33654, 0); // below this e^x underflows float32: the result is 0
  store<f32>(c, 1.44269502162933350, 4); // log2(e)
  store<f32>(c, 12583039.0, 8); // 1.5·2²³ + 127: adding it rounds to an integer, with n + 127 in the low bits
  store<f32>(c, -0.693145751953125, 12); // −ln 2, high part (n times it is exact)
  store<f32>(c, -1.428606765330187e-6, 16); // −ln 2, low part
  store<f32>(c, 8.289290592074394e-3, 20); // c5 … c1 of the polynomial, highest power first
  store<f32>(c, 4.189782217144966e-2, 24);
  store<f32>(c, 1.6667652130126953e-1, 28);
  store<f32>(c, 4.999915063381195e-1, 32);
  store<f32>(c, 9.999997019767761e-1, 36);
}

/**
 * e^x for each lane, x ≤ 0 (scores minus their row's max): x = n·ln2 + t with |t| ≤ ln2/2,
 * e^x = 2^n·(1 + t·p(t)), p of degree 4, 2^n from n's bits (XNNPACK's rr2-p5); relative error
 * about 2e-7 (test/attention/fusedAttentionKernel.test.ts checks softmax weights to 1e-6). Lanes below the underflow limit give 0;
 * NaN stays NaN. c: the constants (storeExpConstants).
 */
@inline function exp4(x: v128, c: usize): v128 {
  const lo = v128.load32_splat(c);
  const magic = v128.load32_splat(c, 8);
  let n = f32x4.add(f32x4.mul(f32x4.pmax(x, lo), v128.load32_splat(c, 4)), magic);
  const s = i32x4.shl(n, 23); // 2^n
  n = f32x4.sub(n, magic);
  let t = f32x4.add(f32x4.mul(n, v128.load32_splat(c, 12)), x);
  t = f32x4.add(f32x4.mul(n, v128.load32_splat(c, 16)), t);
  let p = v128.load32_splat(c, 20);
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(c, 24));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(c, 28));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(c, 32));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(c, 36));
  const y = f32x4.add(f32x4.mul(f32x4.mul(t, s), p), s);
  return v128.andnot(y, f32x4.lt(x, lo));
}

/** row[0..n) ← softmax(row + bias) in place; bias(j) at bias + 4·j·bsk (bsk = 0 broadcasts); c: exp4's constants. */
function softmaxRow(row: usize, n: i32, bias: usize, bsk: i32, hasBias: bool, c: usize): void {
  let j = 0;
  if (hasBias) {
    if (bsk == 1) {
      for (; j + 4 <= n; j += 4) v128.store(adr(row, j), f32x4.add(v128.load(adr(row, j)), v128.load(adr(bias, j))));
    }
    for (; j < n; j++) store<f32>(adr(row, j), load<f32>(adr(row, j)) + load<f32>(adr(bias, j * bsk)));
  }
  let m4 = f32x4.splat(-Infinity);
  let m: f32 = -Infinity;
  for (j = 0; j + 4 <= n; j += 4) m4 = f32x4.pmax(m4, v128.load(adr(row, j)));
  for (; j < n; j++) m = max(m, load<f32>(adr(row, j)));
  m = max(max(max(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)), max(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3))), m);
  const mv = f32x4.splat(m);
  let s4 = f32x4.splat(0);
  let s: f32 = 0;
  let t4 = f32x4.splat(0);
  for (j = 0; j + 8 <= n; j += 8) {
    // two independent chains per iteration: exp4's polynomial is one long dependency chain
    const e0 = exp4(f32x4.sub(v128.load(adr(row, j)), mv), c);
    const e1 = exp4(f32x4.sub(v128.load(adr(row, j), 16), mv), c);
    v128.store(adr(row, j), e0);
    v128.store(adr(row, j), e1, 16);
    s4 = f32x4.add(s4, e0);
    t4 = f32x4.add(t4, e1);
  }
  s4 = f32x4.add(s4, t4);
  for (; j + 4 <= n; j += 4) {
    const e = exp4(f32x4.sub(v128.load(adr(row, j)), mv), c);
    v128.store(adr(row, j), e);
    s4 = f32x4.add(s4, e);
  }
  for (; j < n; j++) {
    const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(adr(row, j)) - m), c), 0);
    store<f32>(adr(row, j), e);
    s += e;
  }
  s += f32x4.extract_lane(s4, 0) + f32x4.extract_lane(s4, 1) + f32x4.extract_lane(s4, 2) + f32x4.extract_lane(s4, 3);
  const inv = f32x4.splat(<f32>1 / s);
  for (j = 0; j + 4 <= n; j += 4) v128.store(adr(row, j), f32x4.mul(v128.load(adr(row, j)), inv));
  for (; j < n; j++) store<f32>(adr(row, j), load<f32>(adr(row, j)) * f32x4.extract_lane(inv, 0));
}

// ---------------------------------------------------------------- attention

/** Scratch floats forward/backward need (fusedAttentionKernel.ts allocates them per call). */
export function scratchFloats(Tq: i32, Tk: i32, dk: i32, dv: i32): i32 {
  return max(dk, dv) * Tk + min(ROWS, Tq) * Tk + EXP_CONSTANTS;
}

/**
 * q [N, Tq, dk] (scaled), k [N, Tk, dk], v [N, Tk, dv] → p [N, Tq, Tk], out [N, Tq, dv].
 * Bias element (n, i, j) at bias + 4·(n·bsn + i·bsq + j·bsk) when hasBias.
 */
export function forward(
  N: i32, Tq: i32, Tk: i32, dk: i32, dv: i32,
  q: usize, k: usize, v: usize,
  bias: usize, bsn: i32, bsq: i32, bsk: i32, hasBias: bool,
  p: usize, out: usize, scratch: usize,
): void {
  const kT = scratch; // [dk, Tk]
  const c = adr(scratch, dk * Tk); // exp4's constants
  storeExpConstants(c);
  const few = Tq < FEW_QUERIES;
  for (let n = 0; n < N; n++) {
    const qn = adr(q, n * Tq * dk), kn = adr(k, n * Tk * dk), vn = adr(v, n * Tk * dv);
    const pn = adr(p, n * Tq * Tk), on = adr(out, n * Tq * dv), bn = adr(bias, n * bsn);
    if (!few) transpose(kn, Tk, dk, kT);
    for (let i0 = 0; i0 < Tq; i0 += ROWS) {
      const rows = min(ROWS, Tq - i0);
      const pb = adr(pn, i0 * Tk); // the block's scores, then weights: [rows, Tk]
      if (few) gemmNT(rows, Tk, dk, adr(qn, i0 * dk), kn, pb, Tk);
      else gemm(rows, Tk, dk, adr(qn, i0 * dk), dk, 1, kT, Tk, pb, Tk, false);
      for (let i = 0; i < rows; i++) softmaxRow(adr(pb, i * Tk), Tk, adr(bn, (i0 + i) * bsq), bsk, hasBias, c);
      gemm(rows, dv, Tk, pb, Tk, 1, vn, dv, adr(on, i0 * dv), dv, false);
    }
  }
}

/** Gradients of forward w.r.t. q, k, v (the bias gets none) from dO [N, Tq, dv]. */
export function backward(
  N: i32, Tq: i32, Tk: i32, dk: i32, dv: i32,
  q: usize, k: usize, v: usize, p: usize, out: usize, dO: usize,
  dq: usize, dkOut: usize, dvOut: usize, scratch: usize,
): void {
  const vT = scratch; // [dv, Tk]
  const ds = adr(scratch, max(dk, dv) * Tk); // [ROWS, Tk]
  for (let n = 0; n < N; n++) {
    const qn = adr(q, n * Tq * dk), kn = adr(k, n * Tk * dk), vn = adr(v, n * Tk * dv);
    const pn = adr(p, n * Tq * Tk), on = adr(out, n * Tq * dv), gn = adr(dO, n * Tq * dv);
    const dqn = adr(dq, n * Tq * dk), dkn = adr(dkOut, n * Tk * dk), dvn = adr(dvOut, n * Tk * dv);
    transpose(vn, Tk, dv, vT);
    for (let i0 = 0; i0 < Tq; i0 += ROWS) {
      const rows = min(ROWS, Tq - i0);
      const pb = adr(pn, i0 * Tk), gb = adr(gn, i0 * dv), ob = adr(on, i0 * dv), qb = adr(qn, i0 * dk);
      gemm(rows, Tk, dv, gb, dv, 1, vT, Tk, ds, Tk, false); // dP = dO·vᵀ
      for (let i = 0; i < rows; i++) {
        let s: f32 = 0; // Σ_j P_ij·dP_ij = dO_i · O_i
        for (let c = 0; c < dv; c++) s += load<f32>(adr(gb, i * dv + c)) * load<f32>(adr(ob, i * dv + c));
        const d = f32x4.splat(s);
        const dr = adr(ds, i * Tk), pr = adr(pb, i * Tk);
        let j = 0;
        for (; j + 4 <= Tk; j += 4) {
          v128.store(adr(dr, j), f32x4.mul(v128.load(adr(pr, j)), f32x4.sub(v128.load(adr(dr, j)), d)));
        }
        for (; j < Tk; j++) {
          store<f32>(adr(dr, j), load<f32>(adr(pr, j)) * (load<f32>(adr(dr, j)) - f32x4.extract_lane(d, 0)));
        }
      }
      const acc = i0 > 0;
      gemm(rows, dk, Tk, ds, Tk, 1, kn, dk, adr(dqn, i0 * dk), dk, false); // dq = dS·k
      gemm(Tk, dk, rows, ds, 1, Tk, qb, dk, dkn, dk, acc); // dk += dSᵀ·q
      gemm(Tk, dv, rows, pb, 1, Tk, gb, dv, dvn, dv, acc); // dv += Pᵀ·dO
    }
  }
}
