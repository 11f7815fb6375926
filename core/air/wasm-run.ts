/**
 * Running the generated WebAssembly kernels (wasm-program.ts): compiled once per process (a
 * cache keyed by the module's bytes, so two compiled copies of one AIR share a module), posted
 * to the worker threads, and run over ranges of points on every core.
 */
import { sameBytes } from "../commit/hash.js";
import { add } from "../field/babybear.js";
import { isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { type KernelCall, registerModule, runKernels, threadCount } from "../wasm/pool.js";
import type { QuotientContext } from "./types.js";
import { type VectorProgram, scalarValues, type ScalarInputs } from "./vector-program.js";
import {
  type ProgramShape,
  quotientModuleBytes,
  rowsModuleBytes,
  scalarBlock,
  scalarBlockWords,
  quotientScratchWords,
} from "./wasm-program.js";

const modules = new Map<string, { bytes: Uint8Array; name: string }[]>();
let counter = 0;

/** FNV-1a over the bytes: the cache's bucket (entries are compared byte for byte). */
function fnv(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${(h >>> 0).toString(16)}:${bytes.length}`;
}

/** The pool's name of the module with these bytes, compiling and registering it on first use. */
export function kernelModule(bytes: Uint8Array): string {
  const key = fnv(bytes);
  const bucket = modules.get(key) ?? [];
  const hit = bucket.find((m) => sameBytes(m.bytes, bytes));
  if (hit) return hit.name;
  const name = `generated:${counter++}:${key}`;
  registerModule(name, new WebAssembly.Module(bytes));
  bucket.push({ bytes, name });
  modules.set(key, bucket);
  return name;
}

/** A heap view holding `v` (v itself if it is on the heap), and how to give a copy back. */
function onHeap(v: Uint32Array): { view: Uint32Array; release(): void } {
  if (isHeapView(v)) return { view: v, release() {} };
  const copy = heap().alloc(Math.max(1, v.length));
  copy.set(v);
  return { view: copy, release: () => heap().free(copy) };
}

/** The scalar block of a call on the heap (free it after the call). */
function scalarsOnHeap(prog: VectorProgram, inputs: ScalarInputs): Uint32Array {
  const S = scalarValues(prog, inputs);
  const constAcc = [0, 0, 0, 0];
  for (const f of prog.constFolds) constAcc[f.coef] = add(constAcc[f.coef], S[f.s]);
  const block = heap().alloc(scalarBlockWords(S.length));
  scalarBlock(S, constAcc, block);
  return block;
}

/** Below this many points a call runs on the calling thread alone. */
const PARALLEL_MIN_POINTS = 1 << 12;

/**
 * [from, to) in pieces of multiples of 4 (to − from a multiple of 4), sixteen per thread: the
 * threads take pieces until none is left, so the last one to finish holds up the others for at
 * most a piece (with four per thread, a 2^20-row CPU table's 1.9 s came in pieces of ~240 ms).
 */
function ranges(from: number, to: number): [number, number][] {
  const quads = (to - from) / 4;
  const parts = quads * 4 < PARALLEL_MIN_POINTS ? 1 : Math.min(quads, 16 * threadCount());
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const a = from + 4 * Math.floor((quads * i) / parts);
    const b = from + 4 * Math.floor((quads * (i + 1)) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** Whether the kernels can take this range (four points per iteration). */
export function wasmRangeFits(start: number, end: number): boolean {
  return start % 4 === 0 && end % 4 === 0;
}

/**
 * Σ_j alpha^j·C_j for storage indices [ctx.start, ctx.end) into ctx.out by the module of
 * `prog` (the caller checks the context and `wasmRangeFits`).
 */
export function runWasmQuotient(
  prog: VectorProgram,
  shape: ProgramShape,
  moduleName: () => string,
  ctx: QuotientContext,
): void {
  const name = moduleName();
  const held: { release(): void }[] = [];
  const ptr = (v: Uint32Array | undefined): number => {
    if (v === undefined) return 0;
    const h = onHeap(v);
    held.push(h);
    return h.view.byteOffset;
  };
  const scal = scalarsOnHeap(prog, ctx);
  try {
    const out = onHeap(ctx.out);
    held.push(out);
    const args = [
      ptr(ctx.main.values),
      ptr(ctx.preprocessed?.values),
      ptr(ctx.aux?.values),
      ptr(ctx.rev),
      ctx.N - 1,
      ctx.nextStep,
      ptr(ctx.isFirst),
      ptr(ctx.isLast),
      ptr(ctx.isTransition),
      scal.byteOffset,
      (out.view.byteOffset - 16 * (ctx.outOffset ?? 0)) | 0,
    ];
    const parts = ranges(ctx.start, ctx.end);
    // A scratch block per call (its slots, `quotientScratchWords`): calls run concurrently.
    const words = quotientScratchWords(prog);
    const scratch = heap().alloc(words * parts.length);
    held.push({ release: () => heap().free(scratch) });
    const calls: KernelCall[] = parts.map(([a, b], i) => ({
      kernel: name,
      fn: "quotient",
      args: [a, b, ...args, scratch.byteOffset + 4 * words * i],
    }));
    runKernels(calls);
    if (out.view !== ctx.out) ctx.out.set(out.view.subarray(0, ctx.out.length));
  } finally {
    heap().free(scal);
    for (const h of held) h.release();
  }
}

/**
 * Runs a `rows` program (stores to `den` with stride 4·I and `mult` with stride I) over rows
 * [0, n) of a trace, n a multiple of 4, on every core.
 */
export function runWasmRows(
  prog: VectorProgram,
  moduleName: () => string,
  main: Uint32Array,
  preprocessed: Uint32Array | undefined,
  n: number,
  inputs: ScalarInputs,
  den: Uint32Array,
  mult: Uint32Array,
): void {
  const name = moduleName();
  const held: { release(): void }[] = [];
  const ptr = (v: Uint32Array): number => {
    const h = onHeap(v);
    held.push(h);
    return h.view.byteOffset;
  };
  const sel = heap().alloc(3 * n);
  sel.fill(0);
  sel[0] = 1; // isFirst
  sel[n + n - 1] = 1; // isLast
  sel.fill(1, 2 * n, 3 * n - 1); // isTransition (0 on the last row)
  const scal = scalarsOnHeap(prog, inputs);
  try {
    const d = onHeap(den);
    const m = onHeap(mult);
    held.push(d, m);
    const args = [
      n,
      ptr(main),
      preprocessed ? ptr(preprocessed) : 0,
      sel.byteOffset,
      sel.byteOffset + 4 * n,
      sel.byteOffset + 8 * n,
      scal.byteOffset,
      d.view.byteOffset,
      m.view.byteOffset,
    ];
    runKernels(ranges(0, n).map(([a, b]) => ({ kernel: name, fn: "rows", args: [a, b, ...args] })));
    if (d.view !== den) den.set(d.view.subarray(0, den.length));
    if (m.view !== mult) mult.set(m.view.subarray(0, mult.length));
  } finally {
    heap().free(scal);
    heap().free(sel);
    for (const h of held) h.release();
  }
}

/** Lazily built module names of one program (`quotient` or `rows`). */
export function quotientModule(prog: () => VectorProgram, shape: ProgramShape): () => string {
  let name: string | undefined;
  return () => (name ??= kernelModule(quotientModuleBytes(prog(), shape)));
}

export function rowsModule(
  prog: () => VectorProgram,
  shape: ProgramShape,
  strides: () => number[],
): () => string {
  let name: string | undefined;
  return () => (name ??= kernelModule(rowsModuleBytes(prog(), shape, strides())));
}

/**
 * Whether the prover uses the generated WebAssembly kernels (the default) or, with
 * ZKGLUE_KERNELS=js, the generated JavaScript and the vector interpreter as before (kept to
 * measure one against the other in the same run).
 */
export function useWasmKernels(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.ZKGLUE_KERNELS !== "js";
}
