/**
 * What the secp256k1 table tests and the attack tests build rows from: add and double calls with
 * the memory accesses the executor records, and every below-P witness a prover could try.
 */
import { inv, P as BABYBEAR } from "../../core/field/babybear.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import { wordAddress } from "../../glue/coprocessor-air.js";
import type {
  Secp256k1AddEvent,
  Secp256k1DoubleEvent,
} from "../../coprocessors/secp256k1/events.js";

/** One add call at `clk` with the accesses the executor records (a1 first, then p, then q). */
export function addCall(
  clk: number,
  pPtr: number,
  qPtr: number,
  p: Uint32Array,
  q: Uint32Array,
  out: Uint32Array,
  r: () => number,
): CoprocessorCall<Secp256k1AddEvent> {
  const ts = clk + 3;
  const at = () => Math.floor(r() * ts);
  const accesses: MemoryAccess[] = [
    { addr: 11, old: qPtr, value: qPtr, prevTs: clk + 1, ts },
    ...Array.from(p, (v, k) => ({
      addr: wordAddress(pPtr) + k,
      old: v,
      value: out[k],
      prevTs: at(),
      ts,
    })),
    ...Array.from(q, (v, k) => ({
      addr: wordAddress(qPtr) + k,
      old: v,
      value: v,
      prevTs: at(),
      ts,
    })),
  ];
  return { clk, cycle: clk / 4, args: [pPtr, qPtr, 0, 0, 0, 0], events: { p, q, out }, accesses };
}

/** One double call at `clk` with the accesses the executor records. */
export function doubleCall(
  clk: number,
  ptr: number,
  p: Uint32Array,
  out: Uint32Array,
  r: () => number,
): CoprocessorCall<Secp256k1DoubleEvent> {
  const ts = clk + 3;
  const accesses: MemoryAccess[] = Array.from(p, (v, k) => ({
    addr: wordAddress(ptr) + k,
    old: v,
    value: out[k],
    prevTs: Math.floor(r() * ts),
    ts,
  }));
  return { clk, cycle: clk / 4, args: [ptr, 0, 0, 0, 0, 0], events: { p, out }, accesses };
}

/**
 * Every witness a prover could try for evalBelowP on these u16 limbs: z ∈ {0, 1} with inv 0, 1,
 * a random value and the value solving W·T·inv = 1 − z (when W·T ≠ 0).
 */
export function belowPCandidates(u: readonly number[]): [number, number][] {
  let top = 0;
  for (let i = 3; i < 16; i++) top += 0xffff - u[i];
  const T = 2 * top + 0xffff - u[2];
  const W = T - 1 + 2 * (0xffff - u[1]);
  const wt = Number((BigInt(W < 0 ? W + BABYBEAR : W) * BigInt(T)) % BigInt(BABYBEAR));
  const invs = [0, 1, 123456789, ...(wt === 0 ? [] : [inv(wt)])];
  return [0, 1].flatMap((z) => invs.map((i): [number, number] => [z, i]));
}
