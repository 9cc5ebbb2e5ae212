/**
 * Weights on disk and over HTTP in the tfjs weights-manifest format, plus the model's config.
 *
 *   model.json   { format, formatVersion, generatedBy, modelConfig, userDefinedMetadata?,
 *                  weightsManifest: [{ paths: ["weights.bin"], weights: [{ name, shape, dtype }] }],
 *                  weightsChecksum: { algorithm: "crc32", value, byteLength } }
 *   weights.bin  the tensors' bytes, concatenated in manifest order (tf.io.encodeWeights); with
 *                weightDtype "float16" every float32 tensor is stored as IEEE half precision
 *                (manifest entry quantization: { dtype: "float16" }: half the bytes to download)
 *                and tf.io.decodeWeights turns it back into float32 at load, in Node and browsers.
 *
 * Tensor names are the stable dotted names of `variables()` ("enc.0.attn.wq"). The checksum
 * lets a loader say "weights.bin is corrupted" instead of serving garbage weights.
 *
 * Browser-safe: only @tensorflow/tfjs-core and `fetch`.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { VariableMap } from "../attention/layers";
import { FLOAT16_MAX, float32ToFloat16 } from "./float16";

export const MODEL_FORMAT = "llm-footprint-weights";
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

type ManifestEntry = tf.io.WeightsManifestEntry;

export interface ModelJson<C = unknown> {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Library and tfjs version that wrote the file. */
  generatedBy: string;
  /** The JSON config needed to rebuild the model (sizes, vocabulary file names, …). */
  modelConfig: C;
  /** Free-form JSON: training data, metrics, date, energy… */
  userDefinedMetadata?: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: ManifestEntry[] }[];
  weightsChecksum: { algorithm: "crc32"; value: string; byteLength: number };
}

export interface EncodedModel<C = unknown> {
  modelJson: ModelJson<C>;
  /** Contents of weights.bin. */
  weightData: ArrayBuffer;
}

export interface DecodedModel<C = unknown> {
  config: C;
  metadata: Record<string, unknown>;
  /** New tensors keyed by name; the caller owns (and disposes) them. */
  weights: Record<string, tf.Tensor>;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, as zlib/PNG)

let crcTable: Uint32Array | undefined;
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const hex = (n: number) => n.toString(16).padStart(8, "0");

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Bytes a manifest entry occupies in weights.bin (float32/int32/bool, float32 possibly as float16). */
function entryBytes(e: ManifestEntry): number {
  const perElement = e.quantization?.dtype === "float16" ? 2 : BYTES_PER_ELEMENT[e.dtype]!;
  return e.shape.reduce((a, b) => a * b, 1) * perElement;
}

// ---------------------------------------------------------------------------------------------
// Encode

export interface EncodeOptions {
  /** JSON metadata stored as userDefinedMetadata. */
  metadata?: Record<string, unknown>;
  /** Name of the weights file (default "weights.bin"). */
  weightsFile?: string;
  /**
   * How float32 tensors are stored: "float32" (default) or "float16" (half the bytes; values
   * rounded to the nearest half-precision number, relative error ≤ 2⁻¹¹; |w| must be ≤ 65504).
   */
  weightDtype?: "float32" | "float16";
}

/** tf.io.encodeWeights, with float32 tensors stored as float16 (see EncodeOptions.weightDtype). */
async function encodeWeightData(
  weights: Record<string, tf.Tensor>,
  weightDtype: "float32" | "float16",
): Promise<{ data: ArrayBuffer; specs: ManifestEntry[] }> {
  if (weightDtype === "float32") return tf.io.encodeWeights(weights);
  const parts: Uint8Array[] = [];
  const specs: ManifestEntry[] = [];
  for (const [name, t] of Object.entries(weights)) {
    if (t.dtype !== "float32") {
      const { data, specs: one } = await tf.io.encodeWeights({ [name]: t });
      parts.push(new Uint8Array(data));
      specs.push(...one);
      continue;
    }
    const values = t.dataSync() as Float32Array;
    const big = values.findIndex((v) => Math.abs(v) > FLOAT16_MAX);
    if (big >= 0)
      throw new Error(
        `encodeModel: weight "${name}" holds ${values[big]} at flat index ${big}, beyond float16's ±${FLOAT16_MAX}; ` +
          'save it with weightDtype "float32"',
      );
    parts.push(new Uint8Array(float32ToFloat16(values).buffer));
    specs.push({ name, shape: t.shape, dtype: "float32", quantization: { dtype: "float16" } });
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.byteLength;
  }
  return { data: data.buffer, specs };
}

/**
 * Encodes named tensors and a JSON config. The tensors are read, not disposed.
 * Throws on non-finite values (NaN/∞ weights are a training bug, not a model) and on
 * dtypes other than float32/int32/bool.
 */
export async function encodeModel<C>(
  weights: Record<string, tf.Tensor>,
  config: C,
  options: EncodeOptions = {},
): Promise<EncodedModel<C>> {
  const names = Object.keys(weights);
  if (names.length === 0) throw new Error("encodeModel: no weights to save");
  for (const name of names) {
    const t = weights[name]!;
    if (t.isDisposed) throw new Error(`encodeModel: weight "${name}" is disposed`);
    if (!(t.dtype in BYTES_PER_ELEMENT))
      throw new Error(`encodeModel: weight "${name}" has dtype ${t.dtype}; accepted: float32, int32, bool`);
    if (t.dtype === "float32") {
      const bad = (t.dataSync() as Float32Array).findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new Error(`encodeModel: weight "${name}" has a non-finite value at flat index ${bad}`);
    }
  }
  // Round-trip the config through JSON now so that a non-JSON config fails here, not in the writer.
  const modelConfig = JSON.parse(JSON.stringify(config)) as C;
  const { data, specs } = await encodeWeightData(weights, options.weightDtype ?? "float32");
  const bytes = new Uint8Array(data);
  const modelJson: ModelJson<C> = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    generatedBy: `llm-footprint (tfjs-core ${tf.version_core})`,
    modelConfig,
    ...(options.metadata ? { userDefinedMetadata: JSON.parse(JSON.stringify(options.metadata)) } : {}),
    weightsManifest: [{ paths: [options.weightsFile ?? WEIGHTS_BIN], weights: specs }],
    weightsChecksum: { algorithm: "crc32", value: hex(crc32(bytes)), byteLength: bytes.byteLength },
  };
  return { modelJson, weightData: data };
}

/** The variables of a layer or model as a plain tensor map (for encodeModel). */
export function variablesToTensors(vars: VariableMap): Record<string, tf.Tensor> {
  return { ...vars };
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Parses and validates model.json text; `file` names the source in errors. */
export function parseModelJson<C = unknown>(text: string, file = MODEL_JSON): ModelJson<C> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return validateModelJson<C>(raw, file);
}

function validateModelJson<C>(raw: unknown, file: string): ModelJson<C> {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("expected a JSON object");
  const m = raw as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT)
    fail(`field "format" is ${JSON.stringify(m.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof m.formatVersion !== "number" || m.formatVersion > MODEL_FORMAT_VERSION)
    fail(
      `field "formatVersion" is ${JSON.stringify(m.formatVersion)}; this library reads up to ${MODEL_FORMAT_VERSION}`,
    );
  if (!("modelConfig" in m)) fail(`field "modelConfig" is missing`);
  const groups = m.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0)
    fail(`field "weightsManifest" must be a non-empty array`);
  (groups as unknown[]).forEach((g, i) => {
    const group = g as Record<string, unknown>;
    if (!Array.isArray(group?.paths) || group.paths.some((p) => typeof p !== "string"))
      fail(`weightsManifest[${i}].paths must be an array of file names`);
    for (const p of group.paths as string[])
      if (!/^[\w.-]+$/.test(p) || p.startsWith("."))
        fail(
          `weightsManifest[${i}].paths: ${JSON.stringify(p)} is not a plain file name next to ${MODEL_JSON}`,
        );
    if (!Array.isArray(group.weights)) fail(`weightsManifest[${i}].weights must be an array`);
    (group.weights as unknown[]).forEach((w, j) => {
      const e = w as Record<string, unknown>;
      const where = `weightsManifest[${i}].weights[${j}]`;
      if (typeof e?.name !== "string") fail(`${where}.name must be a string`);
      if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isInteger(d) || (d as number) < 0))
        fail(`${where} ("${e.name}"): shape must be an array of non-negative integers`);
      if (typeof e.dtype !== "string" || !(e.dtype in BYTES_PER_ELEMENT))
        fail(`${where} ("${e.name}"): dtype ${JSON.stringify(e.dtype)}; accepted: float32, int32, bool`);
      if (e.quantization !== undefined) {
        const q = e.quantization as Record<string, unknown> | null;
        if (e.dtype !== "float32" || q?.dtype !== "float16" || Object.keys(q).length !== 1)
          fail(
            `${where} ("${e.name}"): quantization ${JSON.stringify(q)} is not supported; ` +
              'accepted: { "dtype": "float16" } on a float32 weight',
          );
      }
    });
  });
  // Vocabulary files named by the config are read beside model.json, never elsewhere (../../etc/hostname).
  const config = m.modelConfig as Record<string, unknown> | null;
  const names: [string, unknown][] = [];
  if (config && typeof config === "object") {
    if ("vocabulary" in config) names.push(["modelConfig.vocabulary", config.vocabulary]);
    const v = config.vocabularies;
    if (v && typeof v === "object")
      for (const [k, name] of Object.entries(v)) names.push([`modelConfig.vocabularies.${k}`, name]);
  }
  for (const [field, name] of names)
    if (typeof name !== "string" || !/^[\w.-]+$/.test(name) || name.startsWith("."))
      fail(
        `${field} must be a plain file name inside the model folder (next to ${MODEL_JSON}), got ${JSON.stringify(name)}`,
      );
  const ck = m.weightsChecksum as Record<string, unknown> | undefined;
  if (ck !== undefined && (ck.algorithm !== "crc32" || typeof ck.value !== "string"))
    fail(`field "weightsChecksum" must be { algorithm: "crc32", value: "<8 hex digits>", byteLength }`);
  return raw as ModelJson<C>;
}

/** All file names listed in the manifest, in order. */
export function weightFiles(modelJson: ModelJson): string[] {
  return modelJson.weightsManifest.flatMap((g) => g.paths);
}

/**
 * Decodes weights for a parsed model.json. `weightData` is the concatenation of the
 * manifest's files; `source` names them in errors (default: the manifest's file names).
 * Size and checksum are verified before any tensor is created; a non-finite float32 weight is refused.
 */
export function decodeModel<C = unknown>(
  modelJson: ModelJson<C>,
  weightData: ArrayBuffer,
  source = weightFiles(modelJson).join(" + "),
): DecodedModel<C> {
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const expected = specs.reduce((n, e) => n + entryBytes(e), 0);
  const got = weightData.byteLength;
  if (got < expected)
    throw new Error(
      `${source} is truncated: ${got} bytes, but ${MODEL_JSON} lists ${specs.length} tensors needing ${expected} bytes`,
    );
  if (got > expected)
    throw new Error(
      `${source} has ${got - expected} unexpected extra bytes (${got}, expected ${expected} for ${specs.length} tensors)`,
    );
  const ck = modelJson.weightsChecksum;
  if (ck) {
    const actual = hex(crc32(new Uint8Array(weightData)));
    if (actual !== ck.value)
      throw new Error(
        `${source} is corrupted: CRC-32 is ${actual}, ${MODEL_JSON} expects ${ck.value} ` +
          `(re-download or re-save the model)`,
      );
  }
  const weights = tf.io.decodeWeights(weightData, specs) as Record<string, tf.Tensor>;
  // A NaN or infinite weight would leak into every output (a confident "negative\tNaN"): refuse it here.
  for (const [name, t] of Object.entries(weights))
    if (t.dtype === "float32" && (t.dataSync() as Float32Array).some((v) => !Number.isFinite(v))) {
      tf.dispose(Object.values(weights));
      throw new Error(
        `${source}: weight "${name}" holds NaN or ∞; the file is damaged or the training diverged. ` +
          "Retrain or re-download the model.",
      );
    }
  return { config: modelJson.modelConfig, metadata: modelJson.userDefinedMetadata ?? {}, weights };
}

/**
 * Copies loaded weights into a model's variables. Every variable must have a weight with the
 * same shape; extra weights are an error too (a config/weights mismatch).
 */
export function assignWeights(
  vars: VariableMap,
  weights: Record<string, tf.Tensor>,
  source = "weights",
): void {
  const missing = Object.keys(vars).filter((n) => !(n in weights));
  const extra = Object.keys(weights).filter((n) => !(n in vars));
  if (missing.length || extra.length)
    throw new Error(
      `${source} do not match the model: ` +
        [
          missing.length ? `missing ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}` : "",
          extra.length ? `unexpected ${extra.slice(0, 5).join(", ")}${extra.length > 5 ? ", …" : ""}` : "",
        ]
          .filter(Boolean)
          .join("; "),
    );
  for (const [name, v] of Object.entries(vars)) {
    const w = weights[name]!;
    if (!tf.util.arraysEqual(v.shape, w.shape))
      throw new Error(`${source}: "${name}" has shape [${w.shape}], the model expects [${v.shape}]`);
  }
  for (const [name, v] of Object.entries(vars)) v.assign(weights[name]!);
}

// ---------------------------------------------------------------------------------------------
// Browser loader

export interface LoadFromUrlOptions {
  /** fetch implementation (default globalThis.fetch). */
  fetch?: typeof fetch;
}

/**
 * Loads `${baseUrl}/model.json` and the weight files it lists (relative to baseUrl).
 * Errors name the URL and the HTTP status or the problem.
 */
export async function fetchModel<C = unknown>(
  baseUrl: string,
  options: LoadFromUrlOptions = {},
): Promise<DecodedModel<C>> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const get = async (url: string): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url);
    } catch (e) {
      throw new Error(`${url}: fetch failed (${(e as Error).message})`);
    }
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`.trim());
    return res;
  };
  const jsonUrl = `${base}${MODEL_JSON}`;
  const modelJson = parseModelJson<C>(await (await get(jsonUrl)).text(), jsonUrl);
  const urls = weightFiles(modelJson).map((p) => `${base}${p}`);
  const buffers = await Promise.all(urls.map(async (u) => (await get(u)).arrayBuffer()));
  const data = buffers.length === 1 ? buffers[0]! : concat(buffers);
  return decodeModel(modelJson, data, urls.join(" + "));
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
