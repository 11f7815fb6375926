/**
 * The shared 256-bit gadgets (coprocessors/bigint) on their own: the limb arithmetic of trace
 * generation against BigInt; the carry chain's bound arithmetic (the modmul256 identity takes
 * pairs of bytes, larger identities fall back to single bytes, unsound ones are refused); and a
 * small test AIR built from the gadgets — x·y = q·m + r with x < m over 4-byte values — whose
 * honest rows pass `checkConstraints` and whose forged rows (a wrong r, a wrong carry, r ≥ m
 * with any comparison witness) fail.
 */
import { describe, expect, it } from "vitest";
import { counterpart, rng } from "./helpers.js";
import { checkConstraints } from "../../core/air/check.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import { P } from "../../core/field/babybear.js";
import { Lookups } from "../../glue/coprocessor-air.js";
import { divRemNat, mulNat } from "../../coprocessors/bigint/arith.js";
import {
  carryChain,
  evalCarryChain,
  identityBounds,
  identityExprs,
  identityValues,
  type Term,
  writeCarries,
} from "../../coprocessors/bigint/carry.js";
import { evalLessThan, writeLessThan } from "../../coprocessors/bigint/compare.js";
import {
  bytesOfWords,
  countBytes,
  countU16,
  rangeCheckBytes,
  rangeCheckU16,
  u16Limbs,
  u16OfWords,
} from "../../coprocessors/bigint/limbs.js";

const toBig = (limbs: ArrayLike<number>, bits = 16): bigint => {
  let x = 0n;
  for (let i = limbs.length - 1; i >= 0; i--) x = (x << BigInt(bits)) | BigInt(limbs[i]);
  return x;
};

describe("limb arithmetic (trace side)", () => {
  it("mulNat and divRemNat agree with BigInt, edge cases included", () => {
    const r = rng(5);
    const limbs = (n: number, kind: number) =>
      Array.from({ length: n }, (_, i) =>
        kind === 0
          ? Math.floor(r() * 65536)
          : kind === 1
            ? 0xffff
            : kind === 2
              ? +(i === n - 1)
              : i === n - 1
                ? 1 + Math.floor(r() * 255)
                : Math.floor(r() * 65536),
      );
    let cases = 0;
    for (let t = 0; t < 600; t++) {
      const nl = 1 + Math.floor(r() * 32);
      const dl = 1 + Math.floor(r() * 16);
      const n = limbs(nl, Math.floor(r() * 4));
      const d = limbs(dl, Math.floor(r() * 4));
      if (d.every((x) => x === 0)) continue;
      const { q, r: rem } = divRemNat(n, d);
      const [N, D] = [toBig(n), toBig(d)];
      expect(toBig(q)).toBe(N / D);
      expect(toBig(rem)).toBe(N % D);
      expect(toBig(mulNat(n, d))).toBe(N * D);
      cases++;
    }
    expect(cases).toBeGreaterThan(500);
    // A quotient limb estimate that needs the add-back step (Knuth's D6): 0x7fff_8000_0000_0000
    // over 0x8000_0000_0001 and friends.
    for (const [n, d] of [
      [
        [0, 0, 0x8000, 0x7fff],
        [1, 0, 0x8000],
      ],
      [
        [0, 0xfffe, 0, 0x8000],
        [0xffff, 0, 0x8000],
      ],
      [[0, 0, 1], [1]],
    ]) {
      const { q, r: rem } = divRemNat(n, d);
      expect(toBig(q)).toBe(toBig(n) / toBig(d));
      expect(toBig(rem)).toBe(toBig(n) % toBig(d));
    }
    expect(() => divRemNat([1], [0, 0])).toThrow(/division by zero/);
  });

  it("bytes and limbs of words", () => {
    expect(Array.from(bytesOfWords([0x04030201, 0xffff0000]))).toEqual([
      1, 2, 3, 4, 0, 0, 0xff, 0xff,
    ]);
    expect(Array.from(u16OfWords([0x04030201]))).toEqual([0x0201, 0x0403]);
  });
});

const bytes = (n: number, v = 255) => new Array<number>(n).fill(v);

describe("carry chain bounds", () => {
  it("a·b − q·m − out over 256-bit values takes pairs of bytes: 47 U14 carries", () => {
    const chain = carryChain(
      "modmul",
      identityBounds(96, [
        { x: bytes(32), y: bytes(32) },
        { x: bytes(64), y: bytes(32), coef: -1 },
        { x: [1], y: bytes(64), coef: -1, shift: 32 },
        { x: bytes(16, 65535), coef: -1, stride: 2 },
      ]),
    );
    expect(chain.bytesPerStep).toBe(2);
    expect(chain.carries).toBe(47);
    expect(chain.slots.every((s) => s.bits === 14)).toBe(true);
    expect(Math.max(...chain.slots.map((s) => Math.max(-s.min, s.max)))).toBeLessThanOrEqual(8161);
    // |F_t| ≤ 534,831,135, so a step reaches at most about 534,831,135 + 2^16·2^13 + 2^13.
    expect(chain.fieldBound).toBeLessThan(1_072_000_000);
  });

  it("larger coefficients fall back to one byte per step; unsound ones are refused", () => {
    // Two full products per position: |F_t| in pairs exceeds what a U14 carry can absorb.
    const two = identityBounds(64, [
      { x: bytes(32), y: bytes(32) },
      { x: bytes(32), y: bytes(32) },
      { x: bytes(32), y: bytes(32), coef: -1 },
    ]);
    const chain = carryChain("two products", two);
    expect(chain.bytesPerStep).toBe(1);
    expect(chain.carries).toBe(63);
    expect(() => carryChain("two products", two, { bytesPerStep: 2 })).toThrow(/not sound/);
    // u16 limbs multiplied: 2^32 per product, no chain can carry it.
    const wide = identityBounds(48, [{ x: bytes(16, 65535), y: bytes(16, 65535), stride: 2 }]);
    expect(() => carryChain("u16 products", wide)).toThrow(/not sound/);
  });
});

// A test AIR from the gadgets: 8-byte x, y, m, 16-byte q (x, y ≥ m allowed); x·y = q·m + r with
// r < m (r: 4 u16 limbs).
const cols = layout([
  "isReal",
  ["x", 8],
  ["y", 8],
  ["m", 8],
  ["q", 16],
  ["r", 4],
  ["carry", 11],
  ["marker", 2],
  "hi",
  "diff",
] as const);
const C = cols.index;
const W = cols.width;
const terms = <T>(x: T[], y: T[], m: T[], q: T[], r: T[]): Term<T>[] => [
  { x, y },
  { x: q, y: m, coef: -1 },
  { x: r, coef: -1, stride: 2 },
];
const CHAIN = carryChain(
  "test",
  identityBounds(24, terms(bytes(8), bytes(8), bytes(8), bytes(16), bytes(4, 65535))),
);
const testAir = compileAir(
  defineAir({
    name: "test.bigint",
    mainColumns: cols,
    eval(b) {
      const l = b.local;
      b.assertBool("isReal bool", l.isReal);
      for (const [n, v] of [
        ["x", l.x],
        ["y", l.y],
        ["m", l.m],
        ["q", l.q],
      ] as const)
        rangeCheckBytes(b, n, v, l.isReal);
      rangeCheckU16(b, "r", l.r, l.isReal);
      const E = identityExprs(24, terms([...l.x], [...l.y], [...l.m], [...l.q], [...l.r]));
      evalCarryChain(b, CHAIN, E, l.carry, l.isReal);
      const S = evalLessThan(b, "r < m", l.r, u16Limbs(l.m), {
        marker: l.marker,
        hi: l.hi,
        diff: l.diff,
      });
      b.assertEq("reduced", S, l.isReal);
    },
  }),
);

const digits = (v: bigint, n: number, bits: number): number[] =>
  Array.from({ length: n }, (_, i) =>
    Number((v >> BigInt(bits * i)) & ((1n << BigInt(bits)) - 1n)),
  );

/** Row `row` claiming x·y = q·m + r (r as given, q as given), with `mark` choosing the witness. */
function writeRow(
  v: Uint32Array,
  row: number,
  [x, y, m, q, r]: bigint[],
  L: Lookups,
  mark?: { word: number; hi: number },
): void {
  const o = row * W;
  v[o + C.isReal] = 1;
  const [xb, yb, mb] = [x, y, m].map((z) => digits(z, 8, 8));
  const qb = digits(q, 16, 8);
  const r16 = digits(r, 4, 16);
  [xb, yb, mb, qb, r16].forEach((d, k) =>
    d.forEach((z, i) => (v[o + [C.x, C.y, C.m, C.q, C.r][k] + i] = z)),
  );
  for (const b of [xb, yb, mb, qb]) countBytes(L, b);
  countU16(L, r16);
  writeCarries(CHAIN, identityValues(24, terms(xb, yb, mb, qb, r16)), v, o + C.carry, L);
  const m16 = digits(m, 4, 16);
  if (mark === undefined) {
    writeLessThan(v, { marker: o + C.marker, hi: o + C.hi, diff: o + C.diff }, r16, m16, L);
    return;
  }
  // A forced witness: the diff its own equation gives, looked up only if in range.
  const { word, hi } = mark;
  if (word >= 0) v[o + C.marker + word] = 1;
  v[o + C.hi] = hi;
  const L16 = 2 * word + hi;
  const D = word < 0 ? 0 : m16[L16] - r16[L16];
  v[o + C.diff] = (D + P) % P;
  if (D - 1 >= 0 && D - 1 < 65536) L.range16(D - 1);
}

const honest = (x: bigint, y: bigint, m: bigint) => [x, y, m, (x * y) / m, (x * y) % m];
const MAX = (1n << 64n) - 1n;

function checkAll(main: { values: Uint32Array; width: number; height: number }, L: Lookups) {
  return checkConstraints([{ air: testAir, main }], counterpart(0, 0, [], L));
}

describe("a test AIR built from the gadgets", () => {
  const cases: bigint[][] = [
    honest(MAX, MAX, 1n),
    honest(MAX, MAX, MAX),
    honest(MAX, MAX - 1n, 1n << 32n),
    honest(0n, 5n, 7n),
    honest(123456789123n, 987654321987n, 1n << 63n),
    honest(0x1234n, 0x10000n, 0x1234_0001n), // r and m differ in the low limb only
  ];
  const table = (rows: bigint[][]) => {
    const L = new Lookups();
    const values = new Uint32Array(8 * W);
    rows.forEach((row, i) => writeRow(values, i, row, L));
    return { main: { values, width: W, height: 8 }, L };
  };

  it("honest rows pass; padding is zero", () => {
    const r = rng(9);
    const w = () =>
      BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(r() * 2 ** 32));
    const rows = [...cases, honest(w(), w(), w() | 1n), honest(w(), w(), (w() >> 33n) | 1n)];
    const { main, L } = table(rows);
    expect(checkAll(main, L).toString()).toBe("all constraints hold and every bus balances");
  });

  it("a wrong remainder or carry fails", () => {
    const { main, L } = table(cases);
    const o = 1 * W;
    main.values[o + C.r] ^= 1;
    expect(checkAll(main, L).ok).toBe(false);
    main.values[o + C.r] ^= 1;
    main.values[o + C.carry + 1] = (main.values[o + C.carry + 1] + 1) % P;
    expect(checkAll(main, L).ok).toBe(false);
    main.values[o + C.carry + 1] = (main.values[o + C.carry + 1] + P - 1) % P;
    expect(checkAll(main, L).ok).toBe(true);
  });

  it("r ≥ m with a correct identity has no comparison witness", () => {
    // x·y = (q − 1)·m + (r + m): the identity and every range check hold, so only the comparison
    // can refuse it; no marker position and hi value passes (nor none).
    for (const [x, y, m] of [
      [MAX, 3n, 1n << 32n],
      [0x1234_5678_9abcn, 0x9abc_def0n, 0x7fff_0001_0000_0001n],
      [1000n, 1000n, 999n],
      [MAX, MAX, MAX >> 1n],
    ]) {
      const [, , , q, r] = honest(x, y, m);
      expect(q > 0n && r + m <= MAX).toBe(true);
      for (let word = -1; word < 2; word++)
        for (const hi of [0, 1]) {
          const L = new Lookups();
          const values = new Uint32Array(8 * W);
          writeRow(values, 0, [x, y, m, q - 1n, r + m], L, { word, hi });
          expect(checkAll({ values, width: W, height: 8 }, L).ok).toBe(false);
        }
    }
    // and r = m exactly (equal values: every marker gives D = 0 or a mismatch above it)
    for (let word = -1; word < 2; word++)
      for (const hi of [0, 1]) {
        const L = new Lookups();
        const values = new Uint32Array(8 * W);
        writeRow(values, 0, [7n, 1n, 7n, 0n, 7n], L, { word, hi });
        expect(checkAll({ values, width: W, height: 8 }, L).ok).toBe(false);
      }
  });
});
