/**
 * The NTT kernel module (`bb_ntt.wat`), instantiated once here and in every worker thread, and
 * the dispatcher that spreads a list of kernel calls over the threads (or runs them here when
 * the work is too small to pay for a round trip to the workers).
 */
import { wasmBase64 } from "../wasm/generated/bb_ntt.js";
import { type KernelCall, registerKernel, runKernels, threadCount } from "../wasm/pool.js";

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

/** Below this many elements of work a job runs on the calling thread alone. */
const PARALLEL_MIN_WORDS = 1 << 16;

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
  if (count <= 0) return;
  const k = nttKernel(); // registers the kernel (here and in the workers) before any call
  const threads = words < PARALLEL_MIN_WORDS ? 1 : threadCount();
  if (threads === 1) {
    const c = make(0, count);
    (k as unknown as Record<string, (...a: number[]) => void>)[c.fn](...c.args);
    return;
  }
  // Many small calls: a thread that the (shared) machine deschedules then holds up little work,
  // since the others take the remaining calls; a call costs only a function call in a worker.
  const parts = Math.min(count, threads * 16);
  const calls: KernelCall[] = [];
  for (let k = 0; k < parts; k++) {
    const begin = Math.floor((count * k) / parts);
    const end = Math.floor((count * (k + 1)) / parts);
    if (end > begin) calls.push(make(begin, end));
  }
  runKernels(calls);
}
