import os from "node:os";
import { describe, expect, it } from "vitest";
import { GIT_COMMIT_ENV, gitCommit } from "../../src/lib/energy/hardware";

describe("gitCommit", () => {
  it("reads the checkout, or says unknown outside one", () => {
    expect(gitCommit(__dirname, {})).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
    expect(gitCommit(os.tmpdir(), {})).toBe("unknown");
  });

  it("takes the commit a parent process read before writing (the notebook runner's)", () => {
    expect(gitCommit(os.tmpdir(), { [GIT_COMMIT_ENV]: "f808942-from-the-runner" })).toBe(
      "f808942-from-the-runner",
    );
  });
});
