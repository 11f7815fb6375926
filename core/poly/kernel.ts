/**
 * The NTT kernel module (`bb_ntt.wat`), instantiated once here and in every worker thread, and
 * the dispatcher that spreads a list of kernel calls over the threads (or runs them here when
 * the work is too small to pay for a round trip to the workers).
 */
import { wasmBase64 } from "../wasm/generated/bb_ntt.js";
import { type KernelCall, registerKernel, runRanges } from "../wasm/pool.js";

export interface NttKernel {
  powers(dst: number, n: number, start: number, base: number): void;
  decimate(dst: number, src: number, n: number): void;
  shoup_table(dst: number, src: number, n: number): void;
  dif_rows(
    ptr: number,
    width: number,
    hTop: number,
    hBottom: number,
    gBegin: number,
    gEnd: number,
    tw: number,
    twS: number,
    src: number,
  ): void;
  dif_col(
    ptr: number,
    hTop: number,
    hBottom: number,
    chunk: number,
    gBegin: number,
    gEnd: number,
    tw: number,
    twS: number,
    tail: number,
  ): void;
  bitrev_rows(ptr: number, width: number, logN: number, begin: number, end: number): void;
  max_words(src: number, n: number, out: number): void;
  scale_rows_powers(
    src: number,
    dst: number,
    width: number,
    rows: number,
    c: number,
    z: number,
  ): void;
}

export const NTT_KERNEL = "bb_ntt";

let kernel: NttKernel | undefined;
/** The NTT kernel's exports on this thread. */
export function nttKernel(): NttKernel {
  kernel ??= registerKernel(NTT_KERNEL, wasmBase64) as unknown as NttKernel;
  return kernel;
}

/**
 * Splits `[0, count)` into ranges for the threads (16 per thread, so that a slow thread does
 * not hold up the rest) and runs `make(begin, end)` for each; `words` (the data touched) decides
 * whether the workers are used at all.
 */
export function runSplit(
  count: number,
  words: number,
  make: (begin: number, end: number) => KernelCall,
): void {
  nttKernel(); // registers the kernel (here and in the workers) before any call
  runRanges(count, words, make, 16);
}
