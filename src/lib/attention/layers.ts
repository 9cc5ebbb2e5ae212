/**
 * Trainable building blocks: Dense, LayerNorm, Embedding, FeedForward, and a dropout helper.
 *
 * Every layer owns named `tf.Variable`s created from a seeded initializer, exposes
 * `apply(...)` and `variables()` (a record with stable dotted names, relative to the layer:
 * a parent prefixes them, e.g. "enc.0.attn.wq"), and `dispose()`. That is all a tfjs
 * optimizer needs: `optimizer.minimize(() => loss, false, Object.values(model.variables()))`.
 *
 * Browser-safe: only @tensorflow/tfjs-core.
 */
import * as tf from "@tensorflow/tfjs-core";
import { withDefaults } from "../util/withDefaults";

/** A record of variables keyed by stable dotted names. */
export type VariableMap = Record<string, tf.Variable>;

/** Anything with variables and a dispose(): layers, blocks and whole models. */
export interface Module {
  variables(): VariableMap;
  dispose(): void;
}

/** Prefixes every key of a child's variables with `prefix.`. */
export function prefixVariables(prefix: string, vars: VariableMap): VariableMap {
  const out: VariableMap = {};
  for (const [name, v] of Object.entries(vars)) out[`${prefix}.${name}`] = v;
  return out;
}

/**
 * Variables of named children, prefixed by their names; arrays are numbered:
 * `collectVariables({ emb, enc: [b0, b1] })` → { "emb.table", "enc.0.attn.wq", … }.
 */
export function collectVariables(children: Record<string, Module | Module[]>): VariableMap {
  const out: VariableMap = {};
  for (const [name, child] of Object.entries(children)) {
    if (Array.isArray(child))
      child.forEach((c, i) => Object.assign(out, prefixVariables(`${name}.${i}`, c.variables())));
    else Object.assign(out, prefixVariables(name, child.variables()));
  }
  return out;
}

/** Total number of scalar parameters in a variable map. */
export function countParameters(vars: VariableMap): number {
  return Object.values(vars).reduce((n, v) => n + v.size, 0);
}

/**
 * Derives a child seed from a parent seed and a name (FNV-1a over the name), so that a
 * layer's initial weights depend only on the model seed and the layer's path, not on the
 * order in which layers were built.
 */
export function deriveSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

let variableCounter = 0;
/**
 * Creates a trainable tf.Variable. tfjs requires globally unique variable names, so the
 * engine-level name gets a counter suffix; the stable name is the key in `variables()`.
 */
export function makeVariable(initial: tf.Tensor, name: string, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable, `${name}_${variableCounter++}`);
  initial.dispose();
  return v;
}

/**
 * Glorot/Xavier uniform initializer (Glorot & Bengio 2010): U(−a, a), a = √(6 / (fanIn + fanOut)).
 * Deterministic for a given seed.
 */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(shape, -limit, limit, "float32", seed);
}

function assertPositiveInt(value: number, field: string, where: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${where}: ${field} must be a positive integer, got ${value}`);
}

export function assertRate(value: number, field: string, where: string): void {
  if (!(value >= 0 && value < 1)) throw new Error(`${where}: ${field} must be in [0, 1), got ${value}`);
}

// ---------------------------------------------------------------------------------------------
// Dropout

/**
 * Inverted dropout: during training zero each element with probability `rate` and scale the
 * rest by 1/(1−rate); outside training (or rate 0) return x unchanged (the same tensor).
 */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed?: number): tf.Tensor {
  if (!training || rate <= 0) return x;
  return tf.dropout(x, rate, undefined, seed);
}

// ---------------------------------------------------------------------------------------------
// Dense

export interface DenseConfig {
  /** Size of the last input dimension. */
  inputDim: number;
  /** Size of the last output dimension. */
  units: number;
  /** Add a bias vector (default true). */
  bias?: boolean;
  /** Seed of the Glorot-uniform kernel initializer (default 0). Biases start at zero. */
  seed?: number;
}

/**
 * Affine map y = x·W + b on the last axis.
 * x: [..., inputDim] → y: [..., units]. Variables: "w" [inputDim, units], "b" [units].
 */
export class Dense implements Module {
  readonly config: Required<DenseConfig>;
  readonly w: tf.Variable;
  readonly b: tf.Variable | null;

  constructor(config: DenseConfig) {
    assertPositiveInt(config.inputDim, "inputDim", "Dense");
    assertPositiveInt(config.units, "units", "Dense");
    this.config = withDefaults({ bias: true, seed: 0 }, config);
    const { inputDim, units, seed } = this.config;
    this.w = makeVariable(glorotUniform([inputDim, units], inputDim, units, seed), "dense.w");
    this.b = this.config.bias ? makeVariable(tf.zeros([units]), "dense.b") : null;
  }

  /** x: [..., inputDim] → [..., units] */
  apply(x: tf.Tensor): tf.Tensor {
    const { inputDim, units } = this.config;
    const last = x.shape[x.rank - 1];
    if (last !== inputDim)
      throw new Error(`Dense: input last dimension must be ${inputDim}, got shape [${x.shape.join(", ")}]`);
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const x2 = tf.reshape(x, [-1, inputDim]); // [N, inputDim]: 2-D matMul is the fast path on wasm
      let y = tf.matMul(x2, this.w); // [N, units]
      if (this.b) y = tf.add(y, this.b);
      return tf.reshape(y, [...lead, units]);
    });
  }

  variables(): VariableMap {
    return this.b ? { w: this.w, b: this.b } : { w: this.w };
  }

  dispose(): void {
    this.w.dispose();
    this.b?.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// LayerNorm

export interface LayerNormConfig {
  /** Size of the normalised (last) dimension. */
  dim: number;
  /** Added to the variance (default 1e-5, as in PyTorch). */
  epsilon?: number;
}

/**
 * Layer normalisation (Ba et al. 2016) over the last axis:
 * y = (x − mean) / √(var + ε) · gamma + beta.
 * x: [..., dim] → [..., dim]. Variables: "gamma" (ones), "beta" (zeros), both [dim].
 */
export class LayerNorm implements Module {
  readonly config: Required<LayerNormConfig>;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(config: LayerNormConfig) {
    assertPositiveInt(config.dim, "dim", "LayerNorm");
    this.config = withDefaults({ epsilon: 1e-5 }, config);
    if (!(this.config.epsilon > 0))
      throw new Error(`LayerNorm: epsilon must be > 0, got ${this.config.epsilon}`);
    this.gamma = makeVariable(tf.ones([config.dim]), "ln.gamma");
    this.beta = makeVariable(tf.zeros([config.dim]), "ln.beta");
  }

  /** x: [..., dim] → [..., dim] */
  apply(x: tf.Tensor): tf.Tensor {
    const { dim, epsilon } = this.config;
    if (x.shape[x.rank - 1] !== dim)
      throw new Error(`LayerNorm: input last dimension must be ${dim}, got shape [${x.shape.join(", ")}]`);
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
      const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
      return tf.add(tf.mul(normed, this.gamma), this.beta);
    });
  }

  variables(): VariableMap {
    return { gamma: this.gamma, beta: this.beta };
  }

  dispose(): void {
    this.gamma.dispose();
    this.beta.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Embedding

export interface EmbeddingConfig {
  /** Number of rows (token ids 0 … vocabSize−1). */
  vocabSize: number;
  /** Width of each row. */
  dim: number;
  /** Seed of the initializer (default 0). */
  seed?: number;
  /**
   * Multiply the looked-up rows by √dim (Vaswani et al. 2017, §3.4), which keeps them on the
   * scale of the sinusoidal positions. Default false.
   */
  scaleBySqrtDim?: boolean;
}

/**
 * Row lookup `table[ids]` whose gradient is a scatter-add.
 *
 * tf.gather's gradient needs the UnsortedSegmentSum kernel, which the wasm backend lacks
 * (tfjs 4.22). Here the gradient is `tf.scatterND(ids, dy, tableShape)`, which sums the
 * rows of repeated ids, and runs on every backend.
 *
 * table: [V, d], ids: int32 [...] → [..., d]
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [V, d] = table.shape;
  if (ids.dtype !== "int32") throw new Error(`embeddingLookup: ids must be int32, got ${ids.dtype}`);
  const idsShape = ids.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const flat = tf.reshape(ids, [-1]); // [N]
    const indices = tf.reshape(flat, [-1, 1]); // [N, 1] for scatterND
    save([indices]);
    const value = tf.reshape(tf.gather(t, flat), [...idsShape, d]); // [..., d]
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const idx = saved[0]!;
      return tf.scatterND(idx, tf.reshape(dy, [-1, d]), [V, d]); // [V, d], duplicates summed
    };
    return { value, gradFunc };
  });
  return lookup(table);
}

/**
 * Token embedding: ids int32 [B, T] (any shape) → [B, T, dim]. Variable: "table" [vocabSize, dim],
 * initialised U(−a, a) with a = √(6 / (vocabSize + dim)) (Glorot uniform, as Keras does).
 * Ids outside [0, vocabSize) are not checked per call (that would need a device sync);
 * use `checkIds` in data pipelines.
 */
export class Embedding implements Module {
  readonly config: Required<EmbeddingConfig>;
  readonly table: tf.Variable;

  constructor(config: EmbeddingConfig) {
    assertPositiveInt(config.vocabSize, "vocabSize", "Embedding");
    assertPositiveInt(config.dim, "dim", "Embedding");
    this.config = withDefaults({ seed: 0, scaleBySqrtDim: false }, config);
    const { vocabSize, dim, seed } = this.config;
    this.table = makeVariable(glorotUniform([vocabSize, dim], vocabSize, dim, seed), "embedding.table");
  }

  /** ids: int32 [...] → float32 [..., dim] */
  apply(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const rows = embeddingLookup(this.table as tf.Tensor2D, ids);
      return this.config.scaleBySqrtDim ? tf.mul(rows, Math.sqrt(this.config.dim)) : rows;
    });
  }

  /** Throws if any id is outside [0, vocabSize), naming the first offender (reads ids back). */
  checkIds(ids: tf.Tensor): void {
    const data = ids.dataSync();
    for (let i = 0; i < data.length; i++) {
      const id = data[i]!;
      if (!(id >= 0 && id < this.config.vocabSize))
        throw new Error(`Embedding: id ${id} at flat index ${i} is outside [0, ${this.config.vocabSize})`);
    }
  }

  variables(): VariableMap {
    return { table: this.table };
  }

  dispose(): void {
    this.table.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// FeedForward

export type Activation = "gelu" | "relu";

/** GELU, exact form x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === "gelu" ? gelu(x) : tf.relu(x);
}

export interface FeedForwardConfig {
  /** Model width (input and output size). */
  dModel: number;
  /** Hidden width (often 4·dModel). */
  dFF: number;
  /** Hidden activation (default "gelu"). */
  activation?: Activation;
  /** Dropout on the hidden activations during training (default 0). */
  dropout?: number;
  /** Seed of the initializers (default 0). */
  seed?: number;
}

/**
 * Position-wise feed-forward network: Dense(dModel→dFF) → activation → dropout → Dense(dFF→dModel).
 * x: [..., dModel] → [..., dModel]. Variables: "fc1.w", "fc1.b", "fc2.w", "fc2.b".
 */
export class FeedForward implements Module {
  readonly config: Required<FeedForwardConfig>;
  readonly fc1: Dense;
  readonly fc2: Dense;

  constructor(config: FeedForwardConfig) {
    assertPositiveInt(config.dModel, "dModel", "FeedForward");
    assertPositiveInt(config.dFF, "dFF", "FeedForward");
    this.config = withDefaults({ activation: "gelu" as Activation, dropout: 0, seed: 0 }, config);
    const { dModel, dFF, activation, dropout: rate, seed } = this.config;
    if (activation !== "gelu" && activation !== "relu")
      throw new Error(`FeedForward: activation must be "gelu" or "relu", got ${JSON.stringify(activation)}`);
    assertRate(rate, "dropout", "FeedForward");
    this.fc1 = new Dense({ inputDim: dModel, units: dFF, seed: deriveSeed(seed, "fc1") });
    this.fc2 = new Dense({ inputDim: dFF, units: dModel, seed: deriveSeed(seed, "fc2") });
  }

  /** x: [..., dModel] → [..., dModel] */
  apply(x: tf.Tensor, training = false): tf.Tensor {
    return tf.tidy(() => {
      const h = activate(this.fc1.apply(x), this.config.activation); // [..., dFF]
      return this.fc2.apply(dropout(h, this.config.dropout, training));
    });
  }

  variables(): VariableMap {
    return {
      ...prefixVariables("fc1", this.fc1.variables()),
      ...prefixVariables("fc2", this.fc2.variables()),
    };
  }

  dispose(): void {
    this.fc1.dispose();
    this.fc2.dispose();
  }
}
