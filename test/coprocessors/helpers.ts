/**
 * Shared by the coprocessor AIR tests: a reproducible random source, and the other side of every
 * bus message a coprocessor table sends for its calls (the CPU's call, the memory accesses'
 * other halves, the writable-range chip, the byte table's lookups), so that `checkConstraints`
 * on the table alone balances exactly when the table is honest.
 */
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { WRITABLE_BUS } from "../../glue/chips/buses.js";
import type { CoprocessorCall } from "../../glue/coprocessor.js";
import {
  type Lookups,
  MEMORY_BUS,
  PAIR_BUS,
  SYSCALL_BUS,
  U14_BUS,
  U16_BUS,
} from "../../glue/coprocessor-air.js";

/** Deterministic xorshift in [0, 1), so a failure reproduces. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/**
 * The counterpart messages of `calls` to coprocessor `syscall`, whose a0 buffer of `written`
 * words each call declares writable, and of the lookups counted in `L`.
 */
export function counterpart(
  syscall: number,
  written: number,
  calls: readonly CoprocessorCall[],
  L: Lookups,
): BusMessage[] {
  const out: BusMessage[] = [];
  for (const c of calls) {
    const [lo, hi] = [c.args[0] & 0xffff, c.args[0] >>> 16];
    const a7 = [syscall & 0xffff, syscall >>> 16];
    out.push({ bus: SYSCALL_BUS, values: [c.clk, ...a7, lo, hi, lo, hi], multiplicity: 1 });
    out.push({ bus: WRITABLE_BUS, values: [c.args[0] >>> 2, written], multiplicity: -1 });
    for (const a of c.accesses) {
      const old = [a.old & 0xffff, a.old >>> 16];
      const nw = [a.value & 0xffff, a.value >>> 16];
      out.push({ bus: MEMORY_BUS, values: [a.addr, ...old, a.prevTs], multiplicity: 1 });
      out.push({ bus: MEMORY_BUS, values: [a.addr, ...nw, a.ts], multiplicity: -1 });
    }
  }
  for (let v = 0; v < 65536; v++) {
    if (L.u16[v] > 0) out.push({ bus: U16_BUS, values: [v], multiplicity: -L.u16[v] });
    if (L.u14[v] > 0) out.push({ bus: U14_BUS, values: [v], multiplicity: -L.u14[v] });
    if (L.pair[v] > 0)
      out.push({ bus: PAIR_BUS, values: [v & 255, v >>> 8], multiplicity: -L.pair[v] });
  }
  return out;
}
