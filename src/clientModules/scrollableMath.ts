// Display equations wider than the column scroll sideways (custom.css: .katex-display
// overflow-x: auto). This client module puts each one that actually scrolls in the tab order, so a
// keyboard user can focus it and scroll with the arrow keys; it re-checks after every navigation and
// when the window is resized.
import type { ClientModule } from "@docusaurus/types";

function markScrollableMath(): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(".katex-display"))) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
    else el.removeAttribute("tabindex");
  }
}

let timer: number | undefined;
function later(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(markScrollableMath, 150);
}

if (typeof window !== "undefined") window.addEventListener("resize", later);

const module: ClientModule = {
  onRouteDidUpdate() {
    later();
  },
};

export default module;
