import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as F from "../../core/field/babybear.js";

const p = BigInt(F.P);
const elem = fc.integer({ min: 0, max: F.P - 1 });
const edge = fc.constantFrom(0, 1, 2, F.P - 1, F.P - 2, 2 ** 30, 2 ** 31 - 2 ** 27, 65535, 65536);
const anyElem = fc.oneof(elem, edge);
const big = (x: number) => BigInt(x);

describe("BabyBear scalar ops match BigInt", () => {
  it("add, sub, mul, neg", () => {
    fc.assert(
      fc.property(anyElem, anyElem, (a, b) => {
        expect(F.add(a, b)).toBe(Number((big(a) + big(b)) % p));
        expect(F.sub(a, b)).toBe(Number((((big(a) - big(b)) % p) + p) % p));
        expect(F.mul(a, b)).toBe(Number((big(a) * big(b)) % p));
        expect(F.neg(a)).toBe(Number((p - big(a)) % p));
      }),
      { numRuns: 5000 },
    );
  });

  it("pow and inv", () => {
    fc.assert(
      fc.property(anyElem, fc.integer({ min: 0, max: 2 ** 40 }), (a, e) => {
        let expected = 1n;
        let base = big(a);
        for (let k = big(e); k > 0n; k >>= 1n) {
          if (k & 1n) expected = (expected * base) % p;
          base = (base * base) % p;
        }
        expect(F.pow(a, e)).toBe(Number(expected));
        if (a !== 0) expect(F.mul(a, F.inv(a))).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it("inverse of zero is an error", () => {
    expect(() => F.inv(0)).toThrow(/inverse of zero/);
    expect(() => F.batchInverse(Uint32Array.of(3, 0, 5))).toThrow(/index 1/);
  });

  it("batch inverse", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: F.P - 1 }), { maxLength: 50 }), (xs) => {
        const out = F.batchInverse(Uint32Array.from(xs));
        xs.forEach((x, i) => expect(F.mul(x, out[i])).toBe(1));
      }),
    );
  });

  it("two-adic generators have exact order 2^k", () => {
    expect(F.twoAdicGenerator(27)).toBe(0x1a427a41); // Plonky3's BabyBear TWO_ADIC_GENERATOR
    for (const k of [1, 5, 20, 27]) {
      const g = F.twoAdicGenerator(k);
      expect(F.pow(g, 2 ** (k - 1))).toBe(F.P - 1);
    }
    expect(() => F.twoAdicGenerator(28)).toThrow(/two-adicity/);
  });
});
