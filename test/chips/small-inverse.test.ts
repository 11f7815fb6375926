import { describe, expect, it } from "vitest";
import { P, inv, mul } from "../../core/field/babybear.js";
import { SMALL_INVERSE_LIMIT, invSmall } from "../../glue/chips/small-inverse.js";

describe("invSmall: inverses of small integers from a table", () => {
  it("agrees with the field inversion across the table and beyond it", () => {
    const samples = [1, 2, 3, 65535, 65536, SMALL_INVERSE_LIMIT - 1, SMALL_INVERSE_LIMIT, P - 1];
    for (let s = 7; s < SMALL_INVERSE_LIMIT; s += 997) samples.push(s);
    for (const s of samples) {
      expect(invSmall(s), `1/${s}`).toBe(inv(s));
      expect(mul(invSmall(s), s)).toBe(1);
    }
  });

  it("refuses zero as the field inversion does", () => {
    expect(() => invSmall(0)).toThrow(RangeError);
  });
});
