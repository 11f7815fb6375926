/**
 * The modmul256 AIR (`cop.modmul256`, syscall 0x102): out := a·b mod m over 256-bit integers,
 * m = 0 meaning mod 2^256. One row per call; columns.ts (342).
 *
 * What a row proves, as integers (bytes and limbs range-checked, so nothing wraps mod p):
 *
 *     a·b = q·m + out,  out < m          (m ≠ 0)
 *     a·b = q·2^256 + out                (m = 0; out < 2^256 by its limbs)
 *
 * which makes out = a·b mod m, for any 256-bit a and b (q has 64 bytes for a, b ≥ m).
 *
 * Phases (all on one row; degree ≤ 3):
 * - flags (evalFlags): isReal, sq boolean; sq only on a real row;
 * - reduced (evalReduced): out < m by bigint/compare.ts (marker, hi, diff), whose marker sum S is
 *   1 exactly when that comparison is claimed; mZero = isReal − S is the flag [m = 0]: boolean,
 *   and mZero·Σ m_i = 0 (bytes, so Σ < p: every byte 0). mZero = 0 needs S = 1, i.e. out < m, so
 *   m ≥ 1: the flag is pinned either way. Padding: mZero boolean forces S = 0;
 * - product (evalProduct): a, b, m, q bytes (pair lookups), out u16 limbs (u16 lookups); the
 *   identity a·b − q·m − mZero·q·2^256 − out = 0 as 48 steps of two byte positions with 47 signed
 *   carries (bigint/carry.ts; the bound arithmetic is in its README: every step's value stays
 *   below 1.08·10^9 < p, so each step is an integer equation);
 * - call and memory (evalCall, evalMemory): the call received once (a0 = out pointer); a1, a2, a3
 *   read from registers 11..13; the four pointers proven 4-aligned and ≥ 0x1000 (guestPointer);
 *   out declared writable (8 words); 8 word reads each of a, b, m (old = new = their bytes'
 *   limbs) and 8 writes of out (old from oldLo/oldHi, new = out's limbs), every access at
 *   ts = clk + 3 with prevTs = clk + 2 − gapLo − 2^16·gapHi (gapLo u16, gapHi u14) — the
 *   interactions of `memoryAccess`, written out because prevTs is an expression here (its
 *   constraint would be the constant 0), as poseidon2 does.
 *
 * Squaring (sq = 1, a2 = a1): b's words are the same memory words as a's, read once (the
 * executor records one access per word). The row then proves b = a (their u16 limbs equal; the
 * bytes are range-checked, so the bytes are equal) and b's pointer = a's, sends none of b's
 * accesses (multiplicity isReal − sq) and pins b's gap cells to 0. A prover who leaves sq = 0
 * when a2 = a1 sends two accesses of each word at one timestamp: each access receives a value
 * at a strictly earlier timestamp and sends one at ts, so neither can consume the other's send,
 * and the memory argument's chain for that address (one initial send, one final receive, every
 * access in between consuming one earlier message and producing one later) cannot place both
 * — the memory bus does not balance. The same holds for any other overlap of out, a, b and m
 * (which the executor refuses): no proof exists.
 *
 * Interactions: call 1, writable 1, pointers 4 × 3, register reads 3 × 4, words 32 × 4, bytes
 * 80 pairs, out limbs 16, carries 47, diff 1 = 298; every message degree 1, multiplicities
 * degree 1, so they pair into 149 aux columns (+ the accumulator).
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { add, type Expr, mul, sub, sum } from "../../core/air/expr.js";
import type { RowOf } from "../../core/air/layout.js";
import type { AirBuilder } from "../../core/air/types.js";
import {
  guestPointer,
  type Limbs,
  MEMORY_BUS,
  receiveCall,
  U14_BUS,
  U16_BUS,
  writableWords,
} from "../../glue/coprocessor-air.js";
import { evalCarryChain, identityExprs } from "../bigint/carry.js";
import { evalLessThan } from "../bigint/compare.js";
import { rangeCheckBytes, rangeCheckU16, u16Limbs, wordLimbs } from "../bigint/limbs.js";
import {
  identityTerms,
  MODMUL256_CHAIN,
  modmul256Cols,
  type Modmul256Cols,
  POSITIONS,
} from "./columns.js";
import { MODMUL256_SYSCALL, WORDS } from "./constants.js";

type Cols = RowOf<Modmul256Cols["spec"]>;
type B = AirBuilder<Cols>;

const TWO16 = 65536;
/** Pointer slots (argument order) and the registers a1..a3 are read from. */
const OUT = 0;
const A = 1;
const BB = 2;
const M = 3;
const FIRST_REG = 11;

/** isReal and sq boolean; sq only on a real row (so isReal − sq is boolean too). */
function evalFlags(b: B, l: Cols): void {
  b.assertBool("isReal bool", l.isReal);
  b.assertBool("sq bool", l.sq);
  b.assertZero("sq only on a real row", mul(l.sq, sub(1, l.isReal)));
}

/** out < m unless m = 0; returns the flag mZero = [m = 0] (0 on padding). */
function evalReduced(b: B, l: Cols): Expr {
  const S = evalLessThan(b, "out < m", l.out, u16Limbs(l.m), {
    marker: l.ltMarker,
    hi: l.ltHi,
    diff: l.ltDiff,
  });
  const mZero = sub(l.isReal, S);
  b.assertBool("mZero bool", mZero);
  b.assertZero("mZero ⇒ m = 0", mul(mZero, sum(l.m)));
  return mZero;
}

/** Range checks of the bytes and limbs, and the identity with its carry chain. */
function evalProduct(b: B, l: Cols, mZero: Expr): void {
  rangeCheckBytes(b, "a", l.a, l.isReal);
  rangeCheckBytes(b, "b", l.b, l.isReal);
  rangeCheckBytes(b, "m", l.m, l.isReal);
  rangeCheckBytes(b, "q", l.q, l.isReal);
  rangeCheckU16(b, "out", l.out, l.isReal);
  const E = identityExprs(POSITIONS, identityTerms<Expr>(l.a, l.b, l.m, l.q, l.out, mZero));
  evalCarryChain(b, MODMUL256_CHAIN, E, l.carry, l.isReal);
}

/** One access at ts = clk + 3 of memory-bus address `addr` (see the module comment). */
function access(
  b: B,
  l: Cols,
  name: string,
  addr: Expr | number,
  old: Limbs,
  value: Limbs,
  gap: readonly [Expr, Expr],
  multiplicity: Expr,
): void {
  const prevTs = sub(add(l.clk, 2), add(gap[0], mul(gap[1], TWO16)));
  b.receive(MEMORY_BUS, [addr, old[0], old[1], prevTs], multiplicity, `${name}: old`);
  b.send(MEMORY_BUS, [addr, value[0], value[1], add(l.clk, 3)], multiplicity, `${name}: new`);
  b.send(U16_BUS, [gap[0]], multiplicity, `${name}: gap lo`);
  b.send(U14_BUS, [gap[1]], multiplicity, `${name}: gap hi`);
}

const ptr = (l: Cols, i: number): Limbs => [l.ptrLo[i], l.ptrHi[i]];

/**
 * The call (a0 = out pointer), the register reads of a1..a3, the four pointers' checks; returns
 * the word indices of out, a, b, m.
 */
function evalCall(b: B, l: Cols): Expr[] {
  receiveCall(b, MODMUL256_SYSCALL, l.clk, ptr(l, OUT), l.isReal);
  for (let r = 0; r < 3; r++)
    access(
      b,
      l,
      `a${r + 1}`,
      FIRST_REG + r,
      ptr(l, A + r),
      ptr(l, A + r),
      [l.regGapLo[r], l.regGapHi[r]],
      l.isReal,
    );
  const names = ["out", "a", "b", "m"];
  const w = names.map((name, i) =>
    guestPointer(
      b,
      name,
      { ptr: ptr(l, i), q: l.ptrQ[i], xLo: l.ptrXLo[i], xHi: l.ptrXHi[i] },
      l.isReal,
    ),
  );
  writableWords(b, "out", w[OUT], WORDS, l.isReal);
  return w;
}

/** The 32 guest-word accesses, and squaring's equalities. */
function evalMemory(b: B, l: Cols, w: readonly Expr[]): void {
  const gap = (k: number): [Expr, Expr] => [l.gapLo[k], l.gapHi[k]];
  const inputs = [
    ["a", l.a, A, l.isReal],
    ["b", l.b, BB, sub(l.isReal, l.sq)],
    ["m", l.m, M, l.isReal],
  ] as const;
  inputs.forEach(([name, bytes, slot, mult], j) => {
    for (let k = 0; k < WORDS; k++) {
      const v = wordLimbs(bytes, k);
      access(b, l, `${name} word ${k}`, add(w[slot], 32 + k), v, v, gap(8 * j + k), mult);
    }
  });
  for (let k = 0; k < WORDS; k++) {
    const old: Limbs = [l.oldLo[k], l.oldHi[k]];
    const v: Limbs = [l.out[2 * k], l.out[2 * k + 1]];
    access(b, l, `out word ${k}`, add(w[OUT], 32 + k), old, v, gap(24 + k), l.isReal);
  }
  // Squaring: b is a (same pointer, same limbs), and b's unused gap cells hold 0.
  b.assertZero("sq ⇒ b ptr lo = a ptr lo", mul(l.sq, sub(l.ptrLo[BB], l.ptrLo[A])));
  b.assertZero("sq ⇒ b ptr hi = a ptr hi", mul(l.sq, sub(l.ptrHi[BB], l.ptrHi[A])));
  const a16 = u16Limbs(l.a);
  const b16 = u16Limbs(l.b);
  for (let i = 0; i < a16.length; i++)
    b.assertZero(`sq ⇒ b limb ${i} = a limb ${i}`, mul(l.sq, sub(b16[i], a16[i])));
  for (let k = 8; k < 16; k++) {
    b.assertZero(`sq ⇒ gap lo ${k} = 0`, mul(l.sq, l.gapLo[k]));
    b.assertZero(`sq ⇒ gap hi ${k} = 0`, mul(l.sq, l.gapHi[k]));
  }
}

export const modmul256Air = defineAir({
  name: "cop.modmul256",
  mainColumns: modmul256Cols,
  eval(b) {
    const l = b.local;
    evalFlags(b, l);
    const mZero = evalReduced(b, l);
    evalProduct(b, l, mZero);
    const w = evalCall(b, l);
    evalMemory(b, l, w);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function modmul256Chip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(modmul256Air));
}
