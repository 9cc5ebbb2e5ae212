// Small display helpers shared by the in-page model playgrounds (sentiment, translation).

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** `?backend=wasm` (webgpu | webgl | wasm | cpu) forces a backend, for comparisons and tests. */
export function backendFromQuery(): string | undefined {
  return new URLSearchParams(window.location.search).get("backend") ?? undefined;
}
