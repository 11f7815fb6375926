/**
 * Runs WebAssembly kernel calls on every core, synchronously.
 *
 * Each worker instantiates the same kernels over the one shared heap memory, so a call is just
 * (kernel, function, numeric args: byte offsets and sizes) and nothing is copied. The calling
 * thread works too: calls are taken from a shared atomic counter by whichever thread is free,
 * and the caller blocks on `Atomics.wait` until all are done. A synchronous API keeps the
 * prover's code straight-line; the workers are unref'd, so they never keep the process alive.
 *
 * Split work into a few calls per thread (not thousands): a call costs a message round trip.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { heap, instantiateKernel } from "./heap.js";

/** One kernel invocation: `kernels[kernel].exports[fn](...args)`. */
export interface KernelCall {
  kernel: string;
  fn: string;
  args: number[];
}

type KernelExports = Record<string, (...args: number[]) => unknown>;

const registered = new Map<string, string>(); // kernel name -> base64
const local = new Map<string, KernelExports>();

/** Makes a kernel (base64 from core/wasm/generated) callable here and in workers. */
export function registerKernel<T extends WebAssembly.Exports>(name: string, wasmBase64: string): T {
  if (!registered.has(name)) {
    registered.set(name, wasmBase64);
    local.set(name, instantiateKernel<WebAssembly.Exports>(wasmBase64) as unknown as KernelExports);
    for (const w of workers) w.worker.postMessage({ type: "kernel", name, wasmBase64 });
  }
  return local.get(name) as unknown as T;
}

// The worker's source, evaluated from a string so that it needs no file path (and works the
// same under tsx, vitest and the tsup bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const memory = workerData.memory;
const kernels = new Map();
function load(name, b64) {
  const module = new WebAssembly.Module(Buffer.from(b64, "base64"));
  kernels.set(name, new WebAssembly.Instance(module, { env: { memory } }).exports);
}
for (const [name, b64] of workerData.kernels) load(name, b64);
parentPort.on("message", (msg) => {
  if (msg.type === "kernel") return load(msg.name, msg.wasmBase64);
  const { calls, counter, done } = msg;
  const next = new Int32Array(counter);
  const finished = new Int32Array(done);
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= calls.length) break;
    const c = calls[i];
    try {
      kernels.get(c.kernel)[c.fn](...c.args);
    } catch (err) {
      Atomics.store(finished, 1, i + 1);
    }
    Atomics.add(finished, 0, 1);
    Atomics.notify(finished, 0);
  }
});
`;

interface PoolWorker {
  worker: Worker;
}
const workers: PoolWorker[] = [];

/** Threads used, the caller included: ZKGLUE_THREADS, else the machine's parallelism. */
export function threadCount(): number {
  const env = Number(process.env.ZKGLUE_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, availableParallelism());
}

function ensureWorkers(): void {
  const want = threadCount() - 1;
  while (workers.length < want) {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { memory: heap().memory, kernels: [...registered.entries()] },
    });
    worker.unref();
    workers.push({ worker });
  }
}

/**
 * Runs every call, spread over all threads; returns when all are done. A call that traps is
 * reported (by index) after the rest finish.
 */
export function runKernels(calls: KernelCall[]): void {
  if (calls.length === 0) return;
  if (calls.length === 1 || threadCount() === 1) {
    for (const c of calls) local.get(c.kernel)![c.fn](...c.args);
    return;
  }
  ensureWorkers();
  const counter = new SharedArrayBuffer(4);
  const done = new SharedArrayBuffer(8);
  const next = new Int32Array(counter);
  const finished = new Int32Array(done);
  for (const w of workers) w.worker.postMessage({ type: "run", calls, counter, done });
  let failure: unknown;
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= calls.length) break;
    const c = calls[i];
    try {
      local.get(c.kernel)![c.fn](...c.args);
    } catch (err) {
      failure = err;
    }
    Atomics.add(finished, 0, 1);
  }
  for (;;) {
    const count = Atomics.load(finished, 0);
    if (count >= calls.length) break;
    Atomics.wait(finished, 0, count, 1000);
  }
  if (failure) throw failure;
  const failed = Atomics.load(finished, 1);
  if (failed) throw new Error(`zkglue: kernel call ${failed - 1} (${calls[failed - 1].fn}) trapped in a worker`);
}

/** Below this many words of data touched, a job runs on the calling thread alone. */
const PARALLEL_MIN_WORDS = 1 << 16;

/**
 * Splits `[0, count)` into a few ranges per thread and runs `make(begin, end)` for each (the
 * kernel named in the calls must be registered); `words`, the data touched, decides whether
 * the workers are used at all.
 */
export function runRanges(count: number, words: number, make: (begin: number, end: number) => KernelCall): void {
  if (count <= 0) return;
  const threads = words < PARALLEL_MIN_WORDS ? 1 : threadCount();
  const parts = Math.min(count, threads === 1 ? 1 : threads * 4);
  const calls: KernelCall[] = [];
  for (let k = 0; k < parts; k++) {
    const begin = Math.floor((count * k) / parts);
    const end = Math.floor((count * (k + 1)) / parts);
    if (end > begin) calls.push(make(begin, end));
  }
  runKernels(calls);
}
