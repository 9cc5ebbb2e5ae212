/**
 * Registers tfjs-core's gradient functions in Node (Node-only).
 *
 * `@tensorflow/tfjs-core`'s Node bundle (tf-core.node.js, what `require` and Node's ESM loader
 * get) registers no gradients; its ESM `register_all_gradients` cannot be loaded by Node (its
 * imports lack file extensions). So in Node `tf.grad` and `optimizer.minimize` fail with
 * "Cannot compute gradient: gradient function not found for Sum" unless something registers
 * them. `vendor/tfjs-core-gradients.cjs` is that file bundled to CommonJS (regenerate with
 * `bash vendor/build-tfjs-core-gradients.sh`); it shares the engine and registry with the main
 * copy through tfjs's global namespace. Browser bundlers can import
 * "@tensorflow/tfjs-core/dist/register_all_gradients" directly instead.
 *
 * Importing this module registers them (idempotent); tfjs-node users already have them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

const VENDOR_FILE = path.join("vendor", "tfjs-core-gradients.cjs");

/** Finds vendor/tfjs-core-gradients.cjs from this file (src/lib/models or dist/models) or the package. */
function vendorPath(): string {
  const candidates: string[] = [];
  if (typeof __dirname === "string") {
    candidates.push(path.resolve(__dirname, "../../..", VENDOR_FILE)); // src/lib/models → repo
    candidates.push(path.resolve(__dirname, "../..", VENDOR_FILE)); // dist/models → repo
  }
  try {
    const req = createRequire(path.join(process.cwd(), "noop.js"));
    candidates.push(path.join(path.dirname(req.resolve("llm-footprint/package.json")), VENDOR_FILE));
  } catch {
    // package not resolvable from the working directory
  }
  candidates.push(path.resolve(process.cwd(), VENDOR_FILE));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error(
      `registerCoreGradients: ${VENDOR_FILE} not found (looked in ${candidates.join(", ")}); ` +
        "regenerate it with `bash vendor/build-tfjs-core-gradients.sh`",
    );
  return found;
}

/** Registers tfjs-core's gradients unless already present. Returns true if it loaded them. */
export function registerCoreGradients(): boolean {
  if (tf.getGradient("Sum") !== undefined) return false;
  const file = vendorPath();
  createRequire(file)(file);
  if (tf.getGradient("Sum") === undefined)
    throw new Error(`registerCoreGradients: loading ${file} registered no gradients (two tfjs-core copies?)`);
  return true;
}

registerCoreGradients();
