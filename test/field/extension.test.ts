import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as E from "../../core/field/extension.js";

const p = BigInt(P);
const elem = fc.oneof(fc.integer({ min: 0, max: P - 1 }), fc.constantFrom(0, 1, P - 1));
const ext = fc.tuple(elem, elem, elem, elem) as fc.Arbitrary<E.Ext>;

/** Reference product in BigInt: schoolbook, then x^4 → 11. */
function mulRef(a: E.Ext, b: E.Ext): E.Ext {
  const c = new Array<bigint>(7).fill(0n);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j] += BigInt(a[i]) * BigInt(b[j]);
  for (let k = 6; k >= 4; k--) c[k - 4] += 11n * c[k];
  return [0, 1, 2, 3].map((k) => Number(c[k] % p)) as unknown as E.Ext;
}

describe("BabyBear^4 = F_p[x]/(x^4 - 11)", () => {
  it("mul matches a BigInt reference", () => {
    fc.assert(
      fc.property(ext, ext, (a, b) => {
        expect(E.mul4(a, b)).toEqual(mulRef(a, b));
      }),
      {
        numRuns: 3000,
      },
    );
  });

  it("field laws: distributivity, inverse, frobenius is a homomorphism", () => {
    fc.assert(
      fc.property(ext, ext, ext, (a, b, c) => {
        expect(E.mul4(a, E.add4(b, c))).toEqual(E.add4(E.mul4(a, b), E.mul4(a, c)));
        expect(E.sub4(E.add4(a, b), b)).toEqual(a);
        if (!E.equals(a, E.ZERO)) expect(E.mul4(a, E.inv4(a))).toEqual(E.ONE);
        expect(E.frobenius(E.mul4(a, b), 1)).toEqual(E.mul4(E.frobenius(a, 1), E.frobenius(b, 1)));
      }),
      { numRuns: 1000 },
    );
  });

  it("frobenius is x -> x^p", () => {
    fc.assert(
      fc.property(ext, (a) => {
        // a^p by square-and-multiply with the BigInt reference.
        let r: E.Ext = E.ONE;
        let base = a;
        for (let e = p; e > 0n; e >>= 1n) {
          if (e & 1n) r = mulRef(r, base);
          base = mulRef(base, base);
        }
        expect(E.frobenius(a, 1)).toEqual(r);
      }),
      { numRuns: 50 },
    );
  });

  it("inverse of zero is an error; batch inverse names the index", () => {
    expect(() => E.inv4(E.ZERO)).toThrow(/inverse of zero/);
    const v = new Uint32Array(12);
    v[0] = 1;
    v[8] = 5;
    expect(() => E.batchInverse4(v)).toThrow(/index 1/);
    v[5] = 7;
    const out = E.batchInverse4(v);
    for (let i = 0; i < 3; i++) expect(E.mul4(E.getAt(v, i), E.getAt(out, i))).toEqual(E.ONE);
  });
});
