import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files under test/notebook/ run Jupyter kernels and take minutes (the notebooks file alone ~2.5
 * min); every other file takes seconds. A fresh clone has no timing cache, so vitest would start them
 * last and one worker would finish alone. Started first, the long notebooks file occupies one worker
 * while the other runs the shorter Jupyter files and then everything else. (Two kernels may then start
 * at once: ensurePrivateKernel installs the kernelspec under a lock.)
 */
class JupyterFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const jupyter = (f: TestSpecification) => /[\\/]test[\\/]notebook[\\/]/.test(f.moduleId);
    return [...sorted.filter(jupyter), ...sorted.filter((f) => !jupyter(f))];
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two files at a time on these 2-core machines: 5.5 instead of 7.8 minutes. Unit tests assert no
    // duration beyond "did not hang" bounds of 1 s or more for work of milliseconds (benchmarks print
    // figures instead), so sharing the cores changes no outcome.
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { sequencer: JupyterFirst },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
