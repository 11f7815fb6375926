import { describe, expect, it } from "vitest";
import { GENERATOR } from "../../core/field/babybear.js";
import { type Matrix, freeMatrix, newMatrix } from "../../core/field/matrix.js";
import {
  cosetLde,
  cosetLdeCoeffs,
  cosetLdeRandomized,
  dft,
  idft,
  inttRef,
  nttRef,
} from "../../core/poly/index.js";
import {
  columnBig,
  evalPoly,
  interpolate,
  p,
  powBig,
  randomValues,
  revBits,
  rootOfUnity,
} from "./bigref.js";

function heapMatrix(width: number, height: number, values = randomValues(width * height)): Matrix {
  const m = newMatrix(width, height);
  m.values.set(values);
  return m;
}

/** The point at row i of the bit-reversed LDE domain: shift · w_N^rev(i). */
function ldePoint(i: number, logN: number, shift: bigint): bigint {
  return (shift * powBig(rootOfUnity(logN), BigInt(revBits(i, logN)))) % p;
}

/** Interpolate each column on H (BigInt), evaluate at every coset point: O(n·N) per column. */
function ldeByEvaluation(m: Matrix, logBlowup: number, shift: bigint): number[] {
  const logN = Math.log2(m.height) + logBlowup;
  const N = 2 ** logN;
  const out = new Array<number>(m.width * N);
  for (let j = 0; j < m.width; j++) {
    const coeffs = interpolate(columnBig(m.values, m.width, j));
    for (let i = 0; i < N; i++)
      out[i * m.width + j] = Number(evalPoly(coeffs, ldePoint(i, logN, shift)));
  }
  return out;
}

describe("cosetLde", () => {
  for (const width of [1, 2, 4, 5]) {
    it(`equals interpolation + evaluation at shift·w^rev(i), width ${width}`, () => {
      for (let log = 0; log <= 5; log++) {
        for (let logBlowup = 0; logBlowup <= 3; logBlowup++) {
          const m = heapMatrix(width, 2 ** log);
          const before = Array.from(m.values);
          const lde = cosetLde(m, logBlowup);
          expect([lde.width, lde.height]).toEqual([width, 2 ** (log + logBlowup)]);
          expect(Array.from(lde.values), `height 2^${log}, blowup 2^${logBlowup}`).toEqual(
            ldeByEvaluation(m, logBlowup, BigInt(GENERATOR)),
          );
          expect(Array.from(m.values)).toEqual(before); // the input is untouched
          freeMatrix(lde);
          freeMatrix(m);
        }
      }
    });
  }

  it("takes inputs outside the heap (copied in)", () => {
    const values = randomValues(3 * 32);
    const before = Array.from(values);
    const plain = { values, width: 3, height: 32 };
    const lde = cosetLde(plain, 1);
    expect(Array.from(lde.values)).toEqual(ldeByEvaluation(plain, 1, BigInt(GENERATOR)));
    expect(Array.from(plain.values)).toEqual(before);
  });

  it("takes any nonzero shift (here 7 and 1: the subgroup itself)", () => {
    for (const shift of [7, 1]) {
      const m = heapMatrix(3, 16);
      const lde = cosetLde(m, 2, shift);
      expect(Array.from(lde.values)).toEqual(ldeByEvaluation(m, 2, BigInt(shift)));
    }
  });

  it("row order is Plonky3's: rows 2k, 2k+1 hold x and −x, and x² is row k of the half domain", () => {
    const logN = 6;
    for (let k = 0; k < 32; k++) {
      const x = ldePoint(2 * k, logN, 31n);
      expect(ldePoint(2 * k + 1, logN, 31n)).toBe((p - x) % p);
      // the half-size domain of the squares: shift² · w_{N/2}^rev(k)
      expect((x * x) % p).toBe(ldePoint(k, logN - 1, (31n * 31n) % p));
    }
  });

  it("degree check: a polynomial of degree < n extends to the evaluations of that polynomial", () => {
    // Build the evaluations on H from known coefficients (BigInt), extend, compare with the
    // polynomial evaluated directly; and the extension re-interpolates to degree < n.
    const n = 32;
    const logBlowup = 2;
    const coeffs = Array.from(randomValues(n), BigInt);
    const w = rootOfUnity(5);
    const evals = new Uint32Array(n);
    for (let i = 0; i < n; i++) evals[i] = Number(evalPoly(coeffs, powBig(w, BigInt(i))));
    const lde = cosetLde(heapMatrix(1, n, evals), logBlowup);
    const N = n << logBlowup;
    for (let i = 0; i < N; i++)
      expect(BigInt(lde.values[i])).toBe(evalPoly(coeffs, ldePoint(i, 7, 31n)));
    // Undo the order and the shift: natural-order values on shift·H', then idft → g(shift·x).
    const natural = new Uint32Array(N);
    for (let i = 0; i < N; i++) natural[revBits(i, 7)] = lde.values[i];
    const g = idft({ values: natural, width: 1, height: N }).values;
    for (let k = n; k < N; k++) expect(g[k], `coefficient ${k}`).toBe(0);
    for (let k = 0; k < n; k++) expect(BigInt(g[k])).toBe((coeffs[k] * powBig(31n, BigInt(k))) % p);
  });

  it("large shapes (threads, several passes) agree with a TypeScript-reference LDE", () => {
    for (const [width, log, logBlowup] of [
      [1, 14, 1],
      [6, 12, 2],
      [100, 9, 1],
      [100, 11, 1], // two inverse-DIF passes, the first reading the input in place
      [8, 14, 1],
    ]) {
      const m = heapMatrix(width, 2 ** log);
      const lde = cosetLde(m, logBlowup);
      const want = referenceLde(m, logBlowup, GENERATOR);
      expect(
        lde.values.every((x, i) => x === want[i]),
        `${width} x 2^${log}, blowup 2^${logBlowup}`,
      ).toBe(true);
      freeMatrix(lde);
      freeMatrix(m);
    }
  });

  it("cosetLdeCoeffs(c) = cosetLde(dft(c)), and options.out is filled in place", () => {
    const c = heapMatrix(4, 64);
    const viaCoeffs = cosetLdeCoeffs(c, 1);
    const evals = heapMatrix(4, 64, c.values);
    dft(evals);
    const out = newMatrix(4, 128);
    const viaEvals = cosetLde(evals, 1, GENERATOR, { out });
    expect(viaEvals).toBe(out);
    expect(Array.from(viaEvals.values)).toEqual(Array.from(viaCoeffs.values));
  });

  it("rejects bad heights, blowups, shifts and outputs", () => {
    const m = heapMatrix(2, 8);
    expect(() => cosetLde({ values: new Uint32Array(12), width: 2, height: 6 }, 1)).toThrow(
      /cosetLde: height: 6 is not a power of two/,
    );
    expect(() => cosetLde(m, -1)).toThrow(/blowup/);
    expect(() => cosetLde(m, 25)).toThrow(/exceeds the two-adic subgroup/);
    expect(() => cosetLde(m, 1, 0)).toThrow(/shift 0/);
    expect(() => cosetLde(m, 1, GENERATOR, { out: newMatrix(2, 8) })).toThrow(
      /out must be a 2 x 16 heap matrix/,
    );
    expect(() => cosetLdeCoeffs(m, 1, 2013265921)).toThrow(/shift/);
    const big = newMatrix(2, 16);
    const inside = { values: big.values.subarray(8, 24), width: 2, height: 8 };
    expect(() => cosetLde(inside, 1, GENERATOR, { out: big })).toThrow(
      /must not overlap the input/,
    );
  });
});

/**
 * A second, independent route to the LDE, in TypeScript: per column, interpolate with the
 * reference iNTT, multiply coefficient i by shift^i, zero-pad to N, reference NTT (natural order
 * on shift·H'), then put row j at position rev(j).
 */
function referenceLde(m: Matrix, logBlowup: number, shift: number): Uint32Array {
  const n = m.height;
  const N = n << logBlowup;
  const logN = Math.log2(N);
  const out = new Uint32Array(N * m.width);
  for (let j = 0; j < m.width; j++) {
    const col = new Uint32Array(n);
    for (let i = 0; i < n; i++) col[i] = m.values[i * m.width + j];
    const coeffs = interpolateRef(col);
    const padded = new Uint32Array(N);
    let s = 1n;
    for (let i = 0; i < n; i++) {
      padded[i] = Number((BigInt(coeffs[i]) * s) % p);
      s = (s * BigInt(shift)) % p;
    }
    nttRef(padded);
    for (let i = 0; i < N; i++) out[revBits(i, logN) * m.width + j] = padded[i];
  }
  return out;
}

function interpolateRef(evals: Uint32Array): Uint32Array {
  return inttRef(evals.slice());
}

describe("cosetLdeRandomized (zero-knowledge commitments)", () => {
  it("is the LDE of f + Z_H·r: equal to cosetLdeCoeffs of those coefficients", () => {
    for (const [logN, logExtra, R, width] of [
      [3, 1, 5, 3],
      [2, 3, 9, 2], // R > n: the two copies of r overlap
      [4, 1, 16, 1],
    ]) {
      const n = 2 ** logN;
      const M = n * 2 ** logExtra;
      const m = heapMatrix(width, n);
      const r: Matrix = { values: Uint32Array.from(randomValues(width * R)), width, height: R };
      const coeffs = idft({ values: Uint32Array.from(m.values), width, height: n });
      const full = new Uint32Array(M * width);
      full.set(coeffs.values);
      for (let i = 0; i < R; i++)
        for (let c = 0; c < width; c++) {
          const x = BigInt(r.values[i * width + c]);
          full[i * width + c] = Number((BigInt(full[i * width + c]) - x + p) % p);
          const at = (n + i) * width + c;
          full[at] = Number((BigInt(full[at]) + x) % p);
        }
      const want = cosetLdeCoeffs({ values: full, width, height: M }, 2);
      const got = cosetLdeRandomized(m, r, logExtra, 2);
      expect(got.values).toEqual(want.values);
      // f' agrees with f on H: its evaluations on the order-M subgroup, every 2^logExtra-th row.
      const onH = dft({ values: full.slice(), width, height: M });
      for (let i = 0; i < n; i++)
        expect(
          onH.values.subarray(i * 2 ** logExtra * width, (i * 2 ** logExtra + 1) * width),
        ).toEqual(m.values.subarray(i * width, (i + 1) * width));
      for (const x of [got, want, m]) freeMatrix(x);
    }
    expect(() =>
      cosetLdeRandomized(
        heapMatrix(1, 4),
        { values: new Uint32Array(5), width: 1, height: 5 },
        1,
        1,
      ),
    ).toThrow(/degree bound 8/);
  });
});
