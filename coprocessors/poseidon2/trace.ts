/**
 * Trace generation of the Poseidon2 table: one row per call (in cycle order), zero padding to a
 * power of two ≥ 8. The round cells come from re-running the permutation with every S-box's
 * cube and output recorded (core/poseidon2/trace.ts); the machine cells from the call's
 * accesses. Every lookup the row sends is counted in `lookups`.
 */
import type { Matrix } from "../../core/field/matrix.js";
import { P } from "../../core/field/babybear.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import {
  accessGap,
  type Lookups,
  paddedHeight,
  pointerCells,
  wordAddress,
} from "../../glue/coprocessor-air.js";
import { poseidon2Cols } from "./columns.js";
import { WIDTH } from "./constants.js";
import type { Poseidon2Event } from "./events.js";
import { fillPoseidon2Rounds } from "../../core/poseidon2/trace.js";

const C = poseidon2Cols.index;
const W = poseidon2Cols.width;
const TOP_HI = 0x7800;

/** The Poseidon2 table of one segment's calls. */
export function poseidon2Trace(
  calls: readonly CoprocessorCall<Poseidon2Event>[],
  lookups: Lookups,
): Matrix {
  const height = paddedHeight(calls.length);
  const values = new Uint32Array(height * W);
  calls.forEach((call, i) => fillRow(values, i * W, call, lookups));
  return { values, width: W, height };
}

/** Limbs and canonicality flag of word `x` at the given column groups; counts its lookups. */
function word(
  v: Uint32Array,
  o: number,
  k: number,
  x: number,
  cols: readonly [number, number, number],
  lookups: Lookups,
): void {
  if (!(x >= 0 && x < P)) throw new RangeError(`poseidon2: word ${k} = ${x} is not below p`);
  const [lo, hi] = [x & 0xffff, x >>> 16];
  const top = x === P - 1 ? 1 : 0;
  v[o + cols[0] + k] = lo;
  v[o + cols[1] + k] = hi;
  v[o + cols[2] + k] = top;
  lookups.range16(TOP_HI - 1 + top - hi);
}

/** The access to memory-bus address `addr`, checked against the event's words. */
function accessAt(call: CoprocessorCall<Poseidon2Event>, addr: number, k: number): MemoryAccess {
  const a = call.accesses.find((x) => x.addr === addr);
  const ev = call.events;
  if (a === undefined || a.old >>> 0 !== ev.input[k] || a.value >>> 0 !== ev.output[k])
    throw new Error(`poseidon2 call at clk ${call.clk}: no matching access to address ${addr}`);
  if (a.ts !== call.clk + 3)
    throw new Error(`poseidon2 call at clk ${call.clk}: access at ts ${a.ts}, expected clk + 3`);
  return a;
}

function fillRow(
  v: Uint32Array,
  o: number,
  call: CoprocessorCall<Poseidon2Event>,
  lookups: Lookups,
): void {
  const ptr = call.args[0] >>> 0;
  const ev = call.events;
  v[o + C.isReal] = 1;
  v[o + C.clk] = call.clk;
  v[o + C.ptrLo] = ptr & 0xffff;
  v[o + C.ptrHi] = ptr >>> 16;
  const [q, xLo, xHi] = pointerCells(ptr, lookups);
  v[o + C.q] = q;
  v[o + C.xLo] = xLo;
  v[o + C.xHi] = xHi;
  const out = fillPoseidon2Rounds(v, o, ev.input, C);
  for (let k = 0; k < WIDTH; k++) {
    if (out[k] !== ev.output[k])
      throw new Error(
        `poseidon2 call at clk ${call.clk}: word ${k} of the event is not the permutation's`,
      );
    const a = accessAt(call, wordAddress(ptr) + k, k);
    const [gLo, gHi] = accessGap(a, lookups);
    v[o + C.gLo + k] = gLo;
    v[o + C.gHi + k] = gHi;
    word(v, o, k, ev.input[k], [C.inLo, C.inHi, C.inTop], lookups);
    word(v, o, k, out[k], [C.outLo, C.outHi, C.outTop], lookups);
    lookups.range16(out[k] & 0xffff);
    lookups.range16(out[k] >>> 16);
  }
}
