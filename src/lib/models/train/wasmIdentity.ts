/**
 * A zero-copy Identity kernel for the wasm backend (browser-safe: only @tensorflow/tfjs-core).
 *
 * While a gradient is being recorded, tfjs's engine keeps every tensor a kernel's gradient needs
 * by cloning it, and a clone runs the Identity kernel. On wasm (tfjs 4.22) that kernel copies the
 * whole buffer: 5 % of a GPT training step, most of it the [B·T, V] softmax the output loss keeps.
 * The cpu backend's Identity shares the data and counts one more reference instead, which is what
 * reshape does on wasm too; tensors are immutable (a variable's assign swaps in new data), so
 * sharing is safe.
 */
import * as tf from "@tensorflow/tfjs-core";

/** The parts of the wasm backend this kernel uses. */
interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

function sharedIdentity({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }) {
  const x = inputs.x!;
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

const config: tf.KernelConfig = {
  kernelName: "Identity",
  backendName: "wasm",
  kernelFunc: sharedIdentity as unknown as tf.KernelFunc,
};

/**
 * Registers the shared Identity for wasm once the wasm backend's own kernels are registered (its
 * package, when imported, would otherwise overwrite this one). Does nothing on other backends or
 * when it is already registered.
 */
export function shareIdentityOnWasm(): void {
  if (tf.getBackend() !== "wasm") return;
  const current = tf.getKernel("Identity", "wasm");
  if (current?.kernelFunc === config.kernelFunc) return;
  if (current) tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel(config);
}
