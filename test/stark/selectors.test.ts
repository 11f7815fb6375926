import { describe, expect, it } from "vitest";
import { GENERATOR, P, inv, mul, pow, twoAdicGenerator } from "../../core/field/babybear.js";
import { type Ext, ONE, div4, mul4, sub4 } from "../../core/field/extension.js";
import { divideByZH, selectorsAtPoint, selectorsOnCoset } from "../../core/stark/selectors.js";
import { heap } from "../../core/wasm/heap.js";
import { reverseBits } from "../../core/poly/reference.js";

/** The Lagrange basis polynomial of H = <w_n> at h = w^j, evaluated at z, by its product form. */
function lagrange(logN: number, j: number, z: Ext): Ext {
  const n = 1 << logN;
  const w = twoAdicGenerator(logN);
  const h = pow(w, j);
  let acc: Ext = ONE;
  for (let k = 0; k < n; k++) {
    if (k === j) continue;
    const wk = pow(w, k);
    acc = mul4(acc, div4(sub4(z, [wk, 0, 0, 0]), sub4([h, 0, 0, 0], [wk, 0, 0, 0])));
  }
  return acc;
}

describe("row selectors", () => {
  const z: Ext = [123456, 789, 101112, 1314];

  it("isFirst and isLast are the Lagrange polynomials of the first and last rows", () => {
    for (const logN of [1, 3, 5]) {
      const s = selectorsAtPoint(logN, z);
      expect(s.isFirst).toEqual(lagrange(logN, 0, z));
      expect(s.isLast).toEqual(lagrange(logN, (1 << logN) - 1, z));
      expect(s.isTransition).toEqual(sub4(z, [inv(twoAdicGenerator(logN)), 0, 0, 0]));
    }
  });

  it("on the LDE coset they agree with the point formulas, at every point", () => {
    for (const [logN, logBlowup] of [
      [4, 2],
      [3, 1],
      [2, 3],
    ]) {
      const sel = selectorsOnCoset(logN, logBlowup);
      const wN = twoAdicGenerator(logN + logBlowup);
      for (let k = 0; k < 1 << (logN + logBlowup); k++) {
        const x = mul(GENERATOR, pow(wN, k));
        const s = selectorsAtPoint(logN, [x, 0, 0, 0]);
        const i = reverseBits(k, logN + logBlowup); // storage order, like the LDE's rows
        expect([sel.isFirst[i], sel.isLast[i], sel.isTransition[i]], `point ${k}`).toEqual([
          s.isFirst[0],
          s.isLast[0],
          s.isTransition[0],
        ]);
        expect(mul(sel.invZ[i], s.zH[0])).toBe(1);
      }
    }
  });

  it("divideByZH divides every point's extension value by Z_H there", () => {
    for (const [logN, logBlowup] of [
      [4, 1],
      [3, 2],
      [5, 3],
    ]) {
      const N = 1 << (logN + logBlowup);
      const v = heap().alloc(4 * N);
      try {
        for (let i = 0; i < v.length; i++) v[i] = (i * 2654435761) % P;
        const before = Uint32Array.from(v);
        divideByZH(v, logN, logBlowup);
        const wN = twoAdicGenerator(logN + logBlowup);
        for (let k = 0; k < N; k++) {
          const x = mul(GENERATOR, pow(wN, k));
          const zH = selectorsAtPoint(logN, [x, 0, 0, 0]).zH[0];
          const i = reverseBits(k, logN + logBlowup);
          for (let c = 0; c < 4; c++)
            expect(mul(v[4 * i + c], zH), `point ${k}`).toBe(before[4 * i + c]);
        }
        expect(() => divideByZH(v.subarray(4), logN, logBlowup)).toThrow(/heap view of/);
        expect(() => divideByZH(before, logN, logBlowup)).toThrow(/heap view of/);
      } finally {
        heap().free(v);
      }
    }
  });
});
