/**
 * Drivers for the NTT kernels: they choose the cache-blocked passes, split the work between
 * threads, and take byte offsets into the shared heap. Callers (`dft.ts`, `lde.ts`) validate
 * their inputs and make sure the data is on the heap.
 *
 * Pass planning. A DIF over a block of 2^L rows runs L layers. One pass applies a run of
 * consecutive layers to groups of rows that fit in L2 (see `bb_ntt.wat`), so the number of
 * sweeps over memory is about L / (layers per pass) rather than L:
 * - matrix (width ≥ 2): a group holds 2^k rows with 2^k · rowBytes ≤ GROUP_BYTES;
 * - single column: the last pass transforms contiguous blocks of up to 2^15 values (all layers
 *   down to the radix-4 tail); the earlier ones work on strips of 64 consecutive values.
 */
import { mul, pow } from "../field/babybear.js";
import { type Twiddles, twiddles } from "./domain.js";
import { nttKernel, runSplit } from "./kernel.js";
import { heap } from "../wasm/heap.js";
import { bitReverseRef, difRef } from "./reference.js";

const KERNEL = "bb_ntt";
/** Bytes of rows one matrix group may touch: half the 1 MiB L2 (best measured, 256 KiB–16 MiB). */
const GROUP_BYTES = 512 * 1024;
/**
 * A single column's last pass works on contiguous blocks of 2^blockLog values; earlier passes
 * apply at most passLayers layers, on strips of `chunk` values. Mutable only so that tests can
 * reach the multi-pass paths with small columns (`setColumnPlan`).
 */
const columnPlan = { blockLog: 15, passLayers: 8, chunk: 64 };

/** Test hook: changes the column pass plan (blockLog ≥ 4, chunk a power of two ≥ 4). */
export function setColumnPlan(plan: Partial<typeof columnPlan>): void {
  Object.assign(columnPlan, plan);
}
/**
 * Bit-reversal tiles are 2^k x 2^k rows; k = 4 gives a column runs of one cache line. Measured
 * (2^20, one thread): column 6.3 ms untiled → ~3 ms; 100-wide rows 2^19: 63 → 32 ms.
 */
const TILE_LOG = 4;

function planPasses(layers: number, maxPerPass: number): number[] {
  if (layers === 0) return [];
  const passes = Math.ceil(layers / maxPerPass);
  const out: number[] = [];
  for (let k = 0; k < passes; k++)
    out.push(Math.floor((layers * (k + 1)) / passes) - Math.floor((layers * k) / passes));
  return out;
}

/**
 * In-place DIF (natural → bit-reversed order) of every block of 2^logBlock rows of the
 * `rows × width` row-major heap matrix `values`, each column separately. With `src` (a heap
 * matrix of the same shape), the input is read from there instead: the rows kernel's first
 * layer reads src and writes `values`, which saves a copy pass. (A radix-4 variant of the rows
 * kernel, two layers per load and store, measured no faster: the extra twiddles and values
 * exceed the 16 vector registers.)
 */
export function difMatrix(
  values: Uint32Array,
  width: number,
  rows: number,
  logBlock: number,
  inverse: boolean,
  src: Uint32Array = values,
): void {
  if (src !== values && (logBlock === 0 || width === 1)) {
    copyWords(values, src);
    src = values;
  }
  if (logBlock === 0 || rows === 0) return;
  const t = twiddles(logBlock, inverse);
  const blockRows = 2 ** logBlock;
  if (width > 1 && width < NARROW_WIDTH && blockRows >= NARROW_MIN_ROWS)
    return difNarrow(values, width, rows, logBlock, t, src);
  if (width === 1) {
    if (blockRows < 16) {
      for (let b = 0; b < rows; b += blockRows) difRef(values, blockRows, inverse, b);
      return;
    }
    difColumn(values.byteOffset, rows, logBlock, t);
    return;
  }
  const ptr = values.byteOffset;
  const rowBytes = width * 4;
  const maxLayers = Math.max(1, Math.floor(Math.log2(GROUP_BYTES / rowBytes)));
  let hTop = blockRows / 2;
  let from = src.byteOffset;
  for (const count of planPasses(logBlock, maxLayers)) {
    const hBottom = hTop / 2 ** (count - 1);
    const groups = (rows / (2 * hTop)) * hBottom;
    const top = hTop;
    const srcPtr = from;
    runSplit(groups, rows * width, (b, e) => ({
      kernel: KERNEL,
      fn: "dif_rows",
      args: [ptr, width, top, hBottom, b, e, t.tw.byteOffset, t.twS.byteOffset, srcPtr],
    }));
    hTop = hBottom / 2;
    from = ptr; // later passes work in place
  }
}

/**
 * Below this width a matrix is transformed column by column (transposed to column-major, the
 * single-column kernel per column, transposed back): the rows kernel's fixed work per pair of
 * rows dominates narrow rows. Measured at 2^21 rows, ms per column by rows → by columns (the
 * transposes included): width 4: 36–43 → 11; 8: 20–25 → 11–13; 12: 15 → 13.3; from 16 on the
 * rows kernel is as fast (~12), and wider transposes (one write stream per column) are slower.
 */
const NARROW_WIDTH = 16;
/** Smaller blocks stay on the rows kernel: the two transposes would not pay. */
const NARROW_MIN_ROWS = 1 << 12;

/**
 * `difMatrix` of a narrow matrix, column by column in a column-major copy of one block at a
 * time (src: the input); the scratch is one block, whatever the number of blocks.
 */
function difNarrow(
  values: Uint32Array,
  width: number,
  rows: number,
  logBlock: number,
  t: Twiddles,
  src: Uint32Array,
): void {
  const h = heap();
  const blockRows = 2 ** logBlock;
  const words = blockRows * width;
  const cols = h.alloc(words);
  try {
    for (let b = 0; b < rows / blockRows; b++) {
      const block = (v: Uint32Array) => v.subarray(b * words, (b + 1) * words);
      transpose("to_columns", cols, block(src), width, blockRows);
      for (let c = 0; c < width; c++)
        difColumn(cols.byteOffset + 4 * c * blockRows, blockRows, logBlock, t);
      transpose("to_rows", block(values), cols, width, blockRows);
    }
  } finally {
    h.free(cols);
  }
}

/** Row-major ↔ column-major (`to_columns` / `to_rows` of bb_ntt.wat), rows split over threads. */
function transpose(
  fn: "to_columns" | "to_rows",
  dst: Uint32Array,
  src: Uint32Array,
  width: number,
  rows: number,
): void {
  runSplit(rows, rows * width, (b, e) => ({
    kernel: KERNEL,
    fn,
    args: [dst.byteOffset, src.byteOffset, width, rows, b, e],
  }));
}

function difColumn(ptr: number, rows: number, logBlock: number, t: Twiddles): void {
  const tw = t.tw.byteOffset;
  const twS = t.twS.byteOffset;
  const lastLog = Math.min(logBlock, columnPlan.blockLog); // the last pass's blocks: 2^lastLog values
  let hTop = 2 ** (logBlock - 1);
  for (const count of planPasses(logBlock - lastLog, columnPlan.passLayers)) {
    const hBottom = hTop / 2 ** (count - 1);
    const chunk = Math.min(hBottom, columnPlan.chunk);
    const groups = (rows / (2 * hTop)) * (hBottom / chunk);
    const top = hTop;
    runSplit(groups, rows, (b, e) => ({
      kernel: KERNEL,
      fn: "dif_col",
      args: [ptr, top, hBottom, chunk, b, e, tw, twS, 0],
    }));
    hTop = hBottom / 2;
  }
  // hTop = 2^(lastLog - 1) ≥ 8: layers hTop..4 and the radix-4 tail, block by block.
  const groups = rows / (2 * hTop);
  const top = hTop;
  runSplit(groups, rows, (b, e) => ({
    kernel: KERNEL,
    fn: "dif_col",
    args: [ptr, top, 4, 4, b, e, tw, twS, 1],
  }));
}

/** Permutes the first 2^logN rows of the matrix into bit-reversed row order, in place. */
export function bitReverseMatrix(values: Uint32Array, width: number, logN: number): void {
  const n = 2 ** logN;
  if (n <= 2) return;
  if (n < 16 && width === 1) return bitReverseRef(values, n);
  const ptr = values.byteOffset;
  const k = TILE_LOG;
  if (logN < 2 * k) {
    runSplit(n, n * width, (b, e) => ({
      kernel: KERNEL,
      fn: "bitrev_rows",
      args: [ptr, width, logN, b, e],
    }));
    return;
  }
  runSplit(2 ** (logN - 2 * k), n * width, (b, e) => ({
    kernel: KERNEL,
    fn: "bitrev_rows_tiled",
    args: [ptr, width, logN, k, b, e],
  }));
}

/**
 * dst row i := src row i · c · z^i for i < rows (`src` may be `dst`). Threads take row ranges,
 * each starting from its own c · z^begin.
 */
export function scaleRowsByPowers(
  src: Uint32Array,
  dst: Uint32Array,
  width: number,
  rows: number,
  c: number,
  z: number,
): void {
  const s = src.byteOffset;
  const d = dst.byteOffset;
  const rowBytes = width * 4;
  runSplit(rows, rows * width, (b, e) => ({
    kernel: KERNEL,
    fn: "scale_rows_powers",
    args: [s + b * rowBytes, d + b * rowBytes, width, e - b, mul(c, pow(z, b)), z],
  }));
}

/** dst := src (same length), split between the threads. */
export function copyWords(dst: Uint32Array, src: Uint32Array): void {
  const n = src.length;
  const s = src.byteOffset;
  const d = dst.byteOffset;
  const CHUNK = 1 << 16; // words per unit of work
  runSplit(Math.ceil(n / CHUNK), n, (b, e) => ({
    kernel: KERNEL,
    fn: "copy",
    args: [d + b * CHUNK * 4, s + b * CHUNK * 4, (Math.min(n, e * CHUNK) - b * CHUNK) * 4],
  }));
}

/**
 * The largest word of the heap view `values` (unsigned), on every thread: one read of memory,
 * ~25 ms per 480 MB on one core, which is what makes checking every committed cell affordable.
 */
export function maxWord(values: Uint32Array): number {
  const n = values.length;
  const CHUNK = 1 << 16; // words per unit of work
  const count = Math.ceil(n / CHUNK);
  if (count === 0) return 0;
  const h = heap();
  const slots = h.allocZeroed(count); // one per call: ranges are disjoint, so are their slots
  try {
    const s = values.byteOffset;
    runSplit(count, n, (b, e) => ({
      kernel: KERNEL,
      fn: "max_words",
      args: [s + b * CHUNK * 4, Math.min(n, e * CHUNK) - b * CHUNK, slots.byteOffset + 4 * b],
    }));
    let max = 0;
    for (let i = 0; i < count; i++) if (slots[i] > max) max = slots[i];
    return max;
  } finally {
    h.free(slots);
  }
}

/** values[i] := values[i] · c for every i (elementwise, so any row shape will do). */
export function scaleAll(values: Uint32Array, c: number): void {
  const n = values.length;
  const W = 256; // rows of 256 words: one Shoup companion per 256 products
  const full = Math.floor(n / W);
  if (full > 0) scaleRowsByPowers(values, values, W, full, c, 1);
  const rest = n - full * W;
  if (rest > 0) {
    const tail = values.subarray(full * W);
    nttKernel().scale_rows_powers(tail.byteOffset, tail.byteOffset, rest, 1, c, 1);
  }
}
