import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { batchInverseExtInPlace } from "../../core/field/ext-kernels.js";
import { batchInverse4 } from "../../core/field/extension.js";
import { heap } from "../../core/wasm/heap.js";

let s = 5;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s % P);

describe("extension batch inversion kernel", () => {
  for (const n of [1, 3, 1000, 5000, 70_000]) {
    it(`agrees with the reference for ${n} elements`, () => {
      const v = Uint32Array.from({ length: 4 * n }, (_, i) =>
        i < 8 ? [0, 1, P - 1, 2][i % 4] : rand(),
      );
      const expected = batchInverse4(v);
      const got = v.slice();
      expect(batchInverseExtInPlace(got)).toBe(-1);
      expect(got).toEqual(expected);
      const onHeap = heap().alloc(4 * n);
      onHeap.set(v);
      expect(batchInverseExtInPlace(onHeap)).toBe(-1);
      expect(Uint32Array.from(onHeap)).toEqual(expected);
      heap().free(onHeap);
    });
  }

  // The kernel sums unreduced products (bounded below 2^64 for canonical inputs): every element
  // with coefficients among 0, 1, p − 2, p − 1 (the largest products), and the subfields
  // (a base element, an element of F_p[x²]) where the norm takes its shortcuts.
  it("agrees with the reference at extreme coefficients", () => {
    const edge = [0, 1, P - 2, P - 1];
    const v: number[] = [];
    for (let k = 1; k < 256; k++)
      v.push(edge[k & 3], edge[(k >> 2) & 3], edge[(k >> 4) & 3], edge[k >> 6]);
    const a = Uint32Array.from(v);
    const expected = batchInverse4(a);
    const got = a.slice();
    expect(batchInverseExtInPlace(got)).toBe(-1);
    expect(got).toEqual(expected);
  });

  it("names the index of a zero and leaves the input unchanged", () => {
    const v = Uint32Array.from({ length: 4 * 5000 }, () => rand() | 1);
    v.fill(0, 4 * 3210, 4 * 3211);
    const copy = v.slice();
    expect(batchInverseExtInPlace(v)).toBe(3210);
    expect(v).toEqual(copy);
  });

  it("leaves out the elements whose skip word is 0: unchanged, and a zero there is no error", () => {
    const n = 70_000;
    const v = heap().alloc(4 * n);
    const skip = heap().alloc(n);
    try {
      for (let i = 0; i < 4 * n; i++) v[i] = rand() | 1;
      for (let i = 0; i < n; i++) skip[i] = i % 3 === 0 ? 0 : rand();
      v.fill(0, 4 * 3, 4 * 4); // element 3 is zero but skipped (3 % 3 = 0)
      const before = Uint32Array.from(v);
      const inverted = batchInverse4(before.map((x, i) => (i >= 12 && i < 16 ? 1 : x)));
      expect(batchInverseExtInPlace(v, skip)).toBe(-1);
      for (let i = 0; i < n; i++) {
        const want = skip[i] === 0 ? before : inverted;
        expect(Array.from(v.subarray(4 * i, 4 * i + 4)), `element ${i}`).toEqual(
          Array.from(want.subarray(4 * i, 4 * i + 4)),
        );
      }
      // A zero that is not skipped is still named.
      v.fill(0, 4 * 5, 4 * 6);
      expect(batchInverseExtInPlace(v, skip)).toBe(5);
      expect(() => batchInverseExtInPlace(v, skip.subarray(1))).toThrow(/skip must be/);
    } finally {
      heap().free(v);
      heap().free(skip);
    }
  });
});
