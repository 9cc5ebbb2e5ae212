// Math in headings as plain text. Docusaurus builds the table of contents (and the search index)
// from a heading's text, where inline math is its TeX source: "Why divide by \sqrt{d_k}". The
// publisher therefore writes the math of headings as text with <sub>/<sup> (the TOC keeps those
// tags): "Why divide by √d<sub>k</sub>". Math it cannot write this way stays math.
import type { Heading, PhrasingContent } from "mdast";
import type { MdxJsxTextElement } from "mdast-util-mdx-jsx";

/** A run of plain text, a subscript or a superscript. */
export type TextPiece = { kind: "text" | "sub" | "sup"; value: string };

const SYMBOLS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  upsilon: "υ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  ell: "ℓ",
  cdot: "·",
  times: "×",
  top: "⊤",
  infty: "∞",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  approx: "≈",
  sim: "~",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  pm: "±",
  dots: "…",
  ldots: "…",
  cdots: "⋯",
  in: "∈",
  sum: "Σ",
  prod: "Π",
  partial: "∂",
  nabla: "∇",
  propto: "∝",
  lVert: "‖",
  rVert: "‖",
  Vert: "‖",
  vert: "|",
  lvert: "|",
  rvert: "|",
  log: "log",
  exp: "exp",
  max: "max",
  min: "min",
  softmax: "softmax",
};
const BINARY = new Set([
  "cdot",
  "times",
  "le",
  "leq",
  "ge",
  "geq",
  "ne",
  "neq",
  "approx",
  "sim",
  "to",
  "rightarrow",
  "leftarrow",
  "pm",
  "in",
  "propto",
]);
const SPACES: Record<string, string> = {
  ",": " ",
  ";": " ",
  ":": " ",
  "!": "",
  quad: " ",
  qquad: " ",
  " ": " ",
};
const TEXT_COMMANDS = new Set([
  "text",
  "mathrm",
  "operatorname",
  "mathbf",
  "mathit",
  "mathsf",
  "boldsymbol",
  "mathcal",
]);

class Unsupported extends Error {}

const text = (value: string): TextPiece[] => (value === "" ? [] : [{ kind: "text", value }]);
const flat = (pieces: TextPiece[]): string | undefined =>
  pieces.every((p) => p.kind === "text") ? pieces.map((p) => p.value).join("") : undefined;

/** Parses TeX into pieces; throws Unsupported for anything it cannot write as text. */
function parse(tex: string): TextPiece[] {
  let i = 0;
  const pieces: TextPiece[] = [];
  const push = (more: TextPiece[]) => {
    for (const p of more) {
      const last = pieces[pieces.length - 1];
      if (last && last.kind === "text" && p.kind === "text") last.value += p.value;
      else if (p.value !== "") pieces.push({ ...p });
    }
  };
  /** One argument: a {group} or a single token. */
  const argument = (): TextPiece[] => {
    while (tex[i] === " ") i++;
    if (tex[i] === "{") {
      let depth = 1;
      const start = ++i;
      while (i < tex.length && depth > 0) {
        if (tex[i] === "{") depth++;
        else if (tex[i] === "}") depth--;
        i++;
      }
      if (depth !== 0) throw new Unsupported("unbalanced braces");
      return parse(tex.slice(start, i - 1));
    }
    if (tex[i] === "\\") return command();
    if (i >= tex.length) throw new Unsupported("missing argument");
    return text(tex[i++]!);
  };
  /** A script's content: text only (a script inside a script needs real math). */
  const script = (): string => {
    const s = flat(argument());
    if (s === undefined) throw new Unsupported("nested scripts");
    return s;
  };
  const command = (): TextPiece[] => {
    i++; // the backslash
    const m = /^(?:[A-Za-z]+|.)/.exec(tex.slice(i));
    if (!m) throw new Unsupported("lone backslash");
    const name = m[0];
    i += name.length;
    if (/^[A-Za-z]/.test(name)) while (tex[i] === " ") i++; // TeX ignores spaces after a control word
    if (name in SPACES) return text(SPACES[name]!);
    // Relations and binary operators get the spaces TeX gives them: "T² · d", "q · k".
    if (name in SYMBOLS) return text(BINARY.has(name) ? ` ${SYMBOLS[name]!} ` : SYMBOLS[name]!);
    if (TEXT_COMMANDS.has(name)) return argument();
    if (name === "sqrt") {
      const x = argument();
      const plain = flat(x);
      // √d_k: one letter with its scripts needs no parentheses; a longer radicand does.
      const single =
        plain !== undefined ? [...plain].length === 1 : x[0]?.kind === "text" && [...x[0].value].length === 1;
      return single
        ? [{ kind: "text", value: "√" }, ...x]
        : [{ kind: "text", value: "√(" }, ...x, { kind: "text", value: ")" }];
    }
    if (name === "frac") {
      const a = argument();
      const b = argument();
      const wrap = (p: TextPiece[]): TextPiece[] => {
        // a/b, √d/2, (q·k)/√dₖ: parentheses only around a term with an operator or a space.
        const simple = p.every((x) => x.kind !== "text" || /^[\w.√]+$/u.test(x.value));
        return simple ? p : [{ kind: "text", value: "(" }, ...p, { kind: "text", value: ")" }];
      };
      return [...wrap(a), { kind: "text", value: "/" }, ...wrap(b)];
    }
    if (name === "left" || name === "right" || name === "big" || name === "Big") return [];
    if (/^[{}_^%$#&]$/.test(name)) return text(name);
    throw new Unsupported(`\\${name}`);
  };
  while (i < tex.length) {
    const c = tex[i]!;
    if (c === "\\") push(command());
    else if (c === "_" || c === "^") {
      i++;
      push([{ kind: c === "_" ? "sub" : "sup", value: script() }]);
    } else if (c === "{" || c === "}") i++;
    else if (c === "&" || c === "$") throw new Unsupported(c);
    else {
      push(text(c));
      i++;
    }
  }
  return pieces;
}

/** The TeX of inline math as text pieces, or undefined when it needs real math typesetting. */
export function texToText(tex: string): TextPiece[] | undefined {
  try {
    const pieces = parse(tex.trim());
    const out = pieces.map((p) => ({ ...p, value: p.value.replace(/\s+/g, " ") }));
    if (out[0]?.kind === "text") out[0].value = out[0].value.trimStart();
    const last = out[out.length - 1];
    if (last?.kind === "text") last.value = last.value.trimEnd();
    return out.some((p) => p.value !== "") ? out.filter((p) => p.value !== "") : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function element(name: "sub" | "sup", value: string): MdxJsxTextElement {
  return { type: "mdxJsxTextElement", name, attributes: [], children: [{ type: "text", value }] };
}

/** Rewrites the inline math of a heading as text (with <sub>/<sup>) wherever texToText can. */
export function plainHeadingMath(heading: Heading): void {
  const out: PhrasingContent[] = [];
  for (const child of heading.children) {
    const pieces = child.type === "inlineMath" ? texToText(child.value) : undefined;
    if (!pieces) {
      out.push(child);
      continue;
    }
    for (const p of pieces) {
      if (p.kind === "text") {
        const last = out[out.length - 1];
        if (last?.type === "text") last.value += p.value;
        else out.push({ type: "text", value: p.value });
      } else out.push(element(p.kind, p.value) as unknown as PhrasingContent);
    }
  }
  heading.children = out;
}
