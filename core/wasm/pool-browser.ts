/**
 * The browser build's stand-in for pool.ts (tsup.config.ts substitutes it for every import of
 * pool.js in the browser bundle): the same API, every call run on the calling thread.
 *
 * Why one thread: pool.ts shares one WebAssembly memory with worker threads and blocks on
 * `Atomics.wait` until they finish. In a browser that needs a cross-origin-isolated page (to post
 * shared memory to workers) and a worker as the caller (the main thread may not wait), and what
 * the verifier runs on kernels — the commitment to a program's preprocessed tables when its id
 * is recomputed from the ELF — takes tens of milliseconds on one thread. The browser verifier
 * runs whole verifications in a Web Worker instead (web/worker.ts), off the page's main thread.
 * The kernels are the same WebAssembly as in Node, so results cannot differ.
 */
import { heap, instantiateKernel } from "./heap.js";
import type { KernelCall } from "./pool.js";

export type { KernelCall } from "./pool.js";

type KernelExports = Record<string, (...args: number[]) => unknown>;

const local = new Map<string, KernelExports>();

/** Instantiates a kernel (base64 from core/wasm/generated) over the heap, once per name. */
export function registerKernel<T extends WebAssembly.Exports>(name: string, wasmBase64: string): T {
  let kernel = local.get(name);
  if (kernel === undefined) {
    kernel = instantiateKernel<WebAssembly.Exports>(wasmBase64) as unknown as KernelExports;
    local.set(name, kernel);
  }
  return kernel as unknown as T;
}

/** Instantiates a module compiled here (a generated kernel) over the heap, once per name. */
export function registerModule<T extends WebAssembly.Exports>(
  name: string,
  module: WebAssembly.Module,
): T {
  let kernel = local.get(name);
  if (kernel === undefined) {
    const instance = new WebAssembly.Instance(module, { env: { memory: heap().memory } });
    kernel = instance.exports as unknown as KernelExports;
    local.set(name, kernel);
  }
  return kernel as unknown as T;
}

/** Threads used: the calling one. */
export function threadCount(): number {
  return 1;
}

/** Runs every call, in order, on this thread. */
export function runKernels(calls: KernelCall[]): void {
  for (const c of calls) local.get(c.kernel)![c.fn](...c.args);
}

const functions = new Map<string, (ctx: object) => void>();

/** Runs `source` (a self-contained JavaScript function expression) once per context. */
export function runFunctionParallel(source: string, contexts: object[]): void {
  if (contexts.length === 0) return;
  let f = functions.get(source);
  if (f === undefined)
    functions.set(source, (f = new Function(`return ${source}`)() as (ctx: object) => void));
  for (const c of contexts) f(c);
}

/** Runs `make(0, count)`: on one thread the range is not split. */
export function runRanges(
  count: number,
  _words: number,
  make: (begin: number, end: number) => KernelCall,
): void {
  if (count > 0) runKernels([make(0, count)]);
}

/** One thread: there are no workers to start. */
export function startWorkers(): void {}

/** One thread: nothing runs in the background. */
export function warmHeap(_bytes: number): { offset: number; length: number } {
  return { offset: 0, length: 0 };
}
