/** The bit-reversal table built entry from entry against the reversal of each index. */
import { describe, expect, it } from "vitest";
import { fillBitReversal, reverseBits } from "../../core/poly/reference.js";

describe("fillBitReversal", () => {
  it("equals reverseBits at every index, 0 to 14 bits", () => {
    for (let bits = 0; bits <= 14; bits++) {
      const t = fillBitReversal(new Uint32Array(2 ** bits), bits);
      for (let i = 0; i < t.length; i++) expect(t[i]).toBe(reverseBits(i, bits));
    }
  });

  it("refuses a table of the wrong length", () => {
    expect(() => fillBitReversal(new Uint32Array(6), 3)).toThrow(/6 != 2\^3/);
  });
});
