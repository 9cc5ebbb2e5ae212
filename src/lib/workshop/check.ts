/**
 * Exercise checks for notebooks and workshops: run the learner's function against a reference on several
 * named cases and print specific feedback (which case, expected vs got, a hint). Never throws, so a notebook
 * with an unfinished exercise still runs top to bottom.
 */

/** One exercise: a reference implementation and the cases it is checked on. */
export interface Exercise<Args extends unknown[], Out> {
  id: string;
  title: string;
  /** Shown when a case fails: what usually goes wrong. */
  hint: string;
  reference: (...args: Args) => Out;
  cases: { name: string; args: Args; hint?: string }[];
  /** Absolute tolerance for numbers (default 1e-6). */
  tolerance?: number;
}

export interface CaseResult {
  name: string;
  passed: boolean;
  /** Why it failed, in words: a mismatch at a position, a wrong shape, or an exception. */
  message?: string;
}

export interface CheckReport {
  id: string;
  passed: boolean;
  cases: CaseResult[];
  /** The printed feedback, line by line. */
  lines: string[];
}

function describeShape(value: unknown): string {
  if (!Array.isArray(value)) return typeof value;
  const dims: number[] = [];
  let cur: unknown = value;
  while (Array.isArray(cur)) {
    dims.push(cur.length);
    cur = cur[0];
  }
  return `array of shape [${dims.join(", ")}]`;
}

function format(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v,
  );
  if (text === undefined) return String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** First difference between got and expected, as a sentence, or undefined when they agree. */
export function firstDifference(
  got: unknown,
  expected: unknown,
  tolerance: number,
  path = "",
): string | undefined {
  const where = path === "" ? "" : ` at ${path}`;
  if (typeof expected === "number") {
    if (typeof got !== "number") return `expected a number${where}, got ${format(got)}`;
    if (Number.isNaN(got)) return `got NaN${where} (expected ${format(expected)})`;
    if (Math.abs(got - expected) > tolerance)
      return `expected ${format(expected)}${where}, got ${format(got)}`;
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) {
      return `expected an ${describeShape(expected)}${where}, got ${describeShape(got)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const diff = firstDifference(got[i], expected[i], tolerance, `${path}[${i}]`);
      if (diff) return diff;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (got === null || typeof got !== "object") return `expected an object${where}, got ${format(got)}`;
    for (const key of Object.keys(expected)) {
      const diff = firstDifference(
        (got as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        tolerance,
        `${path}.${key}`,
      );
      if (diff) return diff;
    }
    return undefined;
  }
  return got === expected ? undefined : `expected ${format(expected)}${where}, got ${format(got)}`;
}

/**
 * Checks `candidate` against the exercise's reference on every case and prints one line per case.
 * Inputs are deep-copied so a candidate that mutates its arguments cannot corrupt the reference run.
 */
export function check<Args extends unknown[], Out>(
  exercise: Exercise<Args, Out>,
  candidate: (...args: Args) => Out,
  print: (line: string) => void = console.log,
): CheckReport {
  const tolerance = exercise.tolerance ?? 1e-6;
  const cases: CaseResult[] = exercise.cases.map(({ name, args, hint }) => {
    const expected = exercise.reference(...(structuredClone(args) as Args));
    let got: Out;
    try {
      got = candidate(...(structuredClone(args) as Args));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { name, passed: false, message: `your function threw: ${reason}` };
    }
    const diff = firstDifference(got, expected, tolerance);
    return diff
      ? { name, passed: false, message: `${diff}${hint ? ` (${hint})` : ""}` }
      : { name, passed: true };
  });
  const passed = cases.every((c) => c.passed);
  const lines = [
    `${passed ? "✓" : "✗"} ${exercise.title}: ${cases.filter((c) => c.passed).length}/${cases.length} cases pass`,
    ...cases.map((c) => (c.passed ? `  ✓ ${c.name}` : `  ✗ ${c.name}: ${c.message}`)),
  ];
  if (!passed) lines.push(`  Hint: ${exercise.hint}`);
  lines.forEach((line) => print(line));
  const report: CheckReport = { id: exercise.id, passed, cases, lines };
  // Notebooks echo a cell's last value: show one short line, not the whole report again.
  Object.defineProperty(report, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => `[check ${exercise.id}: ${passed ? "passed" : "not passed yet"}]`,
  });
  return report;
}
