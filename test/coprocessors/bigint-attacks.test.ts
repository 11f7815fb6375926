/**
 * Adversarial review of modmul256, secp256k1_add / secp256k1_double and the bigint gadgets
 * (scratch file of the review; see /tmp/review/secp-review.md). Each test plays a cheating
 * prover against the table alone, with the counterpart messages of test/coprocessors/helpers.ts
 * and — where a forged row sends lookups the honest row does not — a range table that answers
 * every in-range lookup (a cheating prover sets the range table's multiplicities freely, so only
 * an out-of-range value can fail a lookup).
 *
 * Findings pinned here:
 * - W1 (a weakness, not a soundness break; fixed): add's and double's λ was unique only mod P.
 *   When the slope s is small (s < (2^32 + 977 − k2)/2), λ' = s + P also fits 32 bytes, with
 *   k1' = k1 + (x2 − x1), k2' = k2 + 2s + P, k3' = k3 + (x1 − x3): a second, different row for
 *   the same call passed every constraint with balanced buses (the result was the same: x3, y3
 *   are forced). λ is now proven < P; the tests show the second row refused by that check alone.
 * - Attacks that fail (sound): a non-canonical result x3 + P written to memory (only "x3 < P"
 *   refuses it, for every witness); a wrong modmul result whose carries are solved in the field
 *   (a carry leaves its window or the last step fails); out ≡ a·b mod m but ≥ m for an m whose top
 *   limbs are zero; a padding row trying to send the comparison's or below-P's lookup; a call
 *   received twice.
 */
import { describe, expect, it } from "vitest";
import { counterpart, rng } from "./helpers.js";
import { addCall, belowPCandidates, doubleCall } from "./secp256k1-calls.js";
import { checkConstraints } from "../../core/air/check.js";
import type { CompiledAir, Matrix } from "../../core/air/types.js";
import { inv, P as BABYBEAR } from "../../core/field/babybear.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import { Lookups, PAIR_BUS, U14_BUS, U16_BUS, wordAddress } from "../../glue/coprocessor-air.js";
import { modmul256Chip } from "../../coprocessors/modmul256/air.js";
import { MODMUL256_CHAIN, modmul256Cols } from "../../coprocessors/modmul256/columns.js";
import { MODMUL256_SYSCALL } from "../../coprocessors/modmul256/constants.js";
import type { Modmul256Event } from "../../coprocessors/modmul256/events.js";
import { modmul256Trace } from "../../coprocessors/modmul256/trace.js";
import { secp256k1AddChip } from "../../coprocessors/secp256k1/add-air.js";
import { secp256k1AddCols } from "../../coprocessors/secp256k1/add-columns.js";
import {
  writeAddCall,
  writeAddChord,
  writeAddField,
  writeAddReduced,
} from "../../coprocessors/secp256k1/add-trace.js";
import {
  SECP256K1_ADD_SYSCALL,
  SECP256K1_DOUBLE_SYSCALL,
  SECP256K1_P as P,
} from "../../coprocessors/secp256k1/constants.js";
import { secp256k1DoubleChip } from "../../coprocessors/secp256k1/double-air.js";
import { secp256k1DoubleCols } from "../../coprocessors/secp256k1/double-columns.js";
import {
  writeDoubleCall,
  writeDoubleField,
  writeDoubleReduced,
  writeDoubleTangent,
} from "../../coprocessors/secp256k1/double-trace.js";
import type { Secp256k1AddEvent } from "../../coprocessors/secp256k1/events.js";
import { belowPCells, modP } from "../../coprocessors/secp256k1/field.js";
import {
  invModP,
  pointFromBigInts,
  secp256k1Add,
  secp256k1Double,
} from "../../coprocessors/secp256k1/reference.js";

const ok = "all constraints hold and every bus balances";
const point = (x: bigint, y: bigint) => pointFromBigInts(x, y);

/** A lookup message whose value the range table holds (false for any other bus). */
function inRange(bus: number, vals: number[]): boolean {
  if (bus === U16_BUS.id) return vals[0] < 65536;
  if (bus === U14_BUS.id) return vals[0] < 16384;
  if (bus === PAIR_BUS.id) return vals[0] < 256 && vals[1] < 256;
  return false;
}

/** The range table's side of every in-range lookup of `main` (multiplicities set freely). */
function rangeTable(air: CompiledAir, main: Matrix): BusMessage[] {
  const out: BusMessage[] = [];
  const buf = new Uint32Array(air.rows.interactionWords);
  const h = main.height;
  for (let row = 0; row < h; row++) {
    air.rows.interactions(main.values, null, new Uint32Array(0), row, (row + 1) % h, h, buf);
    air.interactions.forEach((it, i) => {
      const off = air.rows.interactionOffsets[i];
      const mult = buf[off + it.bus.width];
      const vals = Array.from(buf.subarray(off, off + it.bus.width));
      if (mult === 0 || !inRange(it.bus.id, vals)) return;
      out.push({ bus: it.bus, values: vals, multiplicity: -mult });
    });
  }
  return out;
}

/** The non-lookup counterpart of calls (call, memory, writable), with no range-table side. */
const machineSide = (syscall: number, written: number, calls: CoprocessorCall[]) =>
  counterpart(syscall, written, calls, new Lookups());

/** Every constraint of the AIR that fails on `row`. */
function failingConstraints(air: CompiledAir, m: Matrix, row: number): string[] {
  const cons = new Uint32Array(air.numAirConstraints);
  air.rows.constraints(
    m.values,
    null,
    new Uint32Array(0),
    row,
    (row + 1) % m.height,
    m.height,
    cons,
  );
  return air.constraints.filter((_, i) => i < cons.length && cons[i] !== 0).map((c) => c.name);
}

/**
 * For every below-P witness a prover could try for the 32 bytes at `at` (slots z, inv), the row
 * is refused, and only by that value's below-P check: its constraints, or (z = 1) its low-limb
 * lookup of a negative value, which no range table answers.
 */
function expectOnlyBelowPFails(
  air: CompiledAir,
  main: Matrix,
  at: number,
  z: number,
  zInv: number,
  machine: BusMessage[],
): void {
  const v = main.values;
  const u = Array.from({ length: 16 }, (_, i) => v[at + 2 * i] + 256 * v[at + 2 * i + 1]);
  let tried = 0;
  for (const [zv, iv] of belowPCandidates(u)) {
    v[z] = zv;
    v[zInv] = iv;
    const rep = checkConstraints([{ air, main }], [...machine, ...rangeTable(air, main)]);
    expect(rep.ok).toBe(false);
    const failing = failingConstraints(air, main, 0);
    expect(
      failing.every((n) => n.startsWith("λ < P")),
      failing.join(),
    ).toBe(true);
    if (failing.length === 0) expect(rep.toString()).toContain("rv.u16");
    tried++;
  }
  expect(tried).toBeGreaterThan(0);
}

const coord = (v: Uint32Array, at: number, n: number, radix: number): bigint => {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = x * BigInt(radix) + BigInt(v[at + i]);
  return x;
};

describe("review: secp256k1_add", () => {
  const air = secp256k1AddChip();
  const C = secp256k1AddCols.index;
  const Wd = secp256k1AddCols.width;

  /** A full row of `call` with slope `lambda`. */
  const row = (call: CoprocessorCall<Secp256k1AddEvent>, lambda: bigint, L: Lookups) => {
    const v = new Uint32Array(8 * Wd);
    writeAddCall(v, 0, call, L);
    writeAddField(v, 0, call.events, lambda, L);
    writeAddReduced(v, 0, L);
    writeAddChord(v, 0);
    return v;
  };

  it("W1 (fixed): λ + P, a second solution of the identities for a small slope, is refused", () => {
    // Off-curve points (the table does not use the curve): p = (1, 5), q = (2, 7): slope 2.
    const p = point(1n, 5n);
    const q = point(2n, 7n);
    const call = addCall(400, 0x2000, 0x8000, p, q, secp256k1Add(p, q), rng(1));
    const s = 2n;
    expect(modP((7n - 5n) * invModP(1n))).toBe(s);
    const La = new Lookups();
    const honest = row(call, s, La);
    const main = (v: Uint32Array) => ({ values: v, width: Wd, height: 8 });
    expect(
      checkConstraints(
        [{ air, main: main(honest) }],
        counterpart(SECP256K1_ADD_SYSCALL, 16, [call], La),
      ).toString(),
    ).toBe(ok);
    // λ + P satisfies the three identities (with k1 + (x2 − x1), k2 + 2s + P, k3 + (x1 − x3)),
    // so only λ < P can refuse it.
    const alt = honest.slice();
    writeAddField(alt, 0, call.events, s + P, new Lookups());
    expect(coord(alt, C.lambda, 32, 256)).toBe(s + P);
    expectOnlyBelowPFails(air, main(alt), C.lambda, C.ltZ + 6, C.ltInv + 6, [
      ...machineSide(SECP256K1_ADD_SYSCALL, 16, [call]),
    ]);
  });

  it("a non-canonical result x3 + P written to memory fails only x3 < P, for every witness", () => {
    // p = (1, 5), q = (2, 7): λ = 2, x3 = 1 (so x3 + P < 2^256), y3 = P − 5.
    const p = point(1n, 5n);
    const q = point(2n, 7n);
    const out = secp256k1Add(p, q);
    const [x3, y3] = [1n, P - 5n];
    expect(Array.from(out)).toEqual(Array.from(point(x3, y3)));
    const forgedOut = point(x3 + P, y3);
    const call = addCall(400, 0x2000, 0x8000, p, q, forgedOut, rng(2));
    const v = new Uint32Array(8 * Wd);
    const L = new Lookups();
    writeAddCall(v, 0, call, L);
    writeAddField(v, 0, call.events, 2n, L); // quotients exist: k2 − 1, k3 − λ
    writeAddChord(v, 0);
    const u16 = (at: number, bytes: boolean) =>
      Array.from({ length: 16 }, (_, i) =>
        bytes ? v[at + 2 * i] + 256 * v[at + 2 * i + 1] : v[at + i],
      );
    const vals = [
      u16(C.x1, true),
      u16(C.y1, false),
      u16(C.x2, true),
      u16(C.y2, false),
      u16(C.x3, true),
      u16(C.y3, false),
      u16(C.lambda, true),
    ];
    vals.forEach((u, i) => {
      if (i === 4) return;
      [v[C.ltZ + i], v[C.ltInv + i]] = belowPCells(`v${i}`, u, L);
    });
    const probeMain = { values: v, width: Wd, height: 8 };
    let tried = 0;
    for (const [z, zInv] of belowPCandidates(vals[4])) {
      v[C.ltZ + 4] = z;
      v[C.ltInv + 4] = zInv;
      const rep = checkConstraints(
        [{ air, main: probeMain }],
        [...machineSide(SECP256K1_ADD_SYSCALL, 16, [call]), ...rangeTable(air, probeMain)],
      );
      expect(rep.ok).toBe(false);
      // Only the below-P check of x3: its constraints, or (z = 1) its low-limb lookup of a
      // negative value, which no range table answers.
      const failing = failingConstraints(air, probeMain, 0);
      expect(
        failing.every((n) => n.startsWith("x3 < P")),
        failing.join(),
      ).toBe(true);
      if (failing.length === 0) expect(rep.toString()).toContain("rv.u16");
      tried++;
    }
    expect(tried).toBeGreaterThan(0);
  });

  it("a call received twice (two real rows for one ecall) leaves the syscall bus unbalanced", () => {
    const p = point(1n, 5n);
    const q = point(2n, 7n);
    const call = addCall(400, 0x2000, 0x8000, p, q, secp256k1Add(p, q), rng(3));
    const L = new Lookups();
    const v = new Uint32Array(8 * Wd);
    const one = row(call, 2n, L);
    v.set(one.subarray(0, Wd), 0);
    v.set(one.subarray(0, Wd), Wd);
    const main = { values: v, width: Wd, height: 8 };
    const rep = checkConstraints(
      [{ air, main }],
      [...machineSide(SECP256K1_ADD_SYSCALL, 16, [call]), ...rangeTable(air, main)],
    );
    expect(rep.ok).toBe(false);
    expect(rep.toString()).toContain("rv.syscall");
  });

  it("a padding row cannot switch a below-P flag on (z ∈ {0, isReal})", () => {
    const v = new Uint32Array(8 * Wd);
    // Row 0 padding, with limbs of x1 making W = 0 (x1 = P − 1) and z = 1, inv = 0.
    const x1 = P - 1n;
    for (let i = 0; i < 32; i++) v[C.x1 + i] = Number((x1 >> BigInt(8 * i)) & 0xffn);
    v[C.ltZ] = 1;
    const main = { values: v, width: Wd, height: 8 };
    const rep = checkConstraints([{ air, main }], rangeTable(air, main));
    expect(rep.ok).toBe(false);
    expect(failingConstraints(air, main, 0)).toContain("x1 < P: W·T·inv = isReal − z");
  });
});

describe("review: secp256k1_double", () => {
  const air = secp256k1DoubleChip();
  const C = secp256k1DoubleCols.index;
  const Wd = secp256k1DoubleCols.width;

  it("W1 (fixed): λ + P for a small tangent slope is refused", () => {
    // x = 1, λ = 5: y = 3/(2·5) mod P (off the curve; the table does not use it).
    const x = 1n;
    const s = 5n;
    const y = modP(3n * invModP(2n * s));
    const p = point(x, y);
    const call = doubleCall(400, 0x2000, p, secp256k1Double(p), rng(4));
    const honest = new Uint32Array(8 * Wd);
    const L = new Lookups();
    writeDoubleCall(honest, 0, call, L);
    writeDoubleField(honest, 0, call.events, s, L);
    writeDoubleReduced(honest, 0, L);
    writeDoubleTangent(honest, 0);
    const main = (v: Uint32Array) => ({ values: v, width: Wd, height: 8 });
    expect(
      checkConstraints(
        [{ air, main: main(honest) }],
        counterpart(SECP256K1_DOUBLE_SYSCALL, 16, [call], L),
      ).toString(),
    ).toBe(ok);
    const alt = honest.slice();
    writeDoubleField(alt, 0, call.events, s + P, new Lookups());
    expect(coord(alt, C.lambda, 32, 256)).toBe(s + P);
    expectOnlyBelowPFails(air, main(alt), C.lambda, C.ltZ + 4, C.ltInv + 4, [
      ...machineSide(SECP256K1_DOUBLE_SYSCALL, 16, [call]),
    ]);
  });
});

describe("review: modmul256", () => {
  const air = modmul256Chip();
  const C = modmul256Cols.index;
  const Wd = modmul256Cols.width;
  const MAX = (1n << 256n) - 1n;
  const toWords = (x: bigint) =>
    Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
  const digits = (x: bigint, n: number, bits: number) =>
    Array.from({ length: n }, (_, i) =>
      Number((x >> BigInt(bits * i)) & ((1n << BigInt(bits)) - 1n)),
    );

  function makeCall(
    clk: number,
    ptrs: number[],
    [a, b, m]: bigint[],
    out: bigint,
    r: () => number,
  ): CoprocessorCall<Modmul256Event> {
    const ts = clk + 3;
    const prev = () => Math.floor(r() * ts);
    const ev = { a: toWords(a), b: toWords(b), m: toWords(m), out: toWords(out) };
    const accesses: MemoryAccess[] = [1, 2, 3].map((i) => ({
      addr: 10 + i,
      old: ptrs[i],
      value: ptrs[i],
      prevTs: prev(),
      ts,
    }));
    const words = (ptr: number, old: Uint32Array, value: Uint32Array) => {
      for (let k = 0; k < 8; k++)
        accesses.push({
          addr: wordAddress(ptr) + k,
          old: old[k],
          value: value[k],
          prevTs: prev(),
          ts,
        });
    };
    words(ptrs[1], ev.a, ev.a);
    words(ptrs[2], ev.b, ev.b);
    words(ptrs[3], ev.m, ev.m);
    words(ptrs[0], new Uint32Array(8), ev.out);
    return { clk, cycle: clk / 4, args: [...ptrs, 0, 0], events: ev, accesses };
  }
  const PTRS = [0x4000, 0x4020, 0x4040, 0x4060];

  /** E_k of the row's cells (the AIR's identity on integers). */
  function coefficients(v: Uint32Array, mZero: number): number[] {
    const cell = (at: number, n: number) => Array.from({ length: n }, (_, i) => v[at + i]);
    const [a, b, m, q, out] = [
      cell(C.a, 32),
      cell(C.b, 32),
      cell(C.m, 32),
      cell(C.q, 64),
      cell(C.out, 16),
    ];
    const E = new Array<number>(96).fill(0);
    a.forEach((x, i) => b.forEach((y, j) => (E[i + j] += x * y)));
    q.forEach((x, i) => m.forEach((y, j) => (E[i + j] -= x * y)));
    q.forEach((x, i) => (E[32 + i] -= mZero * x));
    out.forEach((x, i) => (E[2 * i] -= x));
    return E;
  }

  it("a wrong result cannot be rescued by carries solved in the field", () => {
    // For each forged out (honest ± δ at some limb, q unchanged), solve every carry in the field
    // (c_t = (F_t + c_(t−1))/2^16 mod p: the only value step t accepts) and show that some carry
    // leaves its checked window or the last step is not 0.
    const r = rng(11);
    const big = () => {
      let x = 0n;
      for (let i = 0; i < 32; i++) x = (x << 8n) | BigInt(Math.floor(r() * 256));
      return x;
    };
    const Pb = BigInt(BABYBEAR);
    const Rinv = BigInt(inv(65536)); // 2^16's inverse mod p
    let forgeries = 0;
    for (let trial = 0; trial < 40; trial++) {
      const [a, b, m] = [big(), big(), trial % 2 === 0 ? big() : 0n];
      const honestOut = m === 0n ? (a * b) & MAX : (a * b) % m;
      const call = makeCall(400, PTRS, [a, b, m], honestOut, r);
      const main = modmul256Trace([call], new Lookups());
      const v = main.values;
      const limb = Math.floor(r() * 16);
      const delta = [1, -1, 256, 65535, 4096][trial % 5];
      const nv = (v[C.out + limb] + delta + 65536) % 65536;
      if (nv === v[C.out + limb]) continue;
      v[C.out + limb] = nv;
      const E = coefficients(v, m === 0n ? 1 : 0);
      let c = 0n;
      let escaped = false;
      for (let t = 0; t < MODMUL256_CHAIN.steps; t++) {
        const F = BigInt(E[2 * t]) + 256n * BigInt(E[2 * t + 1]);
        if (t === MODMUL256_CHAIN.steps - 1) {
          if ((((F + c) % Pb) + Pb) % Pb !== 0n) escaped = true;
          break;
        }
        c = (((((F + c) % Pb) + Pb) % Pb) * Rinv) % Pb; // field element
        const slot = MODMUL256_CHAIN.slots[t];
        const looked = (c + BigInt(slot.offset)) % Pb;
        if (looked >= 1n << BigInt(slot.bits)) {
          escaped = true;
          break;
        }
        // keep the integer representative in the window for the next step
        c = looked - BigInt(slot.offset);
      }
      expect(escaped, `trial ${trial}`).toBe(true);
      forgeries++;
    }
    expect(forgeries).toBeGreaterThan(30);
  });

  it("m with zero top limbs: out + K·m (≡ a·b, ≥ m) has no comparison witness", () => {
    const m = 0x1234_5678_9abcn; // 3 limbs, top 13 zero
    const a = MAX;
    const b = MAX - 7n;
    const q = (a * b) / m;
    const out = (a * b) % m;
    const K = (1n << 200n) + 3n; // out + K·m < 2^256 and q ≥ K
    expect(q >= K && out + K * m < MAX).toBe(true);
    const forged = out + K * m;
    const call = makeCall(400, PTRS, [a, b, m], forged, rng(12));
    const main = modmul256Trace([makeCall(400, PTRS, [a, b, m], out, rng(12))], new Lookups());
    const v = main.values;
    digits(forged, 16, 16).forEach((x, i) => (v[C.out + i] = x));
    digits(q - K, 64, 8).forEach((x, i) => (v[C.q + i] = x));
    // Carries of the (true) identity a·b = (q − K)·m + forged.
    const E = coefficients(v, 0);
    let c = 0;
    for (let t = 0; t < 47; t++) {
      c = (E[2 * t] + 256 * E[2 * t + 1] + c) / 65536;
      expect(Number.isInteger(c)).toBe(true);
      v[C.carry + t] = (c + BABYBEAR) % BABYBEAR;
    }
    const out16 = digits(forged, 16, 16);
    const m16 = digits(m, 16, 16);
    let tried = 0;
    for (let word = -1; word < 8; word++)
      for (const hi of [0, 1]) {
        v.fill(0, C.ltMarker, C.ltDiff + 1);
        if (word >= 0) v[C.ltMarker + word] = 1;
        v[C.ltHi] = hi;
        const D = word < 0 ? 0 : m16[2 * word + hi] - out16[2 * word + hi];
        v[C.ltDiff] = (D + BABYBEAR) % BABYBEAR;
        const rep = checkConstraints(
          [{ air, main }],
          [...machineSide(MODMUL256_SYSCALL, 8, [call]), ...rangeTable(air, main)],
        );
        expect(rep.ok).toBe(false);
        expect(rep.toString()).not.toContain("a·b = q·m + out");
        tried++;
      }
    expect(tried).toBe(18);
  });

  it("a padding row cannot send the comparison's lookup (S = 0 is forced)", () => {
    const v = new Uint32Array(8 * Wd);
    v[C.ltMarker + 3] = 1; // S = 1 on a padding row: mZero = −1
    v[C.ltDiff] = 5;
    const main = { values: v, width: Wd, height: 8 };
    const rep = checkConstraints([{ air, main }], rangeTable(air, main));
    expect(rep.ok).toBe(false);
    expect(failingConstraints(air, main, 0)).toContain("mZero bool");
  });
});
