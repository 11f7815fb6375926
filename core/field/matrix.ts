/**
 * A matrix of BabyBear elements: `height` rows of `width` canonical values, row-major in one
 * `Uint32Array`, so row i is `values[i·width, (i+1)·width)`.
 *
 * Row-major because the prover's hot operations run along rows: a Merkle leaf is a row, and a
 * column NTT applies the same twiddle to a whole pair of rows, so the SIMD inner loop reads
 * contiguous memory. Big matrices live on the shared WebAssembly heap (`newMatrix`), where the
 * kernels and the worker threads use them in place.
 */
import { P } from "./babybear.js";
import { heap } from "../wasm/heap.js";

export interface Matrix {
  values: Uint32Array;
  width: number;
  height: number;
}

function checkShape(width: number, height: number): void {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 0) {
    throw new RangeError(
      `matrix: bad shape ${width} x ${height} (width >= 1, height >= 0 integers)`,
    );
  }
}

// Buffers known to back the shared heap. A shared memory hands out a new SharedArrayBuffer
// object each time it grows, so views made before a growth have a different `buffer` than
// `memory.buffer` has now; we remember every one we have seen a heap block on.
const heapBuffers = new WeakSet<ArrayBufferLike>();

/**
 * True if `v` lies in the shared WebAssembly heap, so kernels can use it without copying:
 * a block from `heap().alloc`, or any view of a buffer such a block (or the memory) uses.
 */
export function isHeapView(v: ArrayBufferView): boolean {
  const buf = v.buffer;
  if (heapBuffers.has(buf)) return true;
  const h = heap();
  if (buf === h.memory.buffer || (v instanceof Uint32Array && h.owns(v))) {
    heapBuffers.add(buf);
    return true;
  }
  return false;
}

/** A zero-filled `width × height` matrix on the shared heap. Release it with `freeMatrix`. */
export function newMatrix(width: number, height: number): Matrix {
  checkShape(width, height);
  const values = heap().allocZeroed(width * height);
  heapBuffers.add(values.buffer);
  return { values, width, height };
}

/**
 * A `width × height` heap matrix whose contents are whatever was in memory: for outputs that
 * are about to be overwritten in full (saves a pass over the memory).
 */
export function newMatrixUninit(width: number, height: number): Matrix {
  checkShape(width, height);
  const values = heap().alloc(width * height);
  heapBuffers.add(values.buffer);
  return { values, width, height };
}

/** Returns a heap matrix's memory to the heap; the matrix must not be used afterwards. */
export function freeMatrix(m: Matrix): void {
  heap().free(m.values);
}

/** Wraps row-major `values` (length a multiple of `width`) as a matrix, without copying. */
export function matrixOf(values: Uint32Array, width: number): Matrix {
  if (!Number.isInteger(width) || width < 1 || values.length % width !== 0) {
    throw new RangeError(`matrix: ${values.length} values do not make rows of width ${width}`);
  }
  return { values, width, height: values.length / width };
}

/** Row i, as a view into the matrix (writes go through). */
export function row(m: Matrix, i: number): Uint32Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.height) {
    throw new RangeError(`matrix: row ${i} out of range (height ${m.height})`);
  }
  return m.values.subarray(i * m.width, (i + 1) * m.width);
}

/** Column j, copied into a new array. */
export function column(m: Matrix, j: number): Uint32Array {
  if (!Number.isInteger(j) || j < 0 || j >= m.width) {
    throw new RangeError(`matrix: column ${j} out of range (width ${m.width})`);
  }
  const out = new Uint32Array(m.height);
  const { values, width } = m;
  for (let i = 0, k = j; i < m.height; i++, k += width) out[i] = values[k];
  return out;
}

/** Throws unless `m` is a well-formed matrix (shape matches the values' length). */
export function checkMatrix(m: Matrix, what = "matrix"): void {
  if (!(m.values instanceof Uint32Array))
    throw new TypeError(`${what}: values must be a Uint32Array`);
  checkShape(m.width, m.height);
  if (m.values.length !== m.width * m.height) {
    throw new RangeError(
      `${what}: ${m.values.length} values for a ${m.width} x ${m.height} matrix`,
    );
  }
}

/** A cell of a matrix that is not a field element: its value is at least p. */
export interface NonCanonicalCell {
  row: number;
  column: number;
  value: number;
}

/**
 * The first cell of the row-major `values` (rows of `width`) that is not below p, or undefined.
 * A plain scan (~1 ns per cell): for small matrices and for saying where, once a cheaper check
 * (`maxWord` on the heap) has found that some cell is out of range.
 */
export function firstNonCanonical(
  values: Uint32Array,
  width: number,
): NonCanonicalCell | undefined {
  for (let i = 0; i < values.length; i++) {
    if (values[i] >= P) return { row: Math.floor(i / width), column: i % width, value: values[i] };
  }
  return undefined;
}

/**
 * Thrown when a matrix to be committed holds a value ≥ p. `where` and `columnName` say what it
 * was as far as the thrower knows; `matrix` is set by whoever knows which matrix of a batch it
 * was (core/fri/pcs.ts), and `retold` gives the error again from one who knows the table.
 */
export class NonCanonicalError extends RangeError {
  override readonly name = "NonCanonicalError";
  matrix?: number;
  constructor(
    readonly cell: NonCanonicalCell,
    /** E.g. `cosetLde`, or `prove: segment 2, table rv.cpu`. */
    readonly where: string,
    /** E.g. `column "rs1Lo"` or `preprocessed column "value"`; the index is added. */
    readonly columnName?: string,
    options?: ErrorOptions,
  ) {
    const column = columnName ? `${columnName} (${cell.column})` : `column ${cell.column}`;
    super(
      `${where}, ${column}, row ${cell.row}: ${cell.value} is not a field element; ` +
        `every value must be below p = ${P}`,
      options,
    );
  }

  /** The same cell, told from `where` as `columnName` (the original as the cause). */
  retold(where: string, columnName: string): NonCanonicalError {
    return new NonCanonicalError(this.cell, where, columnName, { cause: this });
  }
}
