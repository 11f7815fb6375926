/**
 * Execution side of the secp256k1_add (syscall 0x103) and secp256k1_double (0x104)
 * coprocessors: what one `ecall` does to guest memory, and the event its trace needs. The AIR
 * side does not import this file; index.ts assembles both into the coprocessors.
 *
 * Access order: add reads the 16 words of p (a0), then the 16 of q (a1), then writes p + q over
 * p (one access per word of p for the prover: old = p, new = p + q); double reads p and writes
 * 2p over it.
 *
 * The calls compute the affine formulas (reference.ts) only where they are defined and their
 * table can prove them, and refuse everything else before writing, with a message naming the
 * call, the operand and the coordinate (the executor adds the `ecall`'s pc and cycle):
 * - a coordinate ≥ the field prime p (the formulas work on field elements; the table range-checks
 *   every coordinate below p);
 * - add with p.x = q.x: p = q (doubling is another call) or p = −q (the sum is the point at
 *   infinity, which has no affine form);
 * - double with y = 0 (the tangent is vertical: 2p is the point at infinity);
 * - add with overlapping p and q (p is written while q is read).
 * The guest library (guest/zkglue_secp256k1.c) handles all of these in software, so a correct
 * guest never makes such a call. Points need not be on the curve: the formulas do not use the
 * curve equation, and neither does the table.
 */
import type { CallDescription, Coprocessor, CoprocessorContext } from "../../glue/coprocessor.js";
import { limbsToBigInt } from "../modmul256/reference.js";
import {
  COORD_WORDS,
  POINT_WORDS,
  SECP256K1_ADD_SYSCALL,
  SECP256K1_DOUBLE_SYSCALL,
  SECP256K1_P,
} from "./constants.js";
import type { Secp256k1AddEvent, Secp256k1DoubleEvent } from "./events.js";
import { secp256k1Add, secp256k1Double } from "./reference.js";

const hex = (x: number) => "0x" + (x >>> 0).toString(16).padStart(8, "0");
const hex256 = (x: bigint) => "0x" + x.toString(16).padStart(64, "0");

/** The (x, y) coordinates of a 16-word point as integers. */
function coordinates(p: Uint32Array): [bigint, bigint] {
  return [limbsToBigInt(p.subarray(0, COORD_WORDS)), limbsToBigInt(p.subarray(COORD_WORDS))];
}

/** Throws if a coordinate of point `name` (at `ptr`) is not a field element. */
function checkCoordinates(call: string, name: string, ptr: number, p: Uint32Array): void {
  const [x, y] = coordinates(p);
  for (const [coord, v, at] of [
    ["x", x, ptr],
    ["y", y, ptr + 4 * COORD_WORDS],
  ] as const) {
    if (v >= SECP256K1_P) {
      throw new Error(
        `${call}: ${name}.${coord} (at ${hex(at)}) is ${hex256(v)}, not a field element (≥ p = 2^256 − 2^32 − 977)`,
      );
    }
  }
}

/**
 * Executes one secp256k1_add call: p := p + q (p at a0, q at a1). Refuses (throws) overlapping
 * p and q, a coordinate ≥ p, and p = ±q; misaligned or out-of-range pointers stop the run
 * through `ctx` (a GuestError naming the pc and cycle).
 *
 * @example
 * const ev = executeSecp256k1Add(ctx); // ctx.args = [pPtr, qPtr, …]
 */
export function executeSecp256k1Add(ctx: CoprocessorContext): Secp256k1AddEvent {
  const [pPtr, qPtr] = ctx.args;
  if (Math.abs(pPtr - qPtr) < 4 * POINT_WORDS) {
    throw new Error(
      `secp256k1_add: p (a0 = ${hex(pPtr)}) overlaps q (a1 = ${hex(qPtr)}): the two 64-byte points must not overlap`,
    );
  }
  const p = ctx.readWords(pPtr, POINT_WORDS);
  const q = ctx.readWords(qPtr, POINT_WORDS);
  checkCoordinates("secp256k1_add", "p", pPtr, p);
  checkCoordinates("secp256k1_add", "q", qPtr, q);
  const [px, py] = coordinates(p);
  const [qx, qy] = coordinates(q);
  if (px === qx) {
    const what =
      py === qy
        ? "p = q (same x and y; doubling is secp256k1_double)"
        : "p = −q (same x, opposite y; the sum is the point at infinity)";
    throw new Error(
      `secp256k1_add: ${what}: p.x = q.x = ${hex256(px)} (p at ${hex(pPtr)}, q at ${hex(qPtr)})`,
    );
  }
  const out = secp256k1Add(p, q);
  ctx.writeWords(pPtr, out);
  return { p, q, out };
}

/**
 * Executes one secp256k1_double call: p := 2p (p at a0). Refuses (throws) a coordinate ≥ p and
 * y = 0; misaligned or out-of-range pointers stop the run through `ctx`.
 *
 * @example
 * const ev = executeSecp256k1Double(ctx); // ctx.args = [pPtr, …]
 */
export function executeSecp256k1Double(ctx: CoprocessorContext): Secp256k1DoubleEvent {
  const pPtr = ctx.args[0];
  const p = ctx.readWords(pPtr, POINT_WORDS);
  checkCoordinates("secp256k1_double", "p", pPtr, p);
  if (coordinates(p)[1] === 0n) {
    throw new Error(
      `secp256k1_double: p.y (at ${hex(pPtr + 4 * COORD_WORDS)}) is 0: 2p is the point at infinity`,
    );
  }
  const out = secp256k1Double(p);
  ctx.writeWords(pPtr, out);
  return { p, out };
}

/** The guest call of secp256k1_add, from which its C prototype in guest/zkglue.h is documented. */
export const secp256k1AddCall: CallDescription = {
  function: "zkglue_secp256k1_add",
  doc: "p := p + q on secp256k1, affine (x‖y, 8 little-endian u32 words each, every coordinate < p); p ≠ ±q, p and q not overlapping",
  args: [
    {
      name: "p",
      kind: "readwrite",
      words: POINT_WORDS,
      doc: "16 words, 4-aligned; p + q in place",
    },
    { name: "q", kind: "read", words: POINT_WORDS, doc: "16 words, 4-aligned" },
  ],
};

/** The guest call of secp256k1_double. */
export const secp256k1DoubleCall: CallDescription = {
  function: "zkglue_secp256k1_double",
  doc: "p := 2p on secp256k1, affine (x‖y, 8 little-endian u32 words each, every coordinate < p); y ≠ 0",
  args: [
    { name: "p", kind: "readwrite", words: POINT_WORDS, doc: "16 words, 4-aligned; 2p in place" },
  ],
};

/**
 * secp256k1_add for the executor only (no AIR): enough to run guests that call it. A machine
 * refuses to prove with it; the provable one is in index.ts.
 */
export const secp256k1AddExecutor: Coprocessor<Secp256k1AddEvent> = {
  name: "secp256k1_add",
  syscall: SECP256K1_ADD_SYSCALL,
  execute: executeSecp256k1Add,
  call: secp256k1AddCall,
  reference: secp256k1Add,
};

/** secp256k1_double for the executor only (no AIR). */
export const secp256k1DoubleExecutor: Coprocessor<Secp256k1DoubleEvent> = {
  name: "secp256k1_double",
  syscall: SECP256K1_DOUBLE_SYSCALL,
  execute: executeSecp256k1Double,
  call: secp256k1DoubleCall,
  reference: secp256k1Double,
};
