/**
 * Batch inversion of interleaved extension vectors on the WebAssembly kernel of
 * `ext_kernels.wat`, split into chunks over all threads (Montgomery's trick per chunk, one
 * extension inversion per chunk, here). `batchInverse4` in extension.ts is the reference.
 */
import { wasmBase64 } from "../wasm/generated/ext_kernels.js";
import { heap } from "../wasm/heap.js";
import { registerKernel, runKernels, threadCount } from "../wasm/pool.js";
import { inv, mul } from "./babybear.js";
import { type Ext, inv4 } from "./extension.js";
import { isHeapView } from "./matrix.js";

const NAME = "ext_kernels";
let registered = false;

/** 2^32 mod p and its inverse: in and out of Montgomery form. */
const R = 268435454;
const R_INV = inv(R);

/** Words between two threads' scratch blocks: 128 bytes, two cache lines (adjacent-line prefetch). */
const LINE = 32;

/**
 * Replaces every element of `v` (4 words each) by its inverse, in place. Returns −1, or the
 * index of a zero element (then `v` is unchanged).
 */
export function batchInverseExtInPlace(v: Uint32Array): number {
  const n = v.length / 4;
  if (n === 0) return -1;
  if (!registered) {
    registerKernel(NAME, wasmBase64);
    registered = true;
  }
  const h = heap();
  const onHeap = isHeapView(v);
  const data = onHeap ? v : h.alloc(v.length);
  if (!onHeap) data.set(v);
  const parts = Math.max(1, Math.min(n >> 10, 4 * threadCount()));
  const pre = h.alloc(4 * n);
  // Each part's running product and scratch are written at every element: they get a 128-byte
  // block each (LINE), so that threads never share a cache line (packed 16 and 32 bytes apart,
  // two threads took 120 ns per element, one thread 64; spread, two take 31, measured).
  const totals = h.alloc(LINE * parts);
  const scratch = h.alloc(LINE * parts);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.floor((n * k) / parts));
  const calls = (fn: string, extra: (k: number) => number) =>
    Array.from({ length: parts }, (_, k) => ({
      kernel: NAME,
      fn,
      args: [
        data.byteOffset,
        pre.byteOffset + 16 * bounds[k],
        bounds[k],
        bounds[k + 1],
        extra(k),
        scratch.byteOffset + 4 * LINE * k,
      ],
    }));
  try {
    runKernels(calls("batch_inv_fwd", (k) => totals.byteOffset + 4 * LINE * k));
    for (let k = 0; k < parts; k++) {
      const t = totals.subarray(LINE * k, LINE * k + 4);
      const product: Ext = [mul(t[0], R_INV), mul(t[1], R_INV), mul(t[2], R_INV), mul(t[3], R_INV)];
      if (product.every((c) => c === 0)) {
        for (let i = bounds[k]; i < bounds[k + 1]; i++) {
          if ((data[4 * i] | data[4 * i + 1] | data[4 * i + 2] | data[4 * i + 3]) === 0) return i;
        }
      }
      const invP = inv4(product);
      for (let c = 0; c < 4; c++) t[c] = mul(invP[c], R);
    }
    runKernels(calls("batch_inv_bwd", (k) => totals.byteOffset + 4 * LINE * k));
    if (!onHeap) v.set(data);
    return -1;
  } finally {
    h.free(pre);
    h.free(totals);
    h.free(scratch);
    if (!onHeap) h.free(data);
  }
}
