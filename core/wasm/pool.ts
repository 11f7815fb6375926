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
import { compileKernel, heap } from "./heap.js";

/** One kernel invocation: `kernels[kernel].exports[fn](...args)`. */
export interface KernelCall {
  kernel: string;
  fn: string;
  args: number[];
}

type KernelExports = Record<string, (...args: number[]) => unknown>;

const registered = new Map<string, string | WebAssembly.Module>(); // kernel name -> base64 or module
const local = new Map<string, KernelExports>();

/**
 * Makes a module compiled here (a kernel generated at run time) callable here and in workers:
 * the compiled module itself is posted, so no thread compiles it again (V8 shares its code,
 * tier-up included, between the threads of a process).
 */
export function registerModule<T extends WebAssembly.Exports>(
  name: string,
  module: WebAssembly.Module,
): T {
  if (!registered.has(name)) {
    registered.set(name, module);
    const instance = new WebAssembly.Instance(module, { env: { memory: heap().memory } });
    local.set(name, instance.exports as unknown as KernelExports);
    for (const w of workers) w.worker.postMessage({ type: "module", name, module });
  }
  return local.get(name) as unknown as T;
}

/**
 * Makes a kernel (base64 from core/wasm/generated) callable here and in workers. It is compiled
 * once, here, and the module is posted: the workers neither decode nor compile it again, and a
 * function compiled (lazily, on its first call) by one thread is ready for the others.
 */
export function registerKernel<T extends WebAssembly.Exports>(name: string, wasmBase64: string): T {
  if (!registered.has(name)) return registerModule<T>(name, compileKernel(wasmBase64));
  return local.get(name) as unknown as T;
}

/**
 * Starts the worker threads now rather than at the first parallel call, so that they boot while
 * the caller does other work (key setup, execution, trace generation): a fresh process's first
 * proof then finds them ready. Idempotent; a no-op on one thread.
 */
export function startWorkers(): void {
  ensureWorkers();
}

/**
 * With ZKGLUE_WARM_HEAP=1, grows the heap to \`bytes\` and has the worker threads fault in the
 * pages no block has used yet, in the background: meant for before single-threaded work
 * (execution, trace generation) that precedes a proof needing about that much heap. A fresh page
 * costs ~2–3 µs to fault in on a virtual machine, and a 2^20-row proof's heap is 1.9 GiB. The
 * touch writes nothing: blocks allocated meanwhile are safe. It stops once work is posted to the
 * workers. Off by default (then, and on one thread or pages already touched, a no-op): where
 * page faults from two threads contend, the touch slows the caller's own work more than it
 * saves. Measured, fresh processes alternated: on the current development host a 2^20-cycle
 * loop's first proof 9.1–9.3 s without, 9.9–10.7 s with; a fresh \`zkglue prove\` of the
 * SHA-256 guest 2.01–2.07 s without, 2.17–2.20 s with (six each). On earlier hosts: 13.7–18.3 s
 * without, 15.5–17.2 s with; 18.4–21.4 s without, 16.4–17.5 s with (the one host where it won).
 * Returns the byte range handed to the workers (empty when there is nothing to do).
 */
export function warmHeap(bytes: number): { offset: number; length: number } {
  if (threadCount() === 1 || process.env.ZKGLUE_WARM_HEAP !== "1") return { offset: 0, length: 0 };
  ensureWorkers();
  const { offset, length } = heap().untouchedTail(bytes);
  Atomics.store(working, 0, 0);
  const share = Math.ceil(length / workers.length / 65536) * 65536;
  workers.forEach((w, k) => {
    const begin = offset + k * share;
    const end = Math.min(offset + length, begin + share);
    if (end > begin) w.worker.postMessage({ type: "touch", offset: begin, length: end - begin });
  });
  return { offset, length };
}

// The worker's source, evaluated from a string so that it needs no file path (and works the
// same under tsx, vitest and the tsup bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const memory = workerData.memory;
const kernels = new Map();
function load(name, source) {
  const module = typeof source === "string"
    ? new WebAssembly.Module(Buffer.from(source, "base64"))
    : source;
  kernels.set(name, new WebAssembly.Instance(module, { env: { memory } }).exports);
}
for (const [name, b64] of workerData.kernels) load(name, b64);
const functions = new Map();
function compiled(source) {
  let f = functions.get(source);
  if (!f) functions.set(source, (f = new Function("return " + source)()));
  return f;
}
const working = new Int32Array(workerData.working);
function touch(offset, length) {
  // One atomic add of 0 per 4 KiB page: a write that faults the page in without changing a
  // word, so it is harmless to a block the main thread is already filling. It stops for good
  // (checked every 1 MiB) once the main thread has posted work: the touch is meant for the
  // single-threaded stretch before the first parallel call; the next warmHeap starts afresh.
  const words = new Int32Array(memory.buffer, offset, length >>> 2);
  for (let i = 0; i < words.length; i += 1024) {
    if ((i & 0x3ffff) === 0 && Atomics.load(working, 0) !== 0) return;
    Atomics.add(words, i, 0);
  }
}
parentPort.on("message", (msg) => {
  if (msg.type === "kernel") return load(msg.name, msg.wasmBase64);
  if (msg.type === "touch") return touch(msg.offset, msg.length);
  if (msg.type === "module") return load(msg.name, msg.module);
  const run = msg.type === "js"
    ? ((f) => (i) => f(msg.contexts[i]))(compiled(msg.source))
    : (i) => { const c = msg.calls[i]; kernels.get(c.kernel)[c.fn](...c.args); };
  const count = msg.type === "js" ? msg.contexts.length : msg.calls.length;
  const next = new Int32Array(msg.counter);
  const finished = new Int32Array(msg.done);
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= count) break;
    try {
      run(i);
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
// Set when work is posted, cleared by `warmHeap`: a worker's touch stops at the next MiB once
// set (measured on a host where faults from two threads contend: a 2^20-cycle proof's touch
// ran on into the commit phase; its first proof took 19.2–19.6 s, 15.5–17.2 s with this stop).
const working = new Int32Array(new SharedArrayBuffer(4));

/** Threads used, the caller included: ZKGLUE_THREADS, else the machine's parallelism. */
export function threadCount(): number {
  const env = Number(process.env.ZKGLUE_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  // Asked once: it is a system call, and a proof asks thousands of times (28 ms of one, measured).
  return (cores ??= Math.max(1, availableParallelism()));
}

let cores: number | undefined;

function ensureWorkers(): void {
  const want = threadCount() - 1;
  while (workers.length < want) {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The worker's source is plain JavaScript: it needs none of the parent's loader flags
      // (under tsx, inheriting them made every worker boot tsx's module hooks first).
      execArgv: [],
      workerData: {
        memory: heap().memory,
        kernels: [...registered.entries()],
        working: working.buffer,
      },
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
  const runLocal = (c: KernelCall) => local.get(c.kernel)![c.fn](...c.args);
  if (calls.length === 1 || threadCount() === 1) return calls.forEach(runLocal);
  shareWork(
    calls.length,
    (counter, done) => ({ type: "run", calls, counter, done }),
    (i) => runLocal(calls[i]),
    (i) => `kernel call ${i} (${calls[i].fn}) trapped in a worker`,
  );
}

/**
 * Runs `source` (a JavaScript function expression, self-contained) once per context, spread over
 * all threads; returns when all are done. Typed arrays in the contexts must be views of the
 * shared heap (anything else would be copied to the workers, and their writes lost).
 */
export function runFunctionParallel(source: string, contexts: object[]): void {
  if (contexts.length === 0) return;
  let fn = localFunctions.get(source);
  if (!fn)
    localFunctions.set(source, (fn = new Function(`return ${source}`)() as (ctx: object) => void));
  const f = fn;
  if (contexts.length === 1 || threadCount() === 1) return contexts.forEach((c) => f(c));
  shareWork(
    contexts.length,
    (counter, done) => ({ type: "js", source, contexts, counter, done }),
    (i) => f(contexts[i]),
    (i) => `parallel call ${i} failed in a worker`,
  );
}

const localFunctions = new Map<string, (ctx: object) => void>();

/**
 * Posts a job of `count` items to every worker and works on it here too: items are taken from
 * a shared atomic counter; returns when all are finished, rethrowing the first failure.
 */
function shareWork(
  count: number,
  message: (counter: SharedArrayBuffer, done: SharedArrayBuffer) => object,
  runLocal: (i: number) => void,
  describeFailure: (i: number) => string,
): void {
  ensureWorkers();
  const counter = new SharedArrayBuffer(4);
  const done = new SharedArrayBuffer(8);
  const next = new Int32Array(counter);
  const finished = new Int32Array(done);
  const msg = message(counter, done);
  Atomics.store(working, 0, 1);
  for (const w of workers) w.worker.postMessage(msg);
  let failure: unknown;
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= count) break;
    try {
      runLocal(i);
    } catch (err) {
      failure ??= err;
    }
    Atomics.add(finished, 0, 1);
  }
  for (;;) {
    const finishedCount = Atomics.load(finished, 0);
    if (finishedCount >= count) break;
    Atomics.wait(finished, 0, finishedCount, 1000);
  }
  if (failure) throw failure;
  const failed = Atomics.load(finished, 1);
  if (failed) throw new Error(`zkglue: ${describeFailure(failed - 1)}`);
}

/** Below this many words of data touched, a job runs on the calling thread alone. */
const PARALLEL_MIN_WORDS = 1 << 16;

/**
 * Splits `[0, count)` into `perThread` ranges per thread and runs `make(begin, end)` for each
 * (the kernel named in the calls must be registered); `words`, the data touched, decides
 * whether the workers are used at all. Many small calls suit the shared machine: a thread that
 * is descheduled then holds up little work, since the others take the remaining calls.
 */
export function runRanges(
  count: number,
  words: number,
  make: (begin: number, end: number) => KernelCall,
  perThread = 8,
): void {
  if (count <= 0) return;
  const threads = words < PARALLEL_MIN_WORDS ? 1 : threadCount();
  const parts = Math.min(count, threads === 1 ? 1 : threads * perThread);
  const calls: KernelCall[] = [];
  for (let k = 0; k < parts; k++) {
    const begin = Math.floor((count * k) / parts);
    const end = Math.floor((count * (k + 1)) / parts);
    if (end > begin) calls.push(make(begin, end));
  }
  runKernels(calls);
}
