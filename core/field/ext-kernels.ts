/**
 * Batch inversion of interleaved extension vectors on the WebAssembly kernel of
 * `ext_kernels.wat`: each element's norm to the base field on all threads, one base-field batch
 * inversion of the norms (the SIMD kernel of `vector.ts`), and each inverse recovered from its
 * norm's, again on all threads. `batchInverse4` in extension.ts is the reference.
 */
import { wasmBase64 } from "../wasm/generated/ext_kernels.js";
import { heap } from "../wasm/heap.js";
import { registerKernel, runRanges } from "../wasm/pool.js";
import { isHeapView } from "./matrix.js";
import { batchInverseVec } from "./vector.js";

const NAME = "ext_kernels";
let registered = false;

/**
 * Replaces every element of `v` (4 words each) by its inverse, in place. Returns −1, or the
 * index of a zero element (then `v` is unchanged). With `skip` (a heap view of one word per
 * element), the elements whose word is 0 are neither inverted nor checked: they stay as they
 * are (LogUp passes its multiplicities: a fraction m/d with m = 0 needs no 1/d, and a CPU row
 * uses few of its buses, so most of its denominators would be inverted for nothing).
 */
export function batchInverseExtInPlace(v: Uint32Array, skip?: Uint32Array): number {
  const n = v.length / 4;
  if (n === 0) return -1;
  if (skip && (skip.length !== n || !isHeapView(skip)))
    throw new RangeError(`batchInverseExtInPlace: skip must be a heap view of ${n} words`);
  if (!registered) {
    registerKernel(NAME, wasmBase64);
    registered = true;
  }
  const h = heap();
  const onHeap = isHeapView(v);
  const data = onHeap ? v : h.alloc(v.length);
  if (!onHeap) data.set(v);
  const norms = h.alloc(n);
  const inverses = h.alloc(n);
  const skipAt = skip?.byteOffset ?? 0;
  const pass = (fn: string, base: Uint32Array) =>
    runRanges(n, 4 * n, (r0, r1) => ({
      kernel: NAME,
      fn,
      args: [data.byteOffset, base.byteOffset, skipAt, r0, r1],
    }));
  try {
    pass("ext_norms", norms);
    // A norm is zero exactly when its element is.
    const zero = norms.indexOf(0);
    if (zero >= 0) return zero;
    batchInverseVec(inverses, norms);
    pass("ext_inv_from_norms", inverses);
    if (!onHeap) v.set(data);
    return -1;
  } finally {
    h.free(norms);
    h.free(inverses);
    if (!onHeap) h.free(data);
  }
}
