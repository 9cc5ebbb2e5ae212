/**
 * `{ ...defaults, ...config }` that ignores keys whose value is undefined, so that
 * `{ epsilon: undefined }` keeps the default instead of erasing it.
 */
export function withDefaults<C extends object, D extends Partial<C>>(defaults: D, config: C): C & D {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[k] = v;
  return out as C & D;
}
