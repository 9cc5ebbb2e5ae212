import { describe, expect, it } from "vitest";
import { co2eColumnUnit, energyColumnUnit, formatInUnit } from "../../src/lib/format/units";

describe("one unit per table column", () => {
  it("energy: the unit of the median value, every row printed in it", () => {
    const joules = [0.1325, 2.04, 25.3, 1597, 13639];
    const unit = energyColumnUnit(joules);
    expect(unit.symbol).toBe("J");
    expect(joules.map((j) => formatInUnit(j, unit))).toEqual(["0.133", "2.04", "25.3", "1,600", "13,600"]);
  });

  it("a column of kilojoules reads in kJ, a column of kilowatt-hours in kWh", () => {
    expect(energyColumnUnit([1600, 3700, 900]).symbol).toBe("kJ");
    expect(energyColumnUnit([3.6e6, 7.2e6, 1.8e6]).symbol).toBe("kWh");
  });

  it("emissions: grams of CO₂e in the median's unit", () => {
    const unit = co2eColumnUnit([1.7e-5, 0.0027, 0.21, 1.79]);
    expect(unit.symbol).toBe("mg CO₂e");
    expect(formatInUnit(1.79, unit)).toBe("1,790");
  });

  it("missing values print as — and do not choose the unit", () => {
    const unit = energyColumnUnit([null, undefined, Number.NaN, 5]);
    expect(unit.symbol).toBe("J");
    expect(formatInUnit(null, unit)).toBe("—");
  });
});
