import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as V from "../../core/field/vector.js";
import { heap } from "../../core/wasm/heap.js";

const p = BigInt(P);
const EDGES = [0, 1, 2, P - 1, P - 2, 2 ** 27, 2 ** 30, 2 ** 31 - 2 ** 27, 65535, 65536, 268435454];
// Lengths around the SIMD width and the TypeScript/WASM cut-over, none or some multiples of 4.
const SIZES = [0, 1, 3, 4, 5, 63, 64, 65, 67, 100, 1027, 4099];

let seed = 12345;
function rand(): number {
  // xorshift32: deterministic, so a failure reproduces
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % P;
}

/** Random canonical values with edge values mixed in (every 7th). */
function randomVec(n: number, onHeap: boolean): Uint32Array {
  const v = onHeap ? heap().alloc(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) v[i] = i % 7 === 3 ? EDGES[(i >> 3) % EDGES.length] : rand();
  return v;
}

const bigOp = {
  add: (a: bigint, b: bigint) => (a + b) % p,
  sub: (a: bigint, b: bigint) => (((a - b) % p) + p) % p,
  mul: (a: bigint, b: bigint) => (a * b) % p,
};

function expected(op: keyof typeof bigOp, a: Uint32Array, b: Uint32Array): number[] {
  return Array.from(a, (x, i) => Number(bigOp[op](BigInt(x), BigInt(b[i]))));
}

function modInverse(a: number): number {
  let r = 1n;
  let base = BigInt(a);
  for (let e = p - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * base) % p;
    base = (base * base) % p;
  }
  return Number(r);
}

describe("vector ops match BigInt", () => {
  for (const onHeap of [true, false]) {
    for (const n of SIZES) {
      it(`add, sub, mul, scale, mulAdd, n = ${n}, ${onHeap ? "heap" : "plain"} arrays`, () => {
        const a = randomVec(n, onHeap);
        const b = randomVec(n, onHeap);
        const c = randomVec(n, onHeap);
        const out = onHeap ? heap().alloc(n) : new Uint32Array(n);
        for (const op of ["add", "sub", "mul"] as const) {
          const fn = { add: V.addVec, sub: V.subVec, mul: V.mulVec }[op];
          const ref = { add: V.addVecRef, sub: V.subVecRef, mul: V.mulVecRef }[op];
          const want = expected(op, a, b);
          expect(Array.from(fn(out, a, b)), op).toEqual(want);
          expect(Array.from(ref(new Uint32Array(n), a, b)), `${op}Ref`).toEqual(want);
        }
        for (const s of [0, 1, P - 1, 12345678]) {
          const want = Array.from(a, (x) => Number((BigInt(x) * BigInt(s)) % p));
          expect(Array.from(V.scaleVec(out, a, s)), `scale ${s}`).toEqual(want);
          expect(Array.from(V.scaleVecRef(new Uint32Array(n), a, s))).toEqual(want);
        }
        const wantMa = Array.from(a, (x, i) =>
          Number((BigInt(x) * BigInt(b[i]) + BigInt(c[i])) % p),
        );
        expect(Array.from(V.mulAddVec(out, a, b, c))).toEqual(wantMa);
        expect(Array.from(V.mulAddVecRef(new Uint32Array(n), a, b, c))).toEqual(wantMa);
      });
    }
  }

  it("every pair of edge values, multiplied in all three kernels", () => {
    const n = EDGES.length * EDGES.length;
    const a = heap().alloc(n);
    const b = heap().alloc(n);
    for (let i = 0; i < n; i++) {
      a[i] = EDGES[Math.floor(i / EDGES.length)];
      b[i] = EDGES[i % EDGES.length];
    }
    const want = expected("mul", a, b);
    expect(Array.from(V.mulVec(heap().alloc(n), a, b))).toEqual(want);
    expect(Array.from(V.mulVecMont2(heap().alloc(n), a, b))).toEqual(want);
    const k = V.vectorKernel();
    const out = heap().alloc(n);
    k.mul_mont_shoup(out.byteOffset, a.byteOffset, b.byteOffset, n);
    expect(Array.from(out)).toEqual(want);
  });

  it("property: mulVec = BigInt product on random vectors (fast-check)", () => {
    const elem = fc.oneof(fc.integer({ min: 0, max: P - 1 }), fc.constantFrom(...EDGES));
    fc.assert(
      fc.property(
        fc.array(elem, { minLength: 64, maxLength: 200 }),
        fc.array(elem, { minLength: 200, maxLength: 200 }),
        (xs, ys) => {
          const a = Uint32Array.from(xs);
          const b = Uint32Array.from(ys.slice(0, xs.length));
          expect(Array.from(V.mulVec(new Uint32Array(a.length), a, b))).toEqual(
            expected("mul", a, b),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("out may be an input (in place)", () => {
    const n = 1001;
    const a = randomVec(n, true);
    const b = randomVec(n, true);
    const want = expected("mul", a, b);
    V.mulVec(a, a, b);
    expect(Array.from(a)).toEqual(want);
    const c = randomVec(n, false);
    const want2 = expected("add", c, c);
    V.addVec(c, c, c);
    expect(Array.from(c)).toEqual(want2);
  });

  it("subarray views of heap blocks work in place", () => {
    const block = randomVec(4096, true);
    const a = block.subarray(1, 1001); // not 16-byte aligned
    const b = block.subarray(2001, 3001);
    const want = expected("sub", a, b);
    const out = block.subarray(3001, 4001);
    V.subVec(out, a, b);
    expect(Array.from(out)).toEqual(want);
  });

  it("rejects mismatched lengths and non-canonical scalars", () => {
    expect(() => V.addVec(new Uint32Array(3), new Uint32Array(3), new Uint32Array(4))).toThrow(
      /length 4/,
    );
    expect(() =>
      V.mulAddVec(
        new Uint32Array(100),
        new Uint32Array(100),
        new Uint32Array(100),
        new Uint32Array(99),
      ),
    ).toThrow(/mulAddVec/);
    expect(() => V.scaleVec(new Uint32Array(3), new Uint32Array(3), P)).toThrow(/not canonical/);
  });
});

describe("powVec", () => {
  for (const n of [5, 64, 1027]) {
    it(`matches BigInt powers, n = ${n}`, () => {
      const a = randomVec(n, n > 100);
      for (const e of [0, 1, 2, 7, 2 ** 31 - 1, P - 2, 2 ** 52 + 3]) {
        const want = Array.from(a, (x) => {
          let r = 1n;
          let b = BigInt(x);
          for (let k = BigInt(e); k > 0n; k >>= 1n) {
            if (k & 1n) r = (r * b) % p;
            b = (b * b) % p;
          }
          return Number(r);
        });
        expect(Array.from(V.powVec(new Uint32Array(n), a, e)), `e = ${e}`).toEqual(want);
        expect(Array.from(V.powVecRef(new Uint32Array(n), a, e))).toEqual(want);
      }
      expect(() => V.powVec(new Uint32Array(n), a, -1)).toThrow(/exponent -1/);
    });
  }
});

describe("batchInverseVec", () => {
  for (const onHeap of [true, false]) {
    for (const n of SIZES) {
      it(`matches BigInt inverses, n = ${n}, ${onHeap ? "heap" : "plain"}`, () => {
        const a = randomVec(n, onHeap).map((x) => (x === 0 ? 1 : x));
        const want = Array.from(a, modInverse);
        expect(
          Array.from(V.batchInverseVec(onHeap ? heap().alloc(n) : new Uint32Array(n), a)),
        ).toEqual(want);
        expect(Array.from(V.batchInverseVecRef(new Uint32Array(n), a))).toEqual(want);
        V.batchInverseVec(a, a); // in place
        expect(Array.from(a)).toEqual(want);
      });
    }
  }

  it("throws naming the index of a zero, in the SIMD part and in the tail", () => {
    for (const at of [0, 5, 77, 1000, 1025]) {
      const a = randomVec(1027, true).map((x) => (x === 0 ? 1 : x));
      a[at] = 0;
      expect(() => V.batchInverseVec(heap().alloc(1027), a)).toThrow(new RegExp(`index ${at}\\b`));
    }
    expect(() => V.batchInverseVec(new Uint32Array(5), Uint32Array.of(1, 2, 0, 4, 5))).toThrow(
      /index 2/,
    );
  });
});
