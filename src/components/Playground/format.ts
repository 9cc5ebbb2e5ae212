// Small display helpers shared by the in-page model playgrounds (sentiment, translation); times
// and energies are formatted by src/lib/format/units.ts.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** `?backend=wasm` (webgpu | webgl | wasm | cpu) forces a backend, for comparisons and tests. */
export function backendFromQuery(): string | undefined {
  return new URLSearchParams(window.location.search).get("backend") ?? undefined;
}
