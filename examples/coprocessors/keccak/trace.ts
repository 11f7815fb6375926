/**
 * Trace generation of the Keccak-f[1600] table: 24 rows per call (in cycle order), all-zero
 * padding to a power of two ≥ 8. Each row re-runs its round with θ's intermediates recorded
 * (reference.ts's `theta`, then `rhoPiChiIota`); the memory schedule's slots come from the
 * call's pointer and accesses (columns.ts SCHEDULE). Every lookup the rows send is counted.
 *
 * Hot path: one Uint32Array for the table, the state and θ's parities in scratch buffers, bits
 * written with shifts; no BigInt and nothing allocated per row.
 */
import {
  accessGap,
  type CoprocessorCall,
  type Lookups,
  type Matrix,
  type MemoryAccess,
  paddedHeight,
  pointerCells,
  wordAddress,
} from "../../../index.js";
import {
  keccakCols,
  readHeld,
  readWord,
  ROWS_PER_CALL,
  SCHEDULE,
  writeHeld,
  writeWord,
} from "./columns.js";
import { IOTA_BITS, RC_BITS, ROUNDS, WORDS } from "./constants.js";
import type { KeccakEvent } from "./events.js";
import { rhoPiChiIota, theta } from "./reference.js";

const C = keccakCols.index;
const W = keccakCols.width;
const LIMBS = 2 * WORDS;

// The state between rounds and θ's parities C and C′ (lane x at words 2x, 2x + 1).
const S = new Uint32Array(WORDS);
const PAR = new Uint32Array(10);
const PAR2 = new Uint32Array(10);

/**
 * The Keccak table of one segment's calls.
 *
 * @example
 * const m = keccakTrace(calls, lookups); // 24 rows per call, then zero rows
 */
export function keccakTrace(
  calls: readonly CoprocessorCall<KeccakEvent>[],
  lookups: Lookups,
): Matrix {
  const height = paddedHeight(calls.length * ROWS_PER_CALL);
  const values = new Uint32Array(height * W);
  calls.forEach((call, i) => fillCall(values, i * ROWS_PER_CALL, call, lookups));
  return { values, width: W, height };
}

/** Limb m of a 50-word state (word m/2, low or high half). */
const limbOf = (s: Uint32Array, m: number): number => (s[m >>> 1] >>> (16 * (m & 1))) & 0xffff;

/** Writes the 32 bits of `x` from column `col` of the row at offset `o`. */
function bits32(v: Uint32Array, o: number, col: number, x: number): void {
  for (let z = 0; z < 32; z++) v[o + col + z] = (x >>> z) & 1;
}

/** Rounds 0..23 of one call from row `base`: flags, A, θ's bits, chi; S ends as the output. */
function fillRounds(v: Uint32Array, base: number, call: CoprocessorCall<KeccakEvent>): void {
  S.set(call.events.input);
  const mbase = wordAddress(call.args[0] >>> 0);
  for (let r = 0; r < ROUNDS; r++) {
    const o = (base + r) * W;
    v[o + C.step + r] = 1;
    v[o + C.clk] = call.clk;
    v[o + C.mbase] = mbase;
    for (let k = 0; k < LIMBS; k++) v[o + C.a + k] = limbOf(S, k);
    theta(S, PAR, PAR2);
    for (let w = 0; w < WORDS; w++) bits32(v, o, C.ap + 32 * w, S[w]);
    for (let w = 0; w < 10; w++) {
      bits32(v, o, C.c + 32 * w, PAR[w]);
      bits32(v, o, C.cp + 32 * w, PAR2[w]);
    }
    rhoPiChiIota(S, r);
    // χ's bits of lane 0 before ι: the output bits with RC[r] undone.
    for (let j = 0; j < IOTA_BITS.length; j++) {
      const z = IOTA_BITS[j];
      v[o + C.chi + j] = ((S[z >>> 5] >>> (z & 31)) & 1) ^ RC_BITS[r][j];
    }
  }
}

/** The call's access to memory-bus address `addr`, checked against the event's word k. */
function accessAt(call: CoprocessorCall<KeccakEvent>, addr: number, k: number): MemoryAccess {
  const a = call.accesses.find((x) => x.addr === addr);
  const ev = call.events;
  if (a === undefined || a.old >>> 0 !== ev.input[k] || a.value >>> 0 !== ev.output[k])
    throw new Error(`keccak call at clk ${call.clk}: no matching access to address ${addr}`);
  if (a.ts !== call.clk + 3)
    throw new Error(`keccak call at clk ${call.clk}: access at ts ${a.ts}, expected clk + 3`);
  return a;
}

/** The slots: pointer (row 0), read register and gaps (rows 1..11), write register (14..23). */
function fillSlots(
  v: Uint32Array,
  base: number,
  call: CoprocessorCall<KeccakEvent>,
  lookups: Lookups,
): void {
  const { gapAt, wordsPerRow, readFirst, readLast, writeFirst, writeLast } = SCHEDULE;
  const slot = (r: number, j: number) => (base + r) * W + C.slot + j;
  const ptr = call.args[0] >>> 0;
  v[slot(0, 0)] = ptr & 0xffff;
  v[slot(0, 1)] = ptr >>> 16;
  const [q, xLo, xHi] = pointerCells(ptr, lookups);
  [v[slot(0, 2)], v[slot(0, 3)], v[slot(0, 4)]] = [q, xLo, xHi];
  const mbase = wordAddress(ptr);
  // Read register: row r holds the input limbs from those of word readWord(r) on; row r + 1
  // the gaps of row r's reads from slot gapAt.
  for (let r = readFirst; r <= readLast; r++) {
    const from = 2 * readWord(r);
    for (let j = 0; j < readHeld(r); j++) v[slot(r, j)] = limbOf(call.events.input, from + j);
    for (let j = 0; j < wordsPerRow; j++) {
      const k = readWord(r) + j;
      const [gLo, gHi] = accessGap(accessAt(call, mbase + k, k), lookups);
      v[slot(r + 1, gapAt + 2 * j)] = gLo;
      v[slot(r + 1, gapAt + 2 * j + 1)] = gHi;
    }
  }
  // Write register: row r holds the output limbs from those of word writeWord(r) on.
  for (let r = writeFirst; r <= writeLast; r++) {
    const from = 2 * writeWord(r);
    for (let j = 0; j < writeHeld(r); j++) v[slot(r, j)] = limbOf(call.events.output, from + j);
  }
}

/** The 24 rows of one call. */
function fillCall(
  v: Uint32Array,
  base: number,
  call: CoprocessorCall<KeccakEvent>,
  lookups: Lookups,
): void {
  fillRounds(v, base, call);
  for (let k = 0; k < WORDS; k++) {
    if (S[k] !== call.events.output[k] >>> 0)
      throw new Error(
        `keccak call at clk ${call.clk}: word ${k} of the event is not the permutation's`,
      );
  }
  fillSlots(v, base, call, lookups);
}
