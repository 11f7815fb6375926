/**
 * Trace generation of the secp256k1_add table: one row per call (in cycle order), zero padding
 * to a power of two ≥ 8, written phase by phase as add-air.ts checks them (call, field,
 * reduced, chord). Only the slope and the three quotients are computed with BigInt, once per
 * call (one modular inverse, a few 512-bit products): everything else — bytes, identity
 * coefficients, carries, below-P flags — with plain numbers. The result is recomputed and
 * checked against the event's. Every lookup the row sends is counted in `lookups`.
 */
import { inv } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { CoprocessorCall } from "../../glue/coprocessor.js";
import { accessGap, type Lookups, paddedHeight, pointerCells } from "../../glue/coprocessor-air.js";
import { identityValues } from "../bigint/carry.js";
import { writeStepCarries } from "../bigint/carry-steps.js";
import {
  bytesOfWords,
  countBytes,
  countU16,
  u16OfBytes,
  u16OfWords,
  writeCells,
} from "../bigint/limbs.js";
import { secp256k1AddCols } from "./add-columns.js";
import { COORD_WORDS } from "./constants.js";
import type { Secp256k1AddEvent } from "./events.js";
import { bytesOfBigInt, modP, quotientBytes, writeBelowP } from "./field.js";
import { ADD_CHAINS, addIdentities, K_BYTES, POSITIONS } from "./identities.js";
import { accessAt, pointAccessCells } from "./point-memory.js";
import { invModP, pointToBigInts } from "./reference.js";

const C = secp256k1AddCols.index;
const W = secp256k1AddCols.width;
const TABLE = "secp256k1_add";
const TWO256 = 1n << 256n;
/** Register a1 on the memory bus. */
const A1 = 11;

/** The secp256k1_add table of one segment's calls. */
export function secp256k1AddTrace(
  calls: readonly CoprocessorCall<Secp256k1AddEvent>[],
  lookups: Lookups,
): Matrix {
  const height = paddedHeight(calls.length);
  const values = new Uint32Array(height * W);
  calls.forEach((call, i) => fillRow(values, i * W, call, lookups));
  return { values, width: W, height };
}

/**
 * The chord's slope λ = (y2 − y1)/(x2 − x1) mod P of an event (BigInt: one modular inverse);
 * throws if the event's result is not p + q.
 */
export function addSlope(ev: Secp256k1AddEvent): bigint {
  const [x1, y1] = pointToBigInts(ev.p);
  const [x2, y2] = pointToBigInts(ev.q);
  const [x3, y3] = pointToBigInts(ev.out);
  const l = modP((y2 - y1) * invModP(x2 - x1));
  if (x3 !== modP(l * l - x1 - x2) || y3 !== modP(l * (x1 - x3) - y1))
    throw new Error(`${TABLE}: the event's result is not p + q`);
  return l;
}

function fillRow(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Secp256k1AddEvent>,
  lookups: Lookups,
): void {
  writeAddCall(v, o, call, lookups);
  writeAddField(v, o, call.events, addSlope(call.events), lookups);
  writeAddReduced(v, o, lookups);
  writeAddChord(v, o);
}

/** The machine cells (evalCall): isReal, clk, the pointers, a1's read and the 32 gaps. */
export function writeAddCall(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Secp256k1AddEvent>,
  lookups: Lookups,
): void {
  const ev = call.events;
  const pPtr = call.args[0] >>> 0;
  const qPtr = call.args[1] >>> 0;
  v[o + C.isReal] = 1;
  v[o + C.clk] = call.clk;
  v[o + C.pPtrLo] = pPtr & 0xffff;
  v[o + C.pPtrHi] = pPtr >>> 16;
  writeCells(v, o + C.pAlign, pointerCells(pPtr, lookups));
  v[o + C.qPtrLo] = qPtr & 0xffff;
  v[o + C.qPtrHi] = qPtr >>> 16;
  const [rLo, rHi] = accessGap(accessAt(call, TABLE, A1, qPtr, qPtr), lookups);
  v[o + C.qRegGapLo] = rLo;
  v[o + C.qRegGapHi] = rHi;
  writeCells(v, o + C.qAlign, pointerCells(qPtr, lookups));
  pointAccessCells(call, TABLE, pPtr, ev.p, ev.out, v, o + C.gLo, o + C.gHi, lookups);
  pointAccessCells(call, TABLE, qPtr, ev.q, ev.q, v, o + C.gLo + 16, o + C.gHi + 16, lookups);
}

/**
 * The field cells (evalField) of the event's words with slope `lambda`: operands (x bytes,
 * y u16 limbs), λ, the quotients k_i = D_i/P + o_i and the carries. The honest λ is `addSlope`'s;
 * soundness tests pass others. Throws if an identity has no quotient (D_i ≢ 0 mod P).
 */
export function writeAddField(
  v: Uint32Array,
  o: number,
  ev: Secp256k1AddEvent,
  lambda: bigint,
  lookups: Lookups,
): void {
  const [x1, y1] = pointToBigInts(ev.p);
  const [x2, y2] = pointToBigInts(ev.q);
  const [x3, y3] = pointToBigInts(ev.out);
  const l = lambda;
  const k = [
    quotientBytes(l * (x2 - x1) - (y2 - y1), TWO256, K_BYTES[0]),
    quotientBytes(l * l - x1 - x2 - x3, 3n, K_BYTES[1]),
    quotientBytes(l * (x1 - x3) - y1 - y3, TWO256, K_BYTES[2]),
  ];
  const ops = {
    x1: bytesOfWords(ev.p.subarray(0, COORD_WORDS)),
    y1: u16OfWords(ev.p.subarray(COORD_WORDS)),
    x2: bytesOfWords(ev.q.subarray(0, COORD_WORDS)),
    y2: u16OfWords(ev.q.subarray(COORD_WORDS)),
    x3: bytesOfWords(ev.out.subarray(0, COORD_WORDS)),
    y3: u16OfWords(ev.out.subarray(COORD_WORDS)),
    lambda: bytesOfBigInt(l, 32),
    k1: k[0],
    k2: k[1],
    k3: k[2],
  };
  for (const name of ["x1", "y1", "x2", "y2", "x3", "y3", "lambda", "k1", "k2", "k3"] as const)
    writeCells(v, o + C[name], ops[name]);
  countBytes(
    lookups,
    [ops.x1, ops.x2, ops.lambda, ops.x3, ...k].flatMap((a) => Array.from(a)),
  );
  countU16(lookups, ops.y3);
  const carryAt = [C.c1, C.c2, C.c3];
  addIdentities({ ...ops, one: 1 }).forEach((terms, i) =>
    writeStepCarries(
      ADD_CHAINS[i],
      identityValues(POSITIONS[i], terms),
      v,
      o + carryAt[i],
      lookups,
    ),
  );
}

/** The below-P cells (evalReduced) of the row's x1, y1, x2, y2, x3, y3, λ; throws for one ≥ P. */
export function writeAddReduced(v: Uint32Array, o: number, lookups: Lookups): void {
  const bytes = (at: number) => u16OfBytes(v.subarray(o + at, o + at + 32));
  const limbs = (at: number) => v.subarray(o + at, o + at + 16);
  const values = [
    ["x1", bytes(C.x1)],
    ["y1", limbs(C.y1)],
    ["x2", bytes(C.x2)],
    ["y2", limbs(C.y2)],
    ["x3", bytes(C.x3)],
    ["y3", limbs(C.y3)],
    ["λ", bytes(C.lambda)],
  ] as const;
  writeBelowP(v, o + C.ltZ, o + C.ltInv, values, lookups);
}

/** The chord cell (evalChord): dInv = 1 / Σ (x2_i − x1_i)²; throws for x1 = x2. */
export function writeAddChord(v: Uint32Array, o: number): void {
  let s = 0;
  for (let i = 0; i < 32; i++) s += (v[o + C.x2 + i] - v[o + C.x1 + i]) ** 2;
  if (s === 0) throw new Error(`${TABLE} call at clk ${v[o + C.clk]}: p.x = q.x`);
  v[o + C.dInv] = inv(s); // s ≤ 32·255² < p
}
