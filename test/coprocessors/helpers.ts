/**
 * Shared by the coprocessor AIR tests: a reproducible random source, the free cells of a row, and the other side of every
 * bus message a coprocessor table sends for its calls (the CPU's call, the memory accesses'
 * other halves, the writable-range chip, the byte table's lookups), so that `checkConstraints`
 * on the table alone balances exactly when the table is honest.
 */
import type { CompiledAir } from "../../core/air/types.js";
import { P } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
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

/**
 * The columns of `row` that can change alone — to its value + 1 or to a random field element —
 * with every constraint of the row still holding and every message it sends or receives the
 * same: its free cells. An AIR whose real rows have none constrains each cell by its own row.
 */
export function freeCellsOfRow(
  air: CompiledAir,
  m: Matrix,
  row: number,
  names: readonly string[],
  seed: number,
): string[] {
  const h = m.height;
  const W = m.width;
  const cons = new Uint32Array(air.numAirConstraints);
  const buf = new Uint32Array(air.rows.interactionWords);
  const none = new Uint32Array(0);
  const messages = (): string => {
    const keys: string[] = [];
    air.rows.interactions(m.values, null, none, row, (row + 1) % h, h, buf);
    air.interactions.forEach((it, i) => {
      const off = air.rows.interactionOffsets[i];
      const mult = buf[off + it.bus.width];
      if (mult === 0) return;
      const vals = Array.from(buf.subarray(off, off + it.bus.width));
      keys.push(`${it.bus.id}:${it.kind}:${vals.join(",")}×${mult}`);
    });
    return keys.sort().join("|");
  };
  const violated = (): boolean => {
    air.rows.constraints(m.values, null, none, row, (row + 1) % h, h, cons);
    return cons.some((x) => x !== 0);
  };
  if (violated()) throw new Error(`row ${row} violates a constraint before any change`);
  const r = rng(seed);
  const honest = messages();
  const free: string[] = [];
  for (let c = 0; c < W; c++) {
    const cell = row * W + c;
    const old = m.values[cell];
    let caught = true;
    for (const nv of [(old + 1) % P, Math.floor(r() * P)]) {
      if (nv === old) continue;
      m.values[cell] = nv;
      if (!violated() && messages() === honest) caught = false;
      m.values[cell] = old;
    }
    if (!caught) free.push(names[c]);
  }
  return free;
}
