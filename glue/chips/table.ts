/**
 * Trace-generation helpers shared by the chips: a growable row-major table that pads itself to a
 * power-of-two height with all-zero rows (every chip's padding row is all zeros and sends
 * nothing: each multiplicity is a column or a product with a column that is 0 there), and the
 * lookup counters that become the byte/range table's multiplicity columns.
 */
import { P } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";

/**
 * Smallest table height: FRI folds down to a final polynomial of 2^logFinalPolyLen (8 by default)
 * on the blown-up domain, so a shorter table cannot be opened.
 */
export const MIN_HEIGHT = 8;

/** The padded height of a table of `rows` rows. */
export function paddedHeight(rows: number): number {
  let h = MIN_HEIGHT;
  while (h < rows) h *= 2;
  return h;
}

/** A field element from any integer in (−p, 2^32): negatives wrap, words reduce. */
export function fe(x: number): number {
  return x < 0 ? x + P : x >= P ? x - P : x;
}

/** Writes the 16-bit limbs of the word `x` at `values[lo]` and `values[hi]`. */
export function putLimbs(values: Uint32Array, lo: number, hi: number, x: number): void {
  values[lo] = x & 0xffff;
  values[hi] = x >>> 16;
}

/** Largest table (words) `TableBuilder.finish` copies out of a much larger buffer. */
const COPY_OUT_WORDS = 1 << 18;

/** Rows of `width` field elements, appended one at a time. */
export class TableBuilder {
  values: Uint32Array;
  height = 0;

  constructor(
    readonly width: number,
    capacity = 16,
  ) {
    this.values = new Uint32Array(width * Math.max(2, capacity));
  }

  /** Appends a zero row and returns its offset into `values`. */
  row(): number {
    const off = this.height * this.width;
    if (off + this.width > this.values.length) {
      const next = new Uint32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.height++;
    return off;
  }

  /**
   * The table padded with zero rows to a power of two ≥ MIN_HEIGHT; the builder is done with.
   * Rows past `height` were never written, so the buffer is the padded table when it is large
   * enough (no copy). A short table in much larger room (a segment's tables start with room
   * for every cycle, `TraceContext`) is copied out when that is cheap (COPY_OUT_WORDS), so that
   * an 8-row table does not keep a 2^20-row buffer alive; a larger one keeps its buffer (its
   * unwritten pages were never touched if the allocator mapped it fresh; if the allocator
   * cleared reused memory for it, that memory is resident whether kept or copied). Copying the
   * loop's short tables out was 90–200 ms of a 2^20-cycle trace in profiles, page faults of the
   * fresh copies included.
   */
  finish(): Matrix {
    const h = paddedHeight(this.height);
    const n = h * this.width;
    let values: Uint32Array;
    if (this.values.length >= n && (this.values.length <= 2 * n || n > COPY_OUT_WORDS))
      values = this.values.subarray(0, n);
    else {
      values = new Uint32Array(n);
      values.set(this.values.subarray(0, this.height * this.width));
    }
    return { values, width: this.width, height: h };
  }
}

/**
 * Counters of every lookup into the byte/range table, indexed by that table's row
 * (x + 256·y): u16 checks of v count at row v, u14 at row v, byte pairs at x + 256·y, bitwise
 * operations at x + 256·y.
 */
export class Lookups {
  readonly u16 = new Uint32Array(65536);
  readonly u14 = new Uint32Array(65536);
  readonly pair = new Uint32Array(65536);
  readonly and = new Uint32Array(65536);
  readonly or = new Uint32Array(65536);
  readonly xor = new Uint32Array(65536);

  range16(v: number): void {
    if (!(v >= 0 && v < 65536)) throw new Error(`trace generation: ${v} is not a 16-bit value`);
    this.u16[v]++;
  }
  range14(v: number): void {
    if (!(v >= 0 && v < 16384)) throw new Error(`trace generation: ${v} is not a 14-bit value`);
    this.u14[v]++;
  }
  bytes(x: number, y: number): void {
    if (!(x >= 0 && x < 256 && y >= 0 && y < 256)) {
      throw new Error(`trace generation: (${x}, ${y}) is not a byte pair`);
    }
    this.pair[x + 256 * y]++;
  }
}
