/**
 * Field inverses of the small integers that trace generation inverts once per row — a 32-bit
 * word's two 16-bit limbs summed (the comparison and division chips' "is nonzero" witnesses,
 * below 2^17; a syscall's byte count, usually small) — read from a table built once by batch
 * inversion: ~25 ns against ~330–470 ns for an exponentiation (~60 products), measured. The
 * comparison row's writer, mostly that exponentiation, was 13 % of a bubble sort's trace
 * generation in a profile (2.2 M comparison rows).
 */
import { inv } from "../../core/field/babybear.js";
import { batchInverseVec } from "../../core/field/vector.js";

/** Integers below this come from the table. */
export const SMALL_INVERSE_LIMIT = 1 << 17;

let table: Uint32Array | undefined;

/** 1/s in the field for a nonzero integer s (the table below 2^17, `inv` otherwise). */
export function invSmall(s: number): number {
  if (!(s > 0 && s < SMALL_INVERSE_LIMIT)) return inv(s);
  table ??= buildTable();
  return table[s];
}

/** By the SIMD batch inversion: in JavaScript it was ~60 ms of a fresh process. */
function buildTable(): Uint32Array {
  const values = new Uint32Array(SMALL_INVERSE_LIMIT);
  for (let i = 1; i < values.length; i++) values[i] = i;
  values[0] = 1; // entry 0 is unused
  return batchInverseVec(new Uint32Array(SMALL_INVERSE_LIMIT), values);
}
