/**
 * Registers tfjs's gradient functions in Node (Node-only).
 *
 * `@tensorflow/tfjs-core`'s Node bundle (tf-core.node.js, what `require` gets) registers no
 * gradients, so in Node `tf.grad` and `optimizer.minimize` fail with "Cannot compute gradient:
 * gradient function not found for Sum" unless something registers them. The umbrella package
 * `@tensorflow/tfjs` registers all of them in its Node entry, against the same tfjs-core (every
 * `@tensorflow/*` package is pinned to one version, so npm installs one copy).
 *
 * Importing this module registers them. The library's browser code never imports it (the site
 * bundle must not include the umbrella package); a browser bundle that trains imports
 * "@tensorflow/tfjs-core/dist/register_all_gradients" instead.
 */
import "@tensorflow/tfjs";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Checks that tfjs-core's gradients are registered (importing this module did it).
 * Returns true; throws if they are missing, which means two copies of tfjs-core are installed.
 */
export function registerCoreGradients(): boolean {
  if (tf.getGradient("Sum") === undefined)
    throw new Error(
      "registerCoreGradients: importing @tensorflow/tfjs registered no gradients for this tfjs-core; " +
        "two copies of @tensorflow/tfjs-core are installed (run `npm ls @tensorflow/tfjs-core` and pin every " +
        "@tensorflow/* package to the same version)",
    );
  return true;
}

registerCoreGradients();
