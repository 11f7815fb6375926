import { describe, expect, it } from "vitest";
import { GENERATOR, P, add, mul, pow, twoAdicGenerator } from "../../core/field/babybear.js";
import { type Ext, getAt, inv4, mul4, sub4 } from "../../core/field/extension.js";
import { newMatrix } from "../../core/field/matrix.js";
import {
  OpeningDenominators,
  inverseDifferences,
  inverseDifferencesRef,
  ldePoints,
} from "../../core/fri/denominators.js";
import { reverseBits } from "../../core/poly/reference.js";
import {
  columnDotsKernel,
  columnDotsKernelMany,
  extAxpy,
  extScaleBase,
  foldKernel,
  minPolyEval,
  powersOnHeap,
  quotientAcc,
  rowDotsAcc,
  toMontgomery,
} from "../../core/fri/pcs-kernels.js";
import { foldCodeword, halfInverseTwiddlesMont } from "../../core/fri/fold.js";
import { heap } from "../../core/wasm/heap.js";
import { columnDots, powersOf, rowDots } from "../../core/fri/reduce.js";

let s = 99;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s % P);
const edge = [0, 1, P - 1, P - 2];
function randomMatrix(width: number, height: number, onHeap: boolean) {
  const m = onHeap
    ? newMatrix(width, height)
    : { values: new Uint32Array(width * height), width, height };
  for (let i = 0; i < m.values.length; i++) m.values[i] = i < 8 ? edge[i % 4] : rand();
  return m;
}
const randomExts = (n: number) =>
  Uint32Array.from({ length: 4 * n }, (_, i) => (i < 8 ? edge[i % 4] : rand()));

describe("PCS kernels agree with the TypeScript references", () => {
  for (const [width, height, heap] of [
    [1, 4, false],
    [7, 33, true],
    [100, 1 << 12, true],
    [3, 1 << 13, false],
  ] as const) {
    it(`row and column dot products, ${width} x ${height}${heap ? " (heap)" : ""}`, () => {
      const m = randomMatrix(width, height, heap);
      const wc = randomExts(width);
      const out = new Uint32Array(4 * height);
      rowDotsAcc(m, wc, out);
      expect(out).toEqual(rowDots(m, wc));
      rowDotsAcc(m, wc, out); // accumulates
      const twice = rowDots(m, wc).map((x) => (2 * x) % P);
      expect(out).toEqual(Uint32Array.from(twice));
      const wr = randomExts(height);
      expect(columnDotsKernel(m, wr)).toEqual(columnDots(m, wr));
    });
  }

  // A trace off the heap is streamed through a heap block of 2^20 words: several blocks (whose
  // row counts are not multiples of the kernel's three), several points in one pass.
  for (const [width, height, onHeap] of [
    [3, 1 << 20, false],
    [7, 1 << 18, false],
    [5, 1 << 18, true],
    [2, 16, false],
  ] as const) {
    it(`column dot products at several points in one pass, ${width} x ${height}${onHeap ? " (heap)" : ""}`, () => {
      const m = randomMatrix(width, height, onHeap);
      const ws = [randomExts(height), randomExts(height), randomExts(height)];
      const many = columnDotsKernelMany(m, ws);
      expect(many).toHaveLength(3);
      ws.forEach((w, k) => expect(many[k]).toEqual(columnDots(m, w)));
    });
  }

  /** The weight whose Montgomery form (w·2^32 mod p) is p − 1. */
  const MONT_MAX_WEIGHT = (() => {
    const p = BigInt(P);
    let inv = 1n; // 2^−32 mod p by square-and-multiply: (2^32)^(p − 2)
    let base = (1n << 32n) % p;
    for (let e = p - 2n; e > 0n; e >>= 1n, base = (base * base) % p)
      if (e & 1n) inv = (inv * base) % p;
    return Number(((p - 1n) * inv) % p);
  })();

  // The SIMD dot products sum unreduced 64-bit products, folded every three: all-(p − 1)
  // inputs are the largest sums, at every width and height modulo 3 (and several threads).
  for (const [width, height] of [
    [5, 7],
    [6, 8],
    [4, 1 << 15],
    [3, 9],
  ] as const) {
    it(`row and column dot products of p − 1 only, ${width} x ${height}`, () => {
      const m = newMatrix(width, height);
      m.values.fill(P - 1);
      const wc = new Uint32Array(4 * width).fill(P - 1);
      const out = new Uint32Array(4 * height).fill(P - 1);
      rowDotsAcc(m, wc, out);
      expect(out).toEqual(rowDots(m, wc).map((x) => (x + P - 1) % P));
      const wr = new Uint32Array(4 * height).fill(P - 1);
      expect(columnDotsKernel(m, wr)).toEqual(columnDots(m, wr));
      // rowDotsAcc puts the weights in Montgomery form (w·2^32 mod p): the largest product
      // needs the weight whose Montgomery form is p − 1, i.e. (p − 1)·2^−32 mod p.
      const wm = new Uint32Array(4 * width).fill(MONT_MAX_WEIGHT);
      const fresh = new Uint32Array(4 * height);
      rowDotsAcc(m, wm, fresh);
      expect(fresh).toEqual(rowDots(m, wm));
    });
  }

  it("powers of an extension element, in parallel ranges, equal the sequential ones", () => {
    const z: Ext = [P - 1, 2, P - 2, rand()];
    for (const n of [1, 2, 7, 1 << 14]) {
      const got = powersOnHeap(z, n);
      expect([...got], `n = ${n}`).toEqual([...powersOf(z, n)]);
      heap().free(got);
    }
  });

  it.each([
    [1000, false],
    [1000, true],
    [20011, true],
  ])("quotient accumulation of %i elements: acc += (s·t − c)·inv, scaled: %s", (n, scaled) => {
    const t = randomExts(n);
    const inv = randomExts(n);
    const acc = randomExts(n);
    const c: Ext = [rand(), rand(), P - 1, 0];
    const sc: Ext = [P - 1, rand(), rand(), P - 2];
    const expected = acc.slice();
    for (let i = 0; i < n; i++) {
      const st = scaled ? mul4Ref(getAt(t, i), sc) : getAt(t, i);
      const r = mul4Ref(sub4(st as Ext, c), getAt(inv, i));
      for (let k = 0; k < 4; k++) expected[4 * i + k] = (expected[4 * i + k] + r[k]) % P;
    }
    quotientAcc(acc, t, c, toMontgomery(inv.slice()), scaled ? sc : undefined);
    expect(acc).toEqual(expected);
  });

  it("FRI fold and roll-in kernels match the TypeScript fold", () => {
    for (const logN of [1, 2, 9]) {
      const n = 1 << logN;
      const src = heap().alloc(4 * n);
      src.set(randomExts(n));
      const beta: Ext = [rand(), rand(), rand(), P - 1];
      const dst = heap().alloc(2 * n);
      foldKernel(src, dst, halfInverseTwiddlesMont(logN), beta);
      const expected = foldCodeword(src, logN, beta);
      expect(Uint32Array.from(dst)).toEqual(expected);
      const v = randomExts(n / 2);
      extAxpy(dst, v, beta);
      for (let i = 0; i < n / 2; i++) {
        const r = mul4Ref(getAt(v, i), beta);
        for (let k = 0; k < 4; k++) expected[4 * i + k] = (expected[4 * i + k] + r[k]) % P;
      }
      expect(Uint32Array.from(dst)).toEqual(expected);
      heap().free(src);
      heap().free(dst);
    }
  });

  // 303: one range, SIMD lanes and a scalar tail; 20011: ranges on both threads that do not
  // start at multiples of four.
  it.each([303, 20011])(
    "inverse differences of %i points: 1/(x − z) via the minimal polynomial",
    (n) => {
      const xs = Uint32Array.from({ length: n }, (_, i) => (i < 4 ? edge[i] : rand()));
      const z: Ext = [rand(), rand(), rand(), rand()];
      const scale = Uint32Array.from({ length: n }, rand);
      const out = inverseDifferences(xs, z, { scale });
      for (let i = 0; i < xs.length; i++) {
        const expected = inv4(sub4([xs[i], 0, 0, 0], z)).map((c) => mul(c, scale[i]));
        expect(getAt(out, i)).toEqual(expected);
      }
      for (const opts of [{}, { montgomery: true }, { scale }, { scale, montgomery: true }]) {
        expect(inverseDifferences(xs, z, opts)).toEqual(inverseDifferencesRef(xs, z, opts));
      }
      const z2: Ext = [5, 7, 0, 0]; // in the quadratic subfield: still exact
      const out2 = inverseDifferences(xs, z2);
      for (let i = 0; i < 10; i++) expect(getAt(out2, i)).toEqual(inv4(sub4([xs[i], 0, 0, 0], z2)));
    },
  );

  it.each([5, 4099])("ext × base products of %i elements (Montgomery factor removed)", (n) => {
    const v = randomExts(n);
    const sc = Uint32Array.from({ length: n }, (_, i) => (i < 4 ? edge[i] : rand()));
    const [hv, hs, out] = [heap().alloc(4 * n), heap().alloc(n), heap().alloc(4 * n)];
    hv.set(v);
    hs.set(sc);
    toMontgomery(hv);
    extScaleBase(hv, hs, out);
    for (let i = 0; i < n; i++)
      expect(getAt(out, i), `element ${i}`).toEqual(getAt(v, i).map((c) => mul(c, sc[i])));
    const one = heap().alloc(1);
    one[0] = sc[n - 1];
    extScaleBase(hv, one, out); // one scale for every element
    for (let i = 0; i < n; i++)
      expect(getAt(out, i), `element ${i}`).toEqual(getAt(v, i).map((c) => mul(c, sc[n - 1])));
    for (const b of [hv, hs, out, one]) heap().free(b);
    expect(() => extScaleBase(hv, hs.subarray(2), out)).toThrow(RangeError);
  });
});

describe("the minimal polynomial's values", () => {
  it("are canonical m(x) at every point: SIMD lanes, the scalar tail, ranges on both threads", () => {
    // 40,003 points: split over the threads in ranges that do not start at multiples of 4, each
    // ending in a scalar tail; 7 points: the tail alone. Coefficients near p make unreduced
    // values (in [p, 2p)) likely, so a missing final reduction shows.
    for (const n of [40_003, 7]) {
      const xs = heap().alloc(n);
      const norms = heap().alloc(n);
      const m = heap().alloc(16);
      try {
        for (let i = 0; i < n; i++) xs[i] = i < edge.length ? edge[i] : rand();
        m.set([P - 1, P - 2, P - 1, P - 3]);
        minPolyEval(xs, norms, m);
        for (let i = 0; i < n; i++) {
          const x = xs[i];
          const want = add(mul(add(mul(add(mul(add(x, m[3]), x), m[2]), x), m[1]), x), m[0]);
          if (norms[i] !== want) expect(`norm ${i}: ${norms[i]}`).toBe(`norm ${i}: ${want}`);
        }
      } finally {
        for (const b of [xs, norms, m]) heap().free(b);
      }
    }
  });
});

describe("the opening's denominators", () => {
  it("share the tallest height's points and give 1/(x − z) and the coset weights x/(x − z)", () => {
    const den = new OpeningDenominators(12);
    const z: Ext = [rand(), rand(), rand(), rand()];
    try {
      for (const logN of [0, 3, 12]) expect(den.points(logN)).toEqual(ldePoints(logN));
      expect(() => den.points(13)).toThrow(RangeError);
      const inv = den.inverse(10, z);
      expect(den.inverse(10, z)).toBe(inv); // computed once
      const xs = ldePoints(10);
      expect(Uint32Array.from(inv)).toEqual(inverseDifferencesRef(xs, z, { montgomery: true }));
      // ζ·ω for ω of order 2^9, 2^7, 2^10 (b = 1, 3, 0: the last is no LDE shift, computed anew):
      // derived from ζ's inverses by moving rows, or computed; the same either way.
      for (const logOrder of [9, 7, 10]) {
        const z2 = mul4(z, [twoAdicGenerator(logOrder), 0, 0, 0]);
        const expected = inverseDifferencesRef(xs, z2, { montgomery: true });
        expect(Uint32Array.from(den.inverse(10, z2)), `ω of order 2^${logOrder}`).toEqual(expected);
      }
      const w = den.cosetWeights(9, 1, z); // the coset of 2^9 points: the first half of 2^10
      const coset = ldePoints(9);
      for (let i = 0; i < 512; i++) {
        const x = coset[i];
        const expected = inv4(sub4([x, 0, 0, 0], z)).map((c) => mul(c, x));
        expect(getAt(w, i), `weight ${i}`).toEqual(expected);
      }
      heap().free(w);
    } finally {
      den.free();
    }
  });
});

function mul4Ref(a: Ext, b: Ext): number[] {
  const p = BigInt(P);
  const c = new Array<bigint>(7).fill(0n);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j] += BigInt(a[i]) * BigInt(b[j]);
  for (let k = 6; k >= 4; k--) c[k - 4] += 11n * c[k];
  return [0, 1, 2, 3].map((k) => Number(c[k] % p));
}

describe("domain points", () => {
  it.each([0, 1, 2, 3, 10])("LDE points g·w^rev(i) at 2^%i", (logN) => {
    const w = twoAdicGenerator(logN);
    const lde = ldePoints(logN);
    expect(lde.length).toBe(1 << logN);
    for (let i = 0; i < 1 << logN; i++)
      expect(lde[i], `lde ${i}`).toBe(mul(GENERATOR, pow(w, reverseBits(i, logN))));
  });
});
