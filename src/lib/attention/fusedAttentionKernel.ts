/**
 * Attention as one WebAssembly SIMD kernel (kernel/fusedAttention.as.ts) running on the tfjs wasm
 * backend's own memory: the inputs are read where the backend keeps them and the outputs are
 * written into tensors it allocated, so nothing is copied between JS and wasm.
 *
 * Why a kernel of our own: through tfjs every product is a separate XNNPACK call that packs its
 * right operand first, the softmax is another pass over [N, T_q, T_k], and the backward pass
 * needs transposes. The kernel takes the queries of a slice in blocks whose scores stay in
 * cache from the product through the softmax to the next product, and its one product routine
 * reads the left operand at any strides, so Pᵀ and dSᵀ are never formed.
 *
 * Available where the backend is "wasm", the kernel compiles (WebAssembly SIMD: every current
 * browser and Node ≥ 16) and the backend's memory is an ordinary (not shared) WebAssembly.Memory.
 * Elsewhere fusedAttentionKernel() is undefined and slicedAttention uses tfjs products instead.
 * In a browser a synchronous compile or instantiation may be refused on the main thread: then
 * the call starts the asynchronous one and the tfjs path runs until it is done
 * (prepareFusedAttention starts the compile early).
 */
import * as tf from "@tensorflow/tfjs-core";
import { FUSED_ATTENTION_WASM } from "./kernel/fusedAttentionWasm";

/** The parts of tfjs-backend-wasm's BackendWasm used here (what its own kernels use). */
interface WasmBackendInternals {
  wasm: { asm?: { memory?: unknown }; wasmMemory?: unknown };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** An exported kernel function (arguments: sizes, strides and byte addresses in the backend's memory). */
type Fn = (...args: number[]) => number | void;

/** A loaded kernel bound to one backend. */
export interface FusedAttentionKernel {
  backend: WasmBackendInternals;
  scratchFloats: Fn;
  forward: Fn;
  backward: Fn;
}

let compiled: WebAssembly.Module | undefined;
let compiling: Promise<void> | undefined;
let failed: unknown;
/** Per backend memory: the kernel, or null where it cannot be instantiated. */
const instances = new WeakMap<object, FusedAttentionKernel | null>();
const instantiating = new WeakSet<object>();

const bytes = () => Uint8Array.from(atob(FUSED_ATTENTION_WASM), (c) => c.charCodeAt(0));

/** The backend's internals and memory when the active backend is a complete wasm backend. */
function wasmBackend(): { backend: WasmBackendInternals; memory: WebAssembly.Memory } | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const backend = tf.backend() as unknown as Partial<WasmBackendInternals>;
  const memory = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  if (
    !(memory instanceof WebAssembly.Memory) ||
    typeof backend.dataIdMap?.get !== "function" ||
    typeof backend.makeOutput !== "function"
  )
    return undefined;
  return { backend: backend as WasmBackendInternals, memory };
}

/** Compiles the kernel once: synchronously where allowed, else in the background. */
function compiledModule(): WebAssembly.Module | undefined {
  if (compiled || failed !== undefined) return compiled;
  try {
    compiled = new WebAssembly.Module(bytes());
  } catch {
    void prepareFusedAttention(); // e.g. a browser's main thread refuses large synchronous compiles
  }
  return compiled;
}

/**
 * Compiles the kernel in the background (call it after choosing the wasm backend in a browser).
 * Resolves when done; a failure (no WebAssembly SIMD) leaves the tfjs path in use, silently.
 */
export function prepareFusedAttention(): Promise<void> {
  compiling ??= WebAssembly.compile(bytes()).then(
    (m) => void (compiled = m),
    (e: unknown) => void (failed = e ?? "failed"),
  );
  return compiling;
}

/** The kernel for the active backend, or undefined where it cannot run (see the file comment). */
export function fusedAttentionKernel(): FusedAttentionKernel | undefined {
  const found = wasmBackend();
  if (!found) return undefined;
  const known = instances.get(found.memory);
  if (known !== undefined) return known ?? undefined;
  const module = compiledModule();
  if (!module) return undefined;
  const imports = { env: { memory: found.memory } };
  const bind = (instance: WebAssembly.Instance): FusedAttentionKernel => ({
    backend: found.backend,
    ...(instance.exports as unknown as Omit<FusedAttentionKernel, "backend">),
  });
  try {
    const kernel = bind(new WebAssembly.Instance(module, imports));
    instances.set(found.memory, kernel);
    return kernel;
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) {
      instances.set(found.memory, null); // e.g. a shared memory (the threaded backend): never
      return undefined;
    }
    // A browser's main thread may refuse a synchronous instantiation: instantiate in the
    // background (once) and use the tfjs path until it is done.
    if (!instantiating.has(found.memory)) {
      instantiating.add(found.memory);
      WebAssembly.instantiate(module, imports).then(
        (instance) => void instances.set(found.memory, bind(instance)),
        () => void instances.set(found.memory, null),
      );
    }
    return undefined;
  }
}

/**
 * softmax(q·kᵀ + bias)·v per slice, by the kernel: q [N, T_q, d_k] (already scaled by 1/√d_k),
 * k [N, T_k, d_k], v [N, T_k, d_v], bias (a constant, no gradient) [N or 1, 1 or T_q, 1 or T_k]
 * → [N, T_q, d_v]. Differentiable w.r.t. q, k and v. Rows whose keys are all masked come out
 * uniform; the caller multiplies them by zero.
 */
export function kernelAttention(
  kernel: FusedAttentionKernel,
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  bias?: tf.Tensor3D,
): tf.Tensor3D {
  const { backend } = kernel;
  const [N, Tq, dk] = q.shape;
  const [, Tk, dv] = v.shape;
  // The kernel reads memory by these sizes: a wrong shape would read past a tensor.
  const fits = (t: tf.Tensor, dims: number[][]) =>
    t.rank === 3 && t.shape.every((n, i) => dims[i]!.includes(n));
  if (
    !fits(k, [[N], [Tk], [dk]]) ||
    !fits(v, [[N], [Tk], [dv]]) ||
    (bias &&
      !fits(bias, [
        [1, N],
        [1, Tq],
        [1, Tk],
      ]))
  )
    throw new Error(
      `kernelAttention: q [${q.shape}], k [${k.shape}], v [${v.shape}]${bias ? `, bias [${bias.shape}]` : ""} ` +
        "do not match: expected k [N, T_k, d_k], v [N, T_k, d_v], bias [N or 1, T_q or 1, T_k or 1].",
    );
  const at = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  const alloc = (shape: number[]) =>
    tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, "float32")); // uninitialised
  /** Runs fn with a scratch buffer of the kernel's size, freed afterwards. */
  const withScratch = (fn: (scratch: number) => void) => {
    const scratch = alloc([kernel.scratchFloats(Tq, Tk, dk, dv) as number]);
    try {
      fn(at(scratch));
    } finally {
      scratch.dispose();
    }
  };
  const float32 = (t: tf.Tensor) => (t.dtype === "float32" ? t : tf.cast(t, "float32"));
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [q_, k_, v_, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    const p = alloc([N, Tq, Tk]); // P, kept for the gradient
    const out = alloc([N, Tq, dv]) as tf.Tensor3D;
    const b = bias ? float32(bias) : undefined;
    // Bias element (n, i, j) at b + 4·(n·bsn + i·bsq + j·bsk): stride 0 along a broadcast axis.
    const [bN, bQ, bK] = b ? (b.shape as [number, number, number]) : [1, 1, 1];
    withScratch((scratch) =>
      kernel.forward(
        ...[N, Tq, Tk, dk, dv, at(q_), at(k_), at(v_)],
        ...[b ? at(b) : 0, bN === 1 ? 0 : bQ * bK, bQ === 1 ? 0 : bK, bK === 1 ? 0 : 1, b ? 1 : 0],
        ...[at(p), at(out), scratch],
      ),
    );
    save([q_, k_, v_, p, out]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, sp, so] = saved as tf.Tensor3D[];
        const g = float32(dy);
        const [dq, dkOut, dvOut] = [alloc([N, Tq, dk]), alloc([N, Tk, dk]), alloc([N, Tk, dv])];
        withScratch((scratch) =>
          kernel.backward(
            ...[N, Tq, Tk, dk, dv, at(sq!), at(sk!), at(sv!), at(sp!), at(so!), at(g)],
            ...[at(dq), at(dkOut), at(dvOut), scratch],
          ),
        );
        return [dq, dkOut, dvOut];
      },
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}
