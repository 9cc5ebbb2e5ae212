import { averageIntensity } from "@tgwf/co2";
import { describe, expect, it } from "vitest";
import { ALPHA3_TO_ALPHA2, regionOptions } from "../../src/components/EnergyCalculator/regionNames";

const codes = Object.keys(averageIntensity.data);
// The groups of Ember's data, named by the calculator's translations rather than by Intl.
const GROUPS = new Set([
  "AFRICA",
  "ASEAN",
  "ASIA",
  "EU",
  "EUROPE",
  "G20",
  "G7",
  "LATIN AMERICA AND CARIBBEAN",
  "MIDDLE EAST",
  "NORTH AMERICA",
  "OCEANIA",
  "OECD",
  "WORLD",
]);

describe("calculator region names", () => {
  it("every country code of @tgwf/co2 has an alpha-2 code that Intl.DisplayNames names", () => {
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    const countries = codes.filter((c) => !GROUPS.has(c));
    expect(countries.filter((c) => !ALPHA3_TO_ALPHA2[c])).toEqual([]);
    expect(countries.filter((c) => !names.of(ALPHA3_TO_ALPHA2[c]!))).toEqual([]);
    console.log(countries.map((c) => `${c}=${names.of(ALPHA3_TO_ALPHA2[c]!)}`).join("; "));
  });

  it("no two codes share an alpha-2 code", () => {
    const seen = Object.values(ALPHA3_TO_ALPHA2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("lists groups first, then countries by name in the reader's language", () => {
    const en = regionOptions(["USA", "WORLD", "DEU", "ABW"], "en", (c) =>
      c === "WORLD" ? "World" : undefined,
    );
    expect(en.map((o) => o.name)).toEqual(["World", "Aruba (ABW)", "Germany (DEU)", "United States (USA)"]);
    const zh = regionOptions(["DEU"], "zh-Hans", () => undefined);
    expect(zh[0]!.name).toBe("德国 (DEU)");
  });

  it("names countries by their codes for the server render (its Intl data is not the browser's)", () => {
    const o = regionOptions(["USA", "WORLD", "HKG"], "en", (c) => (c === "WORLD" ? "World" : undefined), {
      countryNames: false,
    });
    expect(o.map((x) => x.name)).toEqual(["World", "HKG", "USA"]);
  });
});
