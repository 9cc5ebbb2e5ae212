// One rule for quantities on the site, in notebooks and in progress lines: three significant
// figures in the unit that keeps the number between 1 and 1000 (src/lib/format/units.ts).
import { describe, expect, it } from "vitest";
import { formatCO2e, formatDuration, formatEnergy, formatSignificant } from "../../src/lib/format/units";

type Row = { name: string; input: number | null | undefined; expected: string };

const ENERGY: Row[] = [
  { name: "zero is 0 J", input: 0, expected: "0 J" },
  { name: "half a joule is 500 mJ (not 0.5 J)", input: 0.5, expected: "500 mJ" },
  { name: "a microjoule", input: 1e-6, expected: "1.00 µJ" },
  { name: "below a microjoule stays in µJ", input: 2.5e-8, expected: "0.0250 µJ" },
  { name: "far below a microjoule", input: 1e-12, expected: "1.00 × 10⁻⁶ µJ" },
  { name: "one joule keeps three significant figures", input: 1, expected: "1.00 J" },
  { name: "999.96 J rounds up into kJ", input: 999.96, expected: "1.00 kJ" },
  { name: "1,597 J is kJ, like the rest of a ledger column", input: 1596.94, expected: "1.60 kJ" },
  { name: "3,727 J stays kJ (no Wh below 1 kWh)", input: 3727.44, expected: "3.73 kJ" },
  { name: "just below 1 kWh is MJ", input: 3.59e6, expected: "3.59 MJ" },
  { name: "1 kWh", input: 3.6e6, expected: "1.00 kWh" },
  { name: "GPT-3's 1,287 MWh in GWh", input: 3.6e6 * 1287e3, expected: "1.29 GWh" },
  { name: "beyond TWh the number grows", input: 3.6e15 * 12345, expected: "12,300 TWh" },
  { name: "negative keeps its sign", input: -1596.94, expected: "-1.60 kJ" },
  { name: "NaN is a dash", input: Number.NaN, expected: "—" },
  { name: "Infinity is a dash", input: Number.POSITIVE_INFINITY, expected: "—" },
  { name: "null is a dash", input: null, expected: "—" },
  { name: "undefined is a dash", input: undefined, expected: "—" },
];

const CO2E: Row[] = [
  { name: "zero grams", input: 0, expected: "0 g CO₂e" },
  { name: "a ledger run's 1.7e-5 g is µg", input: 1.7408e-5, expected: "17.4 µg CO₂e" },
  { name: "0.21 g is mg", input: 0.2098, expected: "210 mg CO₂e" },
  { name: "grams", input: 12, expected: "12.0 g CO₂e" },
  { name: "999.9 g rounds into kg", input: 999.9, expected: "1.00 kg CO₂e" },
  { name: "tonnes", input: 552e6, expected: "552 t CO₂e" },
  { name: "NaN is a dash", input: Number.NaN, expected: "—" },
];

const DURATION: Row[] = [
  { name: "zero seconds", input: 0, expected: "0 s" },
  { name: "sub-millisecond", input: 0.0004, expected: "0.400 ms" },
  { name: "milliseconds", input: 0.0962, expected: "96.2 ms" },
  { name: "0.9996 s rounds up to seconds", input: 0.9996, expected: "1.00 s" },
  { name: "seconds with three significant figures", input: 12.2037, expected: "12.2 s" },
  { name: "59.96 s rounds up to a minute", input: 59.96, expected: "1 min 0 s" },
  { name: "minutes and seconds", input: 1387.53, expected: "23 min 8 s" },
  { name: "3,599.6 s rounds up to an hour", input: 3599.6, expected: "1 h 0 min" },
  { name: "hours and minutes", input: 7500, expected: "2 h 5 min" },
  { name: "negative keeps its sign", input: -12.2, expected: "-12.2 s" },
  { name: "NaN is a dash", input: Number.NaN, expected: "—" },
  { name: "-Infinity is a dash", input: Number.NEGATIVE_INFINITY, expected: "—" },
  { name: "undefined is a dash", input: undefined, expected: "—" },
];

const SIGNIFICANT: Row[] = [
  { name: "zero", input: 0, expected: "0" },
  { name: "keeps trailing zeros", input: 2, expected: "2.00" },
  { name: "thousands grouped, without an exponent", input: 1234.5, expected: "1,230" },
  { name: "just below a million stays plain", input: 999_400, expected: "999,000" },
  { name: "999,999.9 rounds to a million, in scientific notation", input: 999_999.9, expected: "1.00 × 10⁶" },
  { name: "training FLOPs in scientific notation", input: 3.86496e23, expected: "3.86 × 10²³" },
  { name: "a thousandth stays plain", input: 0.001, expected: "0.00100" },
  { name: "below a thousandth in scientific notation", input: 1.234e-7, expected: "1.23 × 10⁻⁷" },
  { name: "negative", input: -0.012345, expected: "-0.0123" },
  { name: "NaN is a dash", input: Number.NaN, expected: "—" },
];

describe("formatEnergy", () => {
  it.each(ENERGY)("$name", ({ input, expected }) => expect(formatEnergy(input)).toBe(expected));
});

describe("formatCO2e", () => {
  it.each(CO2E)("$name", ({ input, expected }) => expect(formatCO2e(input)).toBe(expected));
});

describe("formatDuration", () => {
  it.each(DURATION)("$name", ({ input, expected }) => expect(formatDuration(input)).toBe(expected));
});

describe("formatSignificant", () => {
  it.each(SIGNIFICANT)("$name", ({ input, expected }) => expect(formatSignificant(input)).toBe(expected));

  it("takes the number of significant figures", () => {
    expect(formatSignificant(Math.PI, 5)).toBe("3.1416");
    expect(formatSignificant(Math.PI, 1)).toBe("3");
    expect(formatSignificant(1000, 5)).toBe("1,000.0");
  });
});
