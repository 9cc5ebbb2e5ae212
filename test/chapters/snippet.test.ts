import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/lib/backend";
import { SelfAttention } from "./fixtures/selfAttention";

const root = join(__dirname, "..", "..");
const fixture = join(__dirname, "fixtures", "selfAttention.ts");
const pages = [
  "docs/chapters/tools.mdx",
  "i18n/zh-Hans/docusaurus-plugin-content-docs/current/chapters/tools.mdx",
];

/** The code without comment-only header lines, import lines and blank lines. */
function body(code: string): string {
  return code
    .split("\n")
    .filter((l) => !/^\s*import\s/.test(l) && !/^\/\/ /.test(l) && l.trim() !== "")
    .join("\n");
}

/** The fenced ```ts block whose title is "selfAttention.ts". */
function pageSnippet(mdx: string): string | undefined {
  const m = /```ts title="selfAttention\.ts"\n([\s\S]*?)\n```/.exec(mdx);
  return m?.[1];
}

describe("the self-attention snippet on the Tools page", () => {
  beforeAll(async () => {
    await initBackend({ log: false });
  });

  it.each(pages)("%s shows the tested fixture verbatim", (page) => {
    const snippet = pageSnippet(readFileSync(join(root, page), "utf8"));
    expect(snippet, `no \`\`\`ts title="selfAttention.ts" block in ${page}`).toBeDefined();
    expect(snippet).toContain('from "llm-footprint"');
    expect(body(snippet!)).toBe(body(readFileSync(fixture, "utf8")));
  });

  it("computes softmax(q·kᵀ/√d)·v and leaks no tensors", () => {
    const d = 8;
    const att = new SelfAttention(d);
    const x = tf.randomNormal([2, 5, d], 0, 1, "float32", 7); // [B, T, d]
    const before = tf.memory().numTensors;
    const y = att.forward(x);
    expect(y.shape).toEqual([2, 5, d]);
    const expected = tf.tidy(() => {
      const q = att.query.apply(x);
      const k = att.key.apply(x);
      const v = att.value.apply(x);
      const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)); // [B, T, T]
      return tf.matMul(tf.softmax(scores), v);
    });
    const maxDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(y, expected))));
    expect(maxDiff.dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([y, expected, maxDiff]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
  });
});
