/**
 * BabyBear vector operations over `Uint32Array`s of canonical values: out[i] = a[i] ∘ b[i].
 *
 * The work is done by the WebAssembly SIMD kernels of `bb_vector.wat` (Montgomery + Shoup
 * multiplication, four lanes per v128). Kernels read the shared heap, so arrays that live there
 * (`heap().alloc`, `newMatrix`, their subarrays) are used in place; other arrays are copied into
 * a reusable heap scratch area and back (about 0.13 ms per 2^20 words), and arrays shorter than
 * `SMALL` take the plain TypeScript path, where a kernel call would cost more than it saves.
 * Each operation has a `*Ref` twin in plain TypeScript on the scalar field, for tests and
 * benchmarks. `out` may be the same array as an input (not a partial overlap).
 *
 * Inputs must be canonical (< p); that is not checked per element, which would cost a pass.
 */
import { wasmBase64 } from "../wasm/generated/bb_vector.js";
import { heap } from "../wasm/heap.js";
import { registerKernel } from "../wasm/pool.js";
import { P, add, batchInverse, inv, mul, pow, sub } from "./babybear.js";
import { isHeapView } from "./matrix.js";

interface VectorKernel {
  add(out: number, a: number, b: number, n: number): void;
  sub(out: number, a: number, b: number, n: number): void;
  mul(out: number, a: number, b: number, n: number): void;
  mul_mont2(out: number, a: number, b: number, n: number): void;
  mul_mont_shoup(out: number, a: number, b: number, n: number): void;
  scale(out: number, a: number, s: number, n: number): void;
  mul_add(out: number, a: number, b: number, c: number, n: number): void;
  batch_inv_fwd(out: number, a: number, n8: number, acc: number): number;
  batch_inv_bwd(out: number, a: number, n8: number, acc: number): void;
  shoup_of(c: number): number;
}

/** Below this length the TypeScript loop wins over a kernel call (and any copy). */
export const SMALL = 64;

let kernel: VectorKernel | undefined;
/** The vector kernel's exports (instantiated once, also in the worker threads). */
export function vectorKernel(): VectorKernel {
  kernel ??= registerKernel("bb_vector", wasmBase64) as unknown as VectorKernel;
  return kernel;
}

// Scratch for arrays that are not on the heap: one slot per operand and one for the result,
// grown on demand and kept (fresh memory is slow to touch the first time).
let scratch: Uint32Array | undefined;
function scratchSlots(n: number, count: number): Uint32Array[] {
  const stride = (n + 15) & ~15; // 64-byte aligned slots
  if (!scratch || scratch.length < stride * count) {
    if (scratch) heap().free(scratch);
    scratch = heap().alloc(stride * count);
  }
  const slots: Uint32Array[] = [];
  for (let k = 0; k < count; k++) slots.push(scratch.subarray(k * stride, k * stride + n));
  return slots;
}

function checkLengths(op: string, out: Uint32Array, ...ins: Uint32Array[]): number {
  const n = out.length;
  for (const a of ins) {
    if (a.length !== n) throw new RangeError(`${op}: length ${a.length} differs from out's ${n}`);
  }
  return n;
}

/**
 * Runs `fn` on heap byte offsets for `out` and `ins`, copying the ones not on the heap into
 * scratch (and the result back).
 */
function onHeap(
  out: Uint32Array,
  ins: Uint32Array[],
  fn: (out: number, ins: number[]) => void,
): void {
  const n = out.length;
  const allOnHeap = isHeapView(out) && ins.every(isHeapView);
  if (allOnHeap) {
    fn(
      out.byteOffset,
      ins.map((a) => a.byteOffset),
    );
    return;
  }
  const slots = scratchSlots(n, ins.length + 1);
  const ptrs = ins.map((a, k) => {
    if (isHeapView(a)) return a.byteOffset;
    slots[k].set(a);
    return slots[k].byteOffset;
  });
  const target = isHeapView(out) ? out : slots[ins.length];
  fn(target.byteOffset, ptrs);
  if (target !== out) out.set(target);
}

// ---- references (plain TypeScript, scalar field) -----------------------------------------

/** out[i] = a[i] + b[i] (TypeScript reference). */
export function addVecRef(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("addVecRef", out, a, b);
  for (let i = 0; i < n; i++) out[i] = add(a[i], b[i]);
  return out;
}

/** out[i] = a[i] − b[i] (TypeScript reference). */
export function subVecRef(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("subVecRef", out, a, b);
  for (let i = 0; i < n; i++) out[i] = sub(a[i], b[i]);
  return out;
}

/** out[i] = a[i] · b[i] (TypeScript reference). */
export function mulVecRef(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("mulVecRef", out, a, b);
  for (let i = 0; i < n; i++) out[i] = mul(a[i], b[i]);
  return out;
}

/** out[i] = a[i] · s (TypeScript reference). */
export function scaleVecRef(out: Uint32Array, a: Uint32Array, s: number): Uint32Array {
  const n = checkLengths("scaleVecRef", out, a);
  for (let i = 0; i < n; i++) out[i] = mul(a[i], s);
  return out;
}

/** out[i] = a[i] · b[i] + c[i] (TypeScript reference). */
export function mulAddVecRef(
  out: Uint32Array,
  a: Uint32Array,
  b: Uint32Array,
  c: Uint32Array,
): Uint32Array {
  const n = checkLengths("mulAddVecRef", out, a, b, c);
  for (let i = 0; i < n; i++) out[i] = add(mul(a[i], b[i]), c[i]);
  return out;
}

/** out[i] = 1 / a[i] (TypeScript reference); throws naming the index of a zero. */
export function batchInverseVecRef(out: Uint32Array, a: Uint32Array): Uint32Array {
  checkLengths("batchInverseVecRef", out, a);
  return batchInverse(a, out);
}

// ---- WebAssembly SIMD --------------------------------------------------------------------

/** out[i] = a[i] + b[i]. */
export function addVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("addVec", out, a, b);
  if (n < SMALL) return addVecRef(out, a, b);
  const k = vectorKernel();
  onHeap(out, [a, b], (o, [pa, pb]) => k.add(o, pa, pb, n));
  return out;
}

/** out[i] = a[i] − b[i]. */
export function subVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("subVec", out, a, b);
  if (n < SMALL) return subVecRef(out, a, b);
  const k = vectorKernel();
  onHeap(out, [a, b], (o, [pa, pb]) => k.sub(o, pa, pb, n));
  return out;
}

/** out[i] = a[i] · b[i]. */
export function mulVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("mulVec", out, a, b);
  if (n < SMALL) return mulVecRef(out, a, b);
  const k = vectorKernel();
  onHeap(out, [a, b], (o, [pa, pb]) => k.mul(o, pa, pb, n));
  return out;
}

/** out[i] = a[i] · s for a canonical scalar s (one Shoup product per element). */
export function scaleVec(out: Uint32Array, a: Uint32Array, s: number): Uint32Array {
  const n = checkLengths("scaleVec", out, a);
  if (!Number.isInteger(s) || s < 0 || s >= P)
    throw new RangeError(`scaleVec: scalar ${s} is not canonical`);
  if (n < SMALL) return scaleVecRef(out, a, s);
  const k = vectorKernel();
  onHeap(out, [a], (o, [pa]) => k.scale(o, pa, s, n));
  return out;
}

/** out[i] = a[i] · b[i] + c[i]. */
export function mulAddVec(
  out: Uint32Array,
  a: Uint32Array,
  b: Uint32Array,
  c: Uint32Array,
): Uint32Array {
  const n = checkLengths("mulAddVec", out, a, b, c);
  if (n < SMALL) return mulAddVecRef(out, a, b, c);
  const k = vectorKernel();
  onHeap(out, [a, b, c], (o, [pa, pb, pc]) => k.mul_add(o, pa, pb, pc, n));
  return out;
}

/** out[i] = a[i]^e for an integer 0 ≤ e < 2^53 (TypeScript reference). */
export function powVecRef(out: Uint32Array, a: Uint32Array, e: number): Uint32Array {
  const n = checkLengths("powVecRef", out, a);
  checkExponent(e, "powVecRef");
  for (let i = 0; i < n; i++) out[i] = pow(a[i], e);
  return out;
}

function checkExponent(e: number, what: string): void {
  if (!Number.isSafeInteger(e) || e < 0)
    throw new RangeError(`${what}: exponent ${e} is not an integer in [0, 2^53)`);
}

/**
 * out[i] = a[i]^e for an integer 0 ≤ e < 2^53 (0^0 = 1): square-and-multiply over whole
 * vectors, so about 2·log2(e) passes of `mulVec`.
 */
export function powVec(out: Uint32Array, a: Uint32Array, e: number): Uint32Array {
  const n = checkLengths("powVec", out, a);
  checkExponent(e, "powVec");
  if (n < SMALL) return powVecRef(out, a, e);
  // base := a, acc := 1; out may be a, so work in scratch of our own.
  const base = a.slice();
  const acc = new Uint32Array(n).fill(1);
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) mulVec(acc, acc, base);
    if (k > 1) mulVec(base, base, base);
  }
  out.set(acc);
  return out;
}

let accBlock: Uint32Array | undefined;

/**
 * out[i] = 1 / a[i], with Montgomery's trick run as eight interleaved chains (one per lane of
 * two vectors): three multiplications per element and eight scalar inversions in all. Throws
 * naming the first index of a zero. `out` may be `a`.
 */
export function batchInverseVec(out: Uint32Array, a: Uint32Array): Uint32Array {
  const n = checkLengths("batchInverseVec", out, a);
  if (n < SMALL) return batchInverseVecRef(out, a);
  const k = vectorKernel();
  const n8 = n & ~7;
  accBlock ??= heap().alloc(8);
  const acc = accBlock;
  // The backward pass reads a again while out holds the prefixes: keep them apart.
  const aliased =
    out.buffer === a.buffer &&
    out.byteOffset < a.byteOffset + 4 * n &&
    a.byteOffset < out.byteOffset + 4 * n;
  const dest = aliased ? new Uint32Array(n) : out;
  onHeap(dest, [a], (o, [pa]) => {
    if (k.batch_inv_fwd(o, pa, n8, acc.byteOffset)) {
      const zero = a.findIndex((x) => x === 0);
      throw new RangeError(`batchInverseVec: inverse of zero at index ${zero}`);
    }
    batchInverse(acc.slice(), acc);
    k.batch_inv_bwd(o, pa, n8, acc.byteOffset);
  });
  // The last n mod 8 elements.
  for (let i = n8; i < n; i++) {
    if (a[i] === 0) throw new RangeError(`batchInverseVec: inverse of zero at index ${i}`);
    dest[i] = inv(a[i]);
  }
  if (dest !== out) out.set(dest);
  return out;
}

/**
 * The two-Montgomery-product multiplication, kept only so the benchmark can show why `mulVec`
 * uses Montgomery + Shoup instead. Heap views only.
 */
export function mulVecMont2(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("mulVecMont2", out, a, b);
  if (!isHeapView(out) || !isHeapView(a) || !isHeapView(b))
    throw new Error("mulVecMont2: heap views only");
  vectorKernel().mul_mont2(out.byteOffset, a.byteOffset, b.byteOffset, n);
  return out;
}
