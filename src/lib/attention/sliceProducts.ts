/**
 * Batched matrix products as N separate 2-D products, without cutting the operands into
 * tensors: the fast way to run attention's products on the wasm backend.
 *
 * tfjs-backend-wasm (4.22) sends only a 2-D product without transposes to XNNPACK (a
 * fully-connected operator created for the right operand); batched products and transposed
 * operands take a generic loop several times slower. Calling tf.matMul per slice works but costs
 * a tfjs kernel dispatch per slice plus cutting and stacking tensors (wasmHeap.ts). Here each
 * slice of the operands and of the output is registered with the wasm module as a view of the
 * stacked buffer (an id and an address, no copy), the module's BatchMatMul function is called on
 * those views directly, and the views are unregistered (which also frees the XNNPACK operator
 * cached on the right operand). The result is one ordinary tensor [N, m, n].
 * On other backends (or if the wasm module lacks these functions) it is tf.matMul.
 */
import * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-backend-wasm's BackendWasm used here (what its own kernels use). */
interface WasmBackendInternals {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    tfjs: {
      registerTensor(id: number, size: number, memoryOffset: number): void;
      disposeData(id: number): void;
    };
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

type RawMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

let cached: { backend: WasmBackendInternals; matMul: RawMatMul } | undefined;

/** The wasm backend's internals when active and complete, else undefined (then tf.matMul is used). */
function wasmInternals(): { backend: WasmBackendInternals; matMul: RawMatMul } | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const backend = tf.backend() as unknown as Partial<WasmBackendInternals>;
  if (cached?.backend === backend) return cached;
  const ok =
    typeof backend.wasm?.cwrap === "function" &&
    typeof backend.wasm.tfjs?.registerTensor === "function" &&
    typeof backend.wasm.tfjs.disposeData === "function" &&
    typeof backend.dataIdNextNumber === "number" &&
    typeof backend.dataIdMap?.get === "function" &&
    typeof backend.makeOutput === "function";
  if (!ok) return undefined;
  const full = backend as WasmBackendInternals;
  const matMul = full.wasm.cwrap("BatchMatMul", null, [
    "number", // a id
    "array", // a shape (int32 bytes)
    "number", // a rank
    "number", // b id
    "array", // b shape
    "number", // b rank
    "number", // transpose a
    "number", // transpose b
    "number", // out id
  ]) as RawMatMul;
  cached = { backend: full, matMul };
  return cached;
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/**
 * a [N or 1, m, k] · b [N or 1, k, n] → [N, m, n] (float32): slice i of the result is
 * a_i · b_i (a slice of size 1 is shared by every i). No gradient of its own: callers use it inside
 * hand-written gradients.
 */
export function sliceProducts(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [Na, m, k] = a.shape;
  const [Nb, kb, n] = b.shape;
  const N = Math.max(Na, Nb);
  if (kb !== k || (Na !== N && Na !== 1) || (Nb !== N && Nb !== 1))
    throw new Error(
      `sliceProducts: shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}] do not match.`,
    );
  const raw = a.dtype === "float32" && b.dtype === "float32" ? wasmInternals() : undefined;
  if (!raw) return tf.matMul(a, b) as tf.Tensor3D;
  const { backend, matMul } = raw;
  const aData = backend.dataIdMap.get(a.dataId)!;
  const bData = backend.dataIdMap.get(b.dataId)!;
  const outInfo = backend.makeOutput([N, m, n], "float32");
  const outData = backend.dataIdMap.get(outInfo.dataId)!;
  const views: number[] = [];
  /** Registers elements [offset, offset + size) of a buffer as a tensor of its own; returns its id. */
  const view = (memoryOffset: number, offset: number, size: number): number => {
    const id = backend.dataIdNextNumber++;
    backend.wasm.tfjs.registerTensor(id, size, memoryOffset + 4 * offset);
    views.push(id);
    return id;
  };
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  try {
    const aShared = Na === 1 ? aData.id : undefined;
    const bShared = Nb === 1 ? bData.id : undefined;
    for (let i = 0; i < N; i++) {
      const ai = aShared ?? view(aData.memoryOffset, i * m * k, m * k);
      // A shared right operand keeps its id, so XNNPACK packs it once and reuses it for every slice.
      const bi = bShared ?? view(bData.memoryOffset, i * k * n, k * n);
      const oi = view(outData.memoryOffset, i * m * n, m * n);
      matMul(ai, aShape, 3, bi, bShape, 3, false, false, oi);
    }
  } finally {
    for (const id of views) backend.wasm.tfjs.disposeData(id);
  }
  return tf.engine().makeTensorFromTensorInfo(outInfo) as tf.Tensor3D;
}
