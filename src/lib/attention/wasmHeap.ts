/**
 * Cutting and stacking float32 tensors through the wasm heap (no gradients: used inside custom
 * gradients and for constants).
 *
 * On tfjs-backend-wasm (4.22) the Slice kernel, and with it Unpack (tf.unstack, tf.split), first
 * copies the WHOLE input into a fresh JS buffer (readSync), once per call or per output; a fresh
 * buffer of a few hundred KiB cost ~2 ms on our VM (page faults). Measured medians (2-core EPYC):
 * tf.unstack of [32, 128, 32] 78 ms vs split3d 0.12 ms; tf.stack of 32 × [128, 32] 0.19 ms vs
 * join3d 0.035 ms. So on wasm these helpers allocate the outputs in the wasm heap first and fill
 * them with one memcpy per contiguous block from views of the inputs (views taken after the
 * allocations, which may grow and move the heap). On other backends they are the tfjs ops.
 */
import * as tf from "@tensorflow/tfjs-core";

/** The two methods of tfjs-backend-wasm's BackendWasm used here (what its own kernels use). */
interface WasmHeapAccess {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
}

/** The wasm backend's heap access when every tensor is float32 on wasm; otherwise undefined. */
function heapFor(tensors: tf.Tensor[]): WasmHeapAccess | undefined {
  if (tf.getBackend() !== "wasm" || tensors.some((t) => t.dtype !== "float32")) return undefined;
  const backend = tf.backend() as unknown as Partial<WasmHeapAccess>;
  return backend.makeOutput && backend.typedArrayFromHeap ? (backend as WasmHeapAccess) : undefined;
}

const f32 = (heap: WasmHeapAccess, t: tf.TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
const toTensor = <T extends tf.Tensor>(info: tf.TensorInfo) =>
  tf.engine().makeTensorFromTensorInfo(info) as T;

/** Splits x [N, m, n] into N tensors [m, n] (tf.unstack). */
export function split3d(x: tf.Tensor3D): tf.Tensor2D[] {
  const [N, m, n] = x.shape;
  if (N === 1) return [tf.reshape(x, [m, n]) as tf.Tensor2D];
  const heap = heapFor([x]);
  if (!heap) return tf.unstack(x) as tf.Tensor2D[];
  const outs = Array.from({ length: N }, () => heap.makeOutput([m, n], "float32")); // uninitialised
  const src = f32(heap, x); // [N·m·n], a view
  outs.forEach((o, i) => f32(heap, o).set(src.subarray(i * m * n, (i + 1) * m * n)));
  return outs.map((o) => toTensor<tf.Tensor2D>(o));
}

/** Stacks N tensors [m, n] into [N, m, n] (tf.stack): the inverse of split3d. */
export function join3d(xs: tf.Tensor2D[]): tf.Tensor3D {
  const [m, n] = xs[0]!.shape;
  if (xs.length === 1) return tf.reshape(xs[0]!, [1, m, n]) as tf.Tensor3D;
  const heap = heapFor(xs);
  if (!heap) return tf.stack(xs) as tf.Tensor3D;
  const out = heap.makeOutput([xs.length, m, n], "float32");
  const dst = f32(heap, out);
  xs.forEach((x, i) => dst.set(f32(heap, x), i * m * n));
  return toTensor<tf.Tensor3D>(out);
}

/**
 * Swaps the last two dims of x [N, m, n] → [N, n, m] (tf.transpose with perm [0, 2, 1]).
 * On wasm a JS loop over the heap, in 32 × 32 tiles: the backend's Transpose kernel took ~20 ns
 * per element on these shapes (2.5 ms for [32, 128, 32], 19 ms for [32, 128, 128]).
 */
export function transpose3d(x: tf.Tensor3D): tf.Tensor3D {
  const [N, m, n] = x.shape;
  const heap = heapFor([x]);
  if (!heap) return tf.transpose(x, [0, 2, 1]);
  const out = heap.makeOutput([N, n, m], "float32");
  const [src, dst] = [f32(heap, x), f32(heap, out)];
  const B = 32;
  for (let s = 0; s < N; s++) {
    const base = s * m * n;
    for (let i0 = 0; i0 < m; i0 += B) {
      const i1 = Math.min(i0 + B, m);
      for (let j0 = 0; j0 < n; j0 += B) {
        const j1 = Math.min(j0 + B, n);
        for (let i = i0; i < i1; i++) {
          const row = base + i * n;
          for (let j = j0; j < j1; j++) dst[base + j * m + i] = src[row + j]!;
        }
      }
    }
  }
  return toTensor<tf.Tensor3D>(out);
}

/** Rows [start, start + size) of x [..., T, d] → [..., size, d] (tf.slice along axis -2). */
export function sliceRows(x: tf.Tensor, start: number, size: number): tf.Tensor {
  const [T, d] = x.shape.slice(-2) as [number, number];
  const lead = x.shape.slice(0, -2);
  if (start === 0 && size === T) return tf.reshape(x, x.shape); // a new handle on the same data
  const heap = heapFor([x]);
  if (!heap) return tf.slice(x, [...lead.map(() => 0), start, 0], [...lead, size, d]);
  const N = lead.reduce((a, b) => a * b, 1);
  const out = heap.makeOutput([...lead, size, d], "float32");
  const [src, dst] = [f32(heap, x), f32(heap, out)];
  for (let i = 0; i < N; i++) {
    dst.set(src.subarray((i * T + start) * d, (i * T + start + size) * d), i * size * d);
  }
  return toTensor(out);
}

/** Concatenates xs [..., T_j, d] (same leading dims and d) along axis -2 → [..., ΣT_j, d] (tf.concat). */
export function concatRows(xs: tf.Tensor[]): tf.Tensor {
  if (xs.length === 1) return tf.reshape(xs[0]!, xs[0]!.shape);
  const heap = heapFor(xs);
  if (!heap) return tf.concat(xs, -2);
  const lead = xs[0]!.shape.slice(0, -2);
  const d = xs[0]!.shape[xs[0]!.rank - 1]!;
  const rows = xs.map((x) => x.shape[x.rank - 2]!);
  const T = rows.reduce((a, b) => a + b, 0);
  const N = lead.reduce((a, b) => a * b, 1);
  const out = heap.makeOutput([...lead, T, d], "float32");
  const dst = f32(heap, out);
  let offset = 0; // rows before chunk j
  xs.forEach((x, j) => {
    const src = f32(heap, x);
    const c = rows[j]!;
    for (let i = 0; i < N; i++) dst.set(src.subarray(i * c * d, (i + 1) * c * d), (i * T + offset) * d);
    offset += c;
  });
  return toTensor(out);
}
