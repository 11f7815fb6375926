/**
 * Trace generation of the secp256k1_double table: one row per call (in cycle order), zero
 * padding to a power of two ≥ 8, written phase by phase as the AIR checks them (call, field,
 * reduced, tangent). Only the slope and the three quotients are computed with BigInt, once per
 * call (one modular inverse, a few 512-bit products): everything else — bytes, identity
 * coefficients, carries, below-P flags — with plain numbers. The result is recomputed and checked
 * against the event's. Every lookup the row sends is counted in `lookups`.
 */
import { inv } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { CoprocessorCall } from "../../glue/coprocessor.js";
import { type Lookups, paddedHeight, pointerCells } from "../../glue/coprocessor-air.js";
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
import { COORD_WORDS } from "./constants.js";
import { secp256k1DoubleCols } from "./double-columns.js";
import type { Secp256k1DoubleEvent } from "./events.js";
import { bytesOfBigInt, modP, quotientBytes, writeBelowP } from "./field.js";
import { DOUBLE_CHAINS, doubleIdentities, K_BYTES, POSITIONS } from "./identities.js";
import { pointAccessCells } from "./point-memory.js";
import { invModP, pointToBigInts } from "./reference.js";

const C = secp256k1DoubleCols.index;
const W = secp256k1DoubleCols.width;
const TABLE = "secp256k1_double";
const TWO256 = 1n << 256n;

/** The secp256k1_double table of one segment's calls. */
export function secp256k1DoubleTrace(
  calls: readonly CoprocessorCall<Secp256k1DoubleEvent>[],
  lookups: Lookups,
): Matrix {
  const height = paddedHeight(calls.length);
  const values = new Uint32Array(height * W);
  calls.forEach((call, i) => fillRow(values, i * W, call, lookups));
  return { values, width: W, height };
}

/**
 * The tangent's slope λ = 3x²/(2y) mod P of an event (BigInt: one modular inverse); throws if
 * the event's result is not 2p.
 */
export function doubleSlope(ev: Secp256k1DoubleEvent): bigint {
  const [x, y] = pointToBigInts(ev.p);
  const [x3, y3] = pointToBigInts(ev.out);
  const l = modP(3n * x * x * invModP(2n * y));
  if (x3 !== modP(l * l - 2n * x) || y3 !== modP(l * (x - x3) - y))
    throw new Error(`${TABLE}: the event's result is not 2p`);
  return l;
}

function fillRow(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Secp256k1DoubleEvent>,
  lookups: Lookups,
): void {
  writeDoubleCall(v, o, call, lookups);
  writeDoubleField(v, o, call.events, doubleSlope(call.events), lookups);
  writeDoubleReduced(v, o, lookups);
  writeDoubleTangent(v, o);
}

/** The machine cells (evalCall): isReal, clk, the pointer and the 16 gaps. */
export function writeDoubleCall(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Secp256k1DoubleEvent>,
  lookups: Lookups,
): void {
  const ev = call.events;
  const ptr = call.args[0] >>> 0;
  v[o + C.isReal] = 1;
  v[o + C.clk] = call.clk;
  v[o + C.pPtrLo] = ptr & 0xffff;
  v[o + C.pPtrHi] = ptr >>> 16;
  writeCells(v, o + C.pAlign, pointerCells(ptr, lookups));
  pointAccessCells(call, TABLE, ptr, ev.p, ev.out, v, o + C.gLo, o + C.gHi, lookups);
}

/**
 * The field cells (evalField) of the event's words with slope `lambda`: operands (bytes; y3 u16
 * limbs), λ, the quotients k_i = D_i/P + o_i and the carries. The honest λ is `doubleSlope`'s;
 * soundness tests pass others. Throws if an identity has no quotient (D_i ≢ 0 mod P).
 */
export function writeDoubleField(
  v: Uint32Array,
  o: number,
  ev: Secp256k1DoubleEvent,
  lambda: bigint,
  lookups: Lookups,
): void {
  const [x, y] = pointToBigInts(ev.p);
  const [x3, y3] = pointToBigInts(ev.out);
  const l = lambda;
  const k = [
    quotientBytes(2n * y * l - 3n * x * x, 3n * TWO256, K_BYTES[0]),
    quotientBytes(l * l - 2n * x - x3, 3n, K_BYTES[1]),
    quotientBytes(l * (x - x3) - y - y3, TWO256, K_BYTES[2]),
  ];
  const ops = {
    x: bytesOfWords(ev.p.subarray(0, COORD_WORDS)),
    y: bytesOfWords(ev.p.subarray(COORD_WORDS)),
    x3: bytesOfWords(ev.out.subarray(0, COORD_WORDS)),
    y3: u16OfWords(ev.out.subarray(COORD_WORDS)),
    lambda: bytesOfBigInt(l, 32),
    k1: k[0],
    k2: k[1],
    k3: k[2],
  };
  for (const name of ["x", "y", "x3", "y3", "lambda", "k1", "k2", "k3"] as const)
    writeCells(v, o + C[name], ops[name]);
  countBytes(
    lookups,
    [ops.x, ops.y, ops.lambda, ops.x3, ...k].flatMap((a) => Array.from(a)),
  );
  countU16(lookups, ops.y3);
  const carryAt = [C.c1, C.c2, C.c3];
  doubleIdentities({ ...ops, one: 1 }).forEach((terms, i) =>
    writeStepCarries(
      DOUBLE_CHAINS[i],
      identityValues(POSITIONS[i], terms),
      v,
      o + carryAt[i],
      lookups,
    ),
  );
}

/** The below-P cells (evalReduced) of the row's x, y, x3, y3, λ; throws for one ≥ P. */
export function writeDoubleReduced(v: Uint32Array, o: number, lookups: Lookups): void {
  const bytes = (at: number) => u16OfBytes(v.subarray(o + at, o + at + 32));
  const values = [
    ["x", bytes(C.x)],
    ["y", bytes(C.y)],
    ["x3", bytes(C.x3)],
    ["y3", v.subarray(o + C.y3, o + C.y3 + 16)],
    ["λ", bytes(C.lambda)],
  ] as const;
  writeBelowP(v, o + C.ltZ, o + C.ltInv, values, lookups);
}

/** The tangent cell (evalTangent): yInv = 1 / Σ y_i; throws for y = 0. */
export function writeDoubleTangent(v: Uint32Array, o: number): void {
  let s = 0;
  for (let i = 0; i < 32; i++) s += v[o + C.y + i];
  if (s === 0) throw new Error(`${TABLE} call at clk ${v[o + C.clk]}: y = 0`);
  v[o + C.yInv] = inv(s); // s ≤ 32·255 < p
}
