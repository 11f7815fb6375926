import { describe, expect, it } from "vitest";
import { type Matrix, freeMatrix, newMatrix } from "../../core/field/matrix.js";
import { bitReverseRows, dft, idft, intt, ntt, nttRef, twiddles } from "../../core/poly/index.js";
import { difMatrix, setColumnPlan } from "../../core/poly/ntt.js";
import { difRef } from "../../core/poly/reference.js";
import { columnBig, evalPoly, powBig, randomValues, revBits, rootOfUnity } from "./bigref.js";

function heapMatrix(width: number, height: number): Matrix {
  const m = newMatrix(width, height);
  m.values.set(randomValues(width * height));
  return m;
}

/** The naive DFT of every column, from BigInt: out[i][j] = Σ_k m[k][j] · w^(ik). */
function naiveDft(m: Matrix): number[] {
  const n = m.height;
  const w = rootOfUnity(Math.log2(n));
  const out = new Array<number>(m.values.length);
  for (let j = 0; j < m.width; j++) {
    const c = columnBig(m.values, m.width, j);
    let x = 1n;
    for (let i = 0; i < n; i++) {
      out[i * m.width + j] = Number(evalPoly(c, x));
      x = (x * w) % 2013265921n;
    }
  }
  return out;
}

describe("dft / idft", () => {
  for (const width of [1, 2, 3, 4, 5, 17]) {
    it(`match the naive DFT and invert, width ${width}, heights 1..2^7`, () => {
      for (let log = 0; log <= 7; log++) {
        const m = heapMatrix(width, 2 ** log);
        const original = Array.from(m.values);
        const want = naiveDft(m);
        expect(Array.from(dft(m).values), `dft height 2^${log}`).toEqual(want);
        expect(Array.from(idft(m).values), `idft height 2^${log}`).toEqual(original);
        freeMatrix(m);
      }
    });
  }

  it("idft(dft(x)) = x for larger shapes, threads and cache-blocked passes included", () => {
    for (const [width, log] of [
      [1, 12],
      [1, 17],
      [2, 14],
      [7, 13],
      [100, 11],
      [16, 15],
    ]) {
      const m = heapMatrix(width, 2 ** log);
      const original = m.values.slice();
      dft(m);
      expect(m.values.some((x, i) => x !== original[i])).toBe(true);
      idft(m);
      expect(
        m.values.every((x, i) => x === original[i]),
        `${width} x 2^${log}`,
      ).toBe(true);
      freeMatrix(m);
    }
  });

  it("the SIMD column NTT equals the TypeScript reference, sizes 1..2^18", () => {
    for (let log = 0; log <= 18; log++) {
      const a = randomValues(2 ** log);
      const b = a.slice();
      ntt(a);
      nttRef(b);
      expect(
        a.every((x, i) => x === b[i]),
        `size 2^${log}`,
      ).toBe(true);
    }
  });

  it.each([
    [2, 12],
    [4, 13],
    [9, 12],
    [15, 14],
  ])(
    "a narrow %i x 2^%i matrix (transposed, column by column) equals the reference per column",
    (width, log) => {
      const m = heapMatrix(width, 2 ** log);
      const want = Array.from({ length: width }, (_, j) =>
        nttRef(Uint32Array.from(columnBig(m.values, width, j), Number)),
      );
      dft(m);
      for (let j = 0; j < width; j++)
        expect(
          want[j].every((x, i) => x === m.values[i * width + j]),
          `column ${j}`,
        ).toBe(true);
      freeMatrix(m);
    },
  );

  it("narrow matrices of several blocks, read from another heap matrix, equal the reference DIF", () => {
    // What the LDE's extension does (several blocks) and its interpolation (src ≠ values).
    const [width, logBlock, blocks] = [5, 12, 3];
    const rows = blocks << logBlock;
    const src = heapMatrix(width, rows);
    const out = newMatrix(width, rows);
    difMatrix(out.values, width, rows, logBlock, false, src.values);
    for (let b = 0; b < blocks; b++)
      for (let c = 0; c < width; c++) {
        const col = Uint32Array.from(
          { length: 1 << logBlock },
          (_, i) => src.values[((b << logBlock) + i) * width + c],
        );
        difRef(col, 1 << logBlock);
        expect(
          col.every((x, i) => x === out.values[((b << logBlock) + i) * width + c]),
          `block ${b} column ${c}`,
        ).toBe(true);
      }
    freeMatrix(src);
    freeMatrix(out);
  });

  it("each matrix column transforms like a single column (rows kernel = column kernel)", () => {
    // 2^11 rows: below the narrow path's minimum, so the rows kernel runs.
    const m = heapMatrix(9, 2 ** 11);
    const cols = Array.from({ length: 9 }, (_, j) =>
      Uint32Array.from(columnBig(m.values, 9, j), Number),
    );
    dft(m);
    for (let j = 0; j < 9; j++) {
      ntt(cols[j]);
      expect(
        cols[j].every((x, i) => x === m.values[i * 9 + j]),
        `column ${j}`,
      ).toBe(true);
    }
    freeMatrix(m);
  });

  it("column pass plans with several strided passes and narrow strips give the same result", () => {
    // The default plan needs 2^24 values for two strided passes; shrink it instead.
    const a = randomValues(2 ** 14);
    const want = nttRef(a.slice());
    try {
      for (const plan of [
        { blockLog: 4, passLayers: 3, chunk: 4 },
        { blockLog: 5, passLayers: 2, chunk: 16 },
        { blockLog: 6, passLayers: 4, chunk: 8 },
      ]) {
        setColumnPlan(plan);
        const b = ntt(a.slice());
        expect(
          b.every((x, i) => x === want[i]),
          JSON.stringify(plan),
        ).toBe(true);
        expect(intt(b).every((x, i) => x === a[i])).toBe(true);
      }
    } finally {
      setColumnPlan({ blockLog: 15, passLayers: 8, chunk: 64 });
    }
  });

  it("works on arrays outside the heap (copied in and out)", () => {
    const a = randomValues(1024);
    const b = a.slice();
    ntt(a);
    nttRef(b);
    expect(Array.from(a)).toEqual(Array.from(b));
    intt(a);
    const m = { values: a.slice(), width: 4, height: 256 };
    const want = naiveDft(m);
    expect(Array.from(dft(m).values)).toEqual(want);
  });

  it("rejects heights that are not powers of two, and malformed matrices", () => {
    expect(() => dft({ values: new Uint32Array(6), width: 2, height: 3 })).toThrow(
      /dft: height: 3 is not a power of two/,
    );
    expect(() => idft({ values: new Uint32Array(0), width: 1, height: 0 })).toThrow(/power of two/);
    expect(() => ntt(new Uint32Array(12))).toThrow(/ntt: height: 12 is not a power of two/);
    expect(() => dft({ values: new Uint32Array(7), width: 2, height: 4 })).toThrow(
      /7 values for a 2 x 4/,
    );
    expect(() => twiddles(28)).toThrow(/two-adicity/);
  });
});

describe("bitReverseRows", () => {
  it("moves row i to row rev(i) (simple and tiled kernels, tiles with 0 and more middle bits)", () => {
    for (const [width, log] of [
      [1, 0],
      [2, 8],
      [1, 9],
      [4, 17],
      [1, 3],
      [1, 4],
      [3, 5],
      [1, 16],
      [5, 12],
    ]) {
      const n = 2 ** log;
      const m = heapMatrix(width, n);
      const before = m.values.slice();
      bitReverseRows(m);
      let ok = true;
      for (let i = 0; i < n && ok; i++) {
        const j = revBits(i, log);
        for (let k = 0; k < width; k++)
          if (m.values[j * width + k] !== before[i * width + k]) ok = false;
      }
      expect(ok, `${width} x 2^${log}`).toBe(true);
      freeMatrix(m);
    }
  });
});

describe("twiddles", () => {
  it("hold T[h + t] = w_2h^(±t) and their Shoup companions floor(T · 2^32 / p); larger tables extend smaller ones", () => {
    for (const inverse of [false, true]) {
      const small = twiddles(6, inverse);
      const smallCopy = small.tw.slice(0, 64);
      const t = twiddles(small.logSize + 2, inverse); // forces a rebuild at a larger size
      expect(t.logSize).toBeGreaterThanOrEqual(small.logSize + 2);
      expect(Array.from(t.tw.subarray(1, 64))).toEqual(Array.from(smallCopy.subarray(1)));
      for (let h = 1; h <= 2 ** (t.logSize - 1); h *= 2) {
        const w = rootOfUnity(Math.log2(2 * h));
        const base = inverse ? powBig(w, 2013265919n) : w;
        for (const tt of [0, 1, h >> 1, h - 1]) {
          if (tt >= h) continue;
          const want = powBig(base, BigInt(tt));
          expect(BigInt(t.tw[h + tt]), `h ${h} t ${tt}`).toBe(want);
          expect(BigInt(t.twS[h + tt])).toBe((want << 32n) / 2013265921n);
        }
      }
    }
  });
});
