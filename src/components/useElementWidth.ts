import { useEffect, useState, type RefObject } from "react";

/**
 * The element's clientWidth in px, kept current by a ResizeObserver (0 until it is mounted).
 * Charts draw for the width they are given, so they redraw when it changes.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
