import { describe, expect, it } from "vitest";
import {
  REFERENCE_ID_PATTERN,
  fullAuthors,
  getReference,
  parseCiteIds,
  referenceLink,
  references,
  shortCitation,
  sortedReferences,
} from "../../src/data/references";

describe("reference registry", () => {
  it("has unique ids made of lowercase letters and digits", () => {
    const ids = references.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id, id).toMatch(REFERENCE_ID_PATTERN);
  });

  it.each(references.map((r) => [r.id, r] as const))(
    "entry %s has authors, a plausible year, a title, a venue and a URL or DOI",
    (_id, r) => {
      expect(r.authors.length).toBeGreaterThan(0);
      for (const a of r.authors) expect(a.trim().length).toBeGreaterThan(0);
      expect(Number.isInteger(r.year)).toBe(true);
      expect(r.year).toBeGreaterThanOrEqual(1950);
      expect(r.year).toBeLessThanOrEqual(new Date().getUTCFullYear());
      expect(r.title.trim().length).toBeGreaterThan(0);
      expect(r.venue.trim().length).toBeGreaterThan(0);
      const link = referenceLink(r);
      expect(link).toBeDefined();
      expect(link).toMatch(/^https:\/\/[^\s]+$/);
      if (r.doi) expect(r.doi).toMatch(/^10\.\d{4,9}\/\S+$/);
    },
  );

  it("formats short citations by author count", () => {
    expect(shortCitation(getReference("patterson2021"))).toBe("Patterson et al., 2021");
    expect(shortCitation(getReference("jain2019"))).toBe("Jain & Wallace, 2019");
    expect(shortCitation(getReference("openai2023"))).toBe("OpenAI, 2023");
    // a truncated author list is "et al." even with two names listed
    expect(shortCitation({ ...getReference("jain2019"), etAl: true })).toBe("Jain et al., 2019");
  });

  it("gives distinct short citations to distinct entries", () => {
    const seen = new Map<string, string>();
    for (const r of references) {
      const label = shortCitation(r);
      expect(seen.get(label), `${r.id} and ${seen.get(label)} both cite as "${label}"`).toBeUndefined();
      seen.set(label, r.id);
    }
  });

  it("throws on an unknown id, naming the registry and near ids", () => {
    expect(() => getReference("patterson1999")).toThrow(
      /Unknown citation id "patterson1999".*src\/data\/references\.ts.*patterson2021/,
    );
    expect(() => getReference("zzz")).toThrow(/Unknown citation id/);
  });

  it("splits several ids in one Cite prop", () => {
    expect(parseCiteIds("kaplan2020, hoffmann2022")).toEqual(["kaplan2020", "hoffmann2022"]);
    expect(parseCiteIds(" a ")).toEqual(["a"]);
    expect(parseCiteIds("")).toEqual([]);
  });

  it("lists full authors with an ampersand or et al.", () => {
    expect(fullAuthors(getReference("jain2019"))).toBe("Jain, S., & Wallace, B. C.");
    expect(fullAuthors(getReference("brown2020"))).toMatch(/, et al\.$/);
  });

  it("sorts the list by first author then year", () => {
    const sorted = sortedReferences();
    expect(sorted).toHaveLength(references.length);
    const i = sorted.findIndex((r) => r.id === "touvron2023");
    const j = sorted.findIndex((r) => r.id === "vaswani2017");
    expect(i).toBeLessThan(j);
  });
});
