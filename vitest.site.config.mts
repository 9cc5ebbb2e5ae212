import { defineConfig } from "vitest/config";

// Browser tests of the built site (test/site/*.browser.ts); `npm run test:site` after `npm run build`.
export default defineConfig({
  test: {
    include: ["test/site/**/*.browser.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
