/**
 * Trace generation of the modmul256 table: one row per call (in cycle order), zero padding to a
 * power of two ≥ 8. The quotient comes from limb arithmetic (bigint/arith.ts: q = ⌊a·b / m⌋,
 * checked to leave the event's out as remainder), the carries from the identity's coefficients
 * on plain numbers, the machine cells from the call's accesses. Every lookup the row sends is
 * counted in `lookups`.
 */
import type { Matrix } from "../../core/field/matrix.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import {
  accessGap,
  type Lookups,
  paddedHeight,
  pointerCells,
  wordAddress,
} from "../../glue/coprocessor-air.js";
import { divRemNat, mulNat } from "../bigint/arith.js";
import { identityValues, writeCarries } from "../bigint/carry.js";
import { writeLessThan } from "../bigint/compare.js";
import { bytesOfWords, countBytes, countU16, u16OfWords, writeCells } from "../bigint/limbs.js";
import { identityTerms, MODMUL256_CHAIN, modmul256Cols, POSITIONS } from "./columns.js";
import { WORDS } from "./constants.js";
import type { Modmul256Event } from "./events.js";

const C = modmul256Cols.index;
const W = modmul256Cols.width;

/** The modmul256 table of one segment's calls. */
export function modmul256Trace(
  calls: readonly CoprocessorCall<Modmul256Event>[],
  lookups: Lookups,
): Matrix {
  const height = paddedHeight(calls.length);
  const values = new Uint32Array(height * W);
  const E = new Float64Array(POSITIONS);
  calls.forEach((call, i) => fillRow(values, i * W, call, lookups, E));
  return { values, width: W, height };
}

/** A call the table cannot reproduce: names its clk. */
function callError(call: CoprocessorCall<Modmul256Event>, what: string): Error {
  return new Error(`modmul256 call at clk ${call.clk}: ${what}`);
}

/** The access to memory-bus address `addr`, checked to read `old` at the call's timestamp. */
function accessAt(
  call: CoprocessorCall<Modmul256Event>,
  byAddr: Map<number, MemoryAccess>,
  addr: number,
  what: string,
): MemoryAccess {
  const a = byAddr.get(addr);
  if (a === undefined) throw callError(call, `no access to ${what} (address ${addr})`);
  if (a.ts !== call.clk + 3)
    throw callError(call, `${what} accessed at ts ${a.ts}, expected clk + 3`);
  return a;
}

/** q = ⌊a·b / m⌋ as 64 bytes (m = 0: ⌊a·b / 2^256⌋); throws unless the remainder is out. */
function quotient(call: CoprocessorCall<Modmul256Event>, mZero: boolean): Uint8Array {
  const ev = call.events;
  const product = mulNat(u16OfWords(ev.a), u16OfWords(ev.b)); // 32 limbs
  let q: Uint32Array = new Uint32Array(32);
  let r: Uint32Array;
  if (mZero) {
    q.set(product.subarray(16));
    r = product.subarray(0, 16);
  } else {
    ({ q, r } = divRemNat(product, u16OfWords(ev.m)));
  }
  const out = u16OfWords(ev.out);
  for (let i = 0; i < 16; i++)
    if (r[i] !== out[i]) throw callError(call, "the event's out is not a·b mod m");
  const bytes = new Uint8Array(64);
  for (let i = 0; i < 32; i++) {
    bytes[2 * i] = q[i] & 255;
    bytes[2 * i + 1] = q[i] >>> 8;
  }
  return bytes;
}

function fillRow(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Modmul256Event>,
  lookups: Lookups,
  E: Float64Array,
): void {
  const ev = call.events;
  const ptrs = [call.args[0], call.args[1], call.args[2], call.args[3]].map((p) => p >>> 0);
  const sq = ptrs[2] === ptrs[1];
  v[o + C.isReal] = 1;
  v[o + C.clk] = call.clk;
  v[o + C.sq] = sq ? 1 : 0;
  const byAddr = new Map(call.accesses.map((a) => [a.addr, a]));
  // The pointers: a0 from the call, a1..a3 read from their registers.
  ptrs.forEach((p, i) => {
    v[o + C.ptrLo + i] = p & 0xffff;
    v[o + C.ptrHi + i] = p >>> 16;
    const [q, xLo, xHi] = pointerCells(p, lookups);
    v[o + C.ptrQ + i] = q;
    v[o + C.ptrXLo + i] = xLo;
    v[o + C.ptrXHi + i] = xHi;
    if (i === 0) return;
    const a = accessAt(call, byAddr, 10 + i, `register a${i}`);
    if (a.old >>> 0 !== p || a.value >>> 0 !== p)
      throw callError(call, `register a${i} holds 0x${a.old.toString(16)}, not the argument`);
    const [gLo, gHi] = accessGap(a, lookups);
    v[o + C.regGapLo + i - 1] = gLo;
    v[o + C.regGapHi + i - 1] = gHi;
  });
  // The words read (a, b unless squaring, m) and written (out).
  const words = [ev.a, ev.b, ev.m, ev.out];
  const slots = [1, 2, 3, 0];
  for (let j = 0; j < 4; j++) {
    if (j === 1 && sq) continue;
    const name = ["a", "b", "m", "out"][j];
    for (let k = 0; k < WORDS; k++) {
      const a = accessAt(call, byAddr, wordAddress(ptrs[slots[j]]) + k, `${name} word ${k}`);
      const x = words[j][k] >>> 0;
      if (j < 3 ? a.old >>> 0 !== x || a.value >>> 0 !== x : a.value >>> 0 !== x)
        throw callError(call, `the access to ${name} word ${k} does not match the event`);
      const [gLo, gHi] = accessGap(a, lookups);
      v[o + C.gapLo + 8 * j + k] = gLo;
      v[o + C.gapHi + 8 * j + k] = gHi;
      if (j === 3) {
        v[o + C.oldLo + k] = a.old & 0xffff;
        v[o + C.oldHi + k] = a.old >>> 16;
      }
    }
  }
  if (sq && ev.b.some((x, k) => x !== ev.a[k])) throw callError(call, "b ≠ a when squaring");
  // The operands, the quotient, the result; their range lookups.
  const [a, b, m] = [ev.a, ev.b, ev.m].map(bytesOfWords);
  const mZero = m.every((x) => x === 0);
  const q = quotient(call, mZero);
  const out = u16OfWords(ev.out);
  writeCells(v, o + C.a, a);
  writeCells(v, o + C.b, b);
  writeCells(v, o + C.m, m);
  writeCells(v, o + C.q, q);
  writeCells(v, o + C.out, out);
  for (const x of [a, b, m, q]) countBytes(lookups, x);
  countU16(lookups, out);
  // The identity's carries, and out < m.
  identityValues(POSITIONS, identityTerms<number>(a, b, m, q, out, mZero ? 1 : 0), E);
  writeCarries(MODMUL256_CHAIN, E, v, o + C.carry, lookups);
  if (!mZero)
    writeLessThan(
      v,
      { marker: o + C.ltMarker, hi: o + C.ltHi, diff: o + C.ltDiff },
      out,
      u16OfWords(ev.m),
      lookups,
    );
}
