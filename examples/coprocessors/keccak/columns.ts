/**
 * The column layout of the Keccak-f[1600] table (`cop.keccak`), declared once; width and indices
 * derive from it, and the schedule of the rows that meet the memory bus.
 *
 * One permutation is 24 rows, one per round: row r holds round r's input state A as 16-bit
 * limbs, and the bits of θ: C (the column parities of A), C′ = C ⊕ D (the parities of A′) and
 * A′ = θ(A). ρ, π, χ and ι are polynomials in A′'s bits, so the next row's A (or, on row 23, the
 * output written back) is tied to this row's A′ without another committed state. Padding rows
 * are all zero.
 *
 * The 100 `slot` columns change meaning by row (see `SCHEDULE` and air.ts): the pointer on row
 * 0, the state read from memory five words a row on rows 1..10 (a shift register filled from
 * row 0's A, with the timestamp gaps of each row's reads on the row below), and the state
 * written back five words a row on rows 14..23 (a shift register ending in row 23's output).
 * Spreading the 100 accesses over rows lets one set of 5 read and 5 write messages serve them
 * all: each message costs an auxiliary column on every row, so this keeps the table at 14
 * extension columns instead of 104.
 */
import { layout } from "../../../index.js";

export const keccakCols = layout([
  // Round flags, one-hot on a permutation's rows (step[r] on row r), all 0 on padding.
  ["step", 24],
  // The call's clk (accesses at clk + 3) and the memory-bus address of the state's first word
  // (32 + a0/4), constant over the permutation.
  "clk",
  "mbase",
  // A: round r's input state, limb 4i + t = bits 16t..16t+15 of lane i (lane i = x + 5y).
  ["a", 100],
  // A′ = θ(A): bit z of lane i at 64i + z.
  ["ap", 1600],
  // C[x] = ⊕_y A[x, y] and C′[x] = C[x] ⊕ D[x] = ⊕_y A′[x, y]: bit z of x at 64x + z.
  ["c", 320],
  ["cp", 320],
  // χ's output bits of lane 0 at the positions ι can flip (IOTA_BITS), before ι: committed so
  // that the ι-flipped bit is a degree-2 expression.
  ["chi", 7],
  // The memory schedule's cells (SCHEDULE).
  ["slot", 100],
] as const);

export type KeccakCols = typeof keccakCols;

/** Rows per permutation. */
export const ROWS_PER_CALL = 24;

/**
 * Where the memory protocol lives. Words per row W = 5 (2W = 10 slot limbs):
 * - row 0: slot[0], slot[1] = a0's limbs, slot[2..4] = guestPointer's q, xLo, xHi;
 * - rows 1..10 (read rows): slot[0..readHeld(r)) = the input words 5(r − 1).. as limbs (row 1's
 *   are row 0's A; each next row's slot[j] is this row's slot[j + 10]); the row receives words
 *   5(r − 1)..5(r − 1) + 4 from slot[0..10), their gaps (u16, u14) in slot[90..100) of row r + 1;
 * - rows 14..23 (write rows): slot[0..writeHeld(r)) = output words 5(23 − r).. (row 23's are the
 *   output, χι of its A′; each row's slot[j] is the next row's slot[j + 10]); the row sends
 *   words 5(23 − r)..5(23 − r) + 4 from slot[0..10).
 * The registers' shifts constrain only the limbs a row holds, so the slots nothing reads (row 0
 * past the pointer, the read rows' emptied tails, rows 11..13 but for row 11's gaps, the write
 * rows' tails) are in no constraint and no message: free (fuzz.ts), 0 in an honest trace.
 */
export const SCHEDULE = {
  wordsPerRow: 5,
  /** Shift of the registers per row (limbs). */
  shift: 10,
  /** Slot of the first gap limb (on the row after a read row). */
  gapAt: 90,
  readFirst: 1,
  readLast: 10,
  writeFirst: 14,
  writeLast: 23,
} as const;

const LIMBS = 100;

/** The first word row `r` reads (rows 1..10) or writes (rows 14..23). */
export const readWord = (r: number): number => SCHEDULE.wordsPerRow * (r - SCHEDULE.readFirst);
export const writeWord = (r: number): number => SCHEDULE.wordsPerRow * (SCHEDULE.writeLast - r);

/** Limbs of the read register on read row `r`: the input words not yet read before it. */
export const readHeld = (r: number): number => LIMBS - 2 * readWord(r);
/** Limbs of the write register on write row `r`: the output words it and the rows above send. */
export const writeHeld = (r: number): number => LIMBS - 2 * writeWord(r);

/** Column of bit `z` of lane `i` of a 64-bit group (ap) or of column parity `x` (c, cp). */
export const bitCol = (base: number, lane: number, z: number): number => base + 64 * lane + z;
