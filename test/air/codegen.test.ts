/**
 * The inline arithmetic every generated evaluator is made of, against BigInt: products (float
 * quotient estimate + Math.imul remainder), sums, differences, negation, reduction of sums and
 * the extension product.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as E from "../../core/field/extension.js";
import {
  PRELUDE,
  addStmt,
  extMulStmts,
  mulStmt,
  negStmt,
  reduceStmt,
  subStmt,
} from "../../core/air/codegen.js";

const p = BigInt(P);
const ops = new Function(`${PRELUDE}
return {
  mul(a, b) { ${mulStmt("r", "a", "b")} return r; },
  add(a, b) { ${addStmt("r", "a", "b")} return r; },
  sub(a, b) { ${subStmt("r", "a", "b")} return r; },
  neg(a) { ${negStmt("r", "a")} return r; },
  reduce(x) { ${reduceStmt("r", "x")} return r; },
  ext(a0, a1, a2, a3, b0, b1, b2, b3) { ${extMulStmts(["c0", "c1", "c2", "c3"], ["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"], "m").join(" ")} return [c0, c1, c2, c3]; },
};`)() as {
  mul(a: number, b: number): number;
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  neg(a: number): number;
  reduce(x: number): number;
  ext(...v: number[]): number[];
};

const edges = [
  0,
  1,
  2,
  3,
  11,
  65535,
  65536,
  2 ** 27,
  2 ** 30 - 1,
  2 ** 30,
  P - 2 ** 27,
  (P - 1) / 2,
  P - 2,
  P - 1,
];
const elem = fc.oneof(fc.integer({ min: 0, max: P - 1 }), fc.constantFrom(...edges));

describe("generated inline arithmetic", () => {
  it("agrees with BigInt on all pairs of edge values", () => {
    for (const a of edges)
      for (const b of edges) {
        const A = BigInt(a);
        const B = BigInt(b);
        expect(ops.mul(a, b)).toBe(Number((A * B) % p));
        expect(ops.add(a, b)).toBe(Number((A + B) % p));
        expect(ops.sub(a, b)).toBe(Number((((A - B) % p) + p) % p));
      }
    for (const a of edges) expect(ops.neg(a)).toBe(Number((p - BigInt(a)) % p));
  });

  it("agrees with BigInt on random values", () => {
    fc.assert(
      fc.property(elem, elem, (a, b) => {
        expect(ops.mul(a, b)).toBe(Number((BigInt(a) * BigInt(b)) % p));
        expect(ops.add(a, b)).toBe(Number((BigInt(a) + BigInt(b)) % p));
        expect(ops.sub(a, b)).toBe(Number((((BigInt(a) - BigInt(b)) % p) + p) % p));
      }),
      { numRuns: 20000 },
    );
  });

  it("reduces sums up to 2^53 (the folding flush reaches 2^52.95)", () => {
    const xs = [
      0,
      1,
      P - 1,
      P,
      P + 1,
      2 * P - 1,
      2 * P,
      34 * P - 1,
      2 ** 49,
      2 ** 50 - 1,
      1234567 * P + 7,
    ];
    for (const x of xs) expect(ops.reduce(x)).toBe(Number(BigInt(x) % p));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 50 - 1 }), fc.maxSafeNat()), (x) => {
        expect(ops.reduce(x)).toBe(Number(BigInt(x) % p));
      }),
      { numRuns: 20000 },
    );
  });

  it("extension product matches core/field/extension.ts", () => {
    const ext = fc.tuple(elem, elem, elem, elem);
    fc.assert(
      fc.property(ext, ext, (a, b) => {
        expect(ops.ext(...a, ...b)).toEqual([...E.mul4(a as E.Ext, b as E.Ext)]);
      }),
      { numRuns: 3000 },
    );
  });
});
