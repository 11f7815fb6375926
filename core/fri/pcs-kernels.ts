/**
 * The PCS opening's bulk arithmetic, on the WebAssembly kernels of `pcs_kernels.wat` (both
 * cores). TypeScript references live in `reduce.ts`; tests compare the two.
 */
import { add, mul } from "../field/babybear.js";
import { type Ext, pow4 } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { isHeapView } from "../field/matrix.js";
import { wasmBase64 } from "../wasm/generated/pcs_kernels.js";
import { heap } from "../wasm/heap.js";
import {
  type KernelCall,
  registerKernel,
  runKernels,
  runRanges,
  threadCount,
} from "../wasm/pool.js";

interface PcsKernel {
  to_mont(ptr: number, n: number): void;
  row_dots_acc(m: number, width: number, r0: number, r1: number, wt: number, out: number): void;
  col_dots_acc(m: number, width: number, r0: number, r1: number, wt: number, acc: number): void;
  col_dots_finish(acc: number, out: number, n: number): void;
  ext_scale_base(v: number, s: number, step: number, out: number, r0: number, r1: number): void;
  quotient_acc(
    acc: number,
    t: number,
    cst: number,
    inv: number,
    s: number,
    r0: number,
    r1: number,
  ): void;
  fold_pairs(src: number, dst: number, tw: number, beta: number, k0: number, k1: number): void;
  ext_axpy(acc: number, v: number, s: number, r0: number, r1: number): void;
  ext_powers(dst: number, start: number, z: number, r0: number, r1: number): void;
  min_poly_eval(xs: number, norms: number, m: number, r0: number, r1: number): void;
  inv_diff_finish(
    xs: number,
    inv: number,
    scale: number,
    q: number,
    f: number,
    out: number,
    r0: number,
    r1: number,
  ): void;
}

const NAME = "pcs_kernels";
let kernel: PcsKernel | undefined;
function k(): PcsKernel {
  kernel ??= registerKernel(NAME, wasmBase64) as unknown as PcsKernel;
  return kernel;
}

/** 2^32 mod p: multiplying by it puts a value in Montgomery form. */
const R = 268435454;

/** A heap copy of `v` (or `v` itself if already on the heap); `release` frees a copy. */
function onHeap(v: Uint32Array): { view: Uint32Array; release: () => void } {
  if (isHeapView(v)) return { view: v, release: () => {} };
  const copy = heap().alloc(v.length);
  copy.set(v);
  return { view: copy, release: () => heap().free(copy) };
}

/** A heap array of the ext weights `w` in Montgomery form. */
function montWeights(w: Uint32Array): Uint32Array {
  const out = heap().alloc(w.length);
  for (let i = 0; i < w.length; i++) out[i] = mul(w[i], R);
  return out;
}

/** out[i] += Σ_c m[i][c]·w[c] for every row (ext weights per column; `out` 4·height words). */
export function rowDotsAcc(m: Matrix, w: Uint32Array, out: Uint32Array): void {
  k();
  const mat = onHeap(m.values);
  const res = onHeap(out);
  const wt = montWeights(w);
  try {
    runRanges(m.height, m.values.length, (r0, r1) => ({
      kernel: NAME,
      fn: "row_dots_acc",
      args: [mat.view.byteOffset, m.width, r0, r1, wt.byteOffset, res.view.byteOffset],
    }));
    if (res.view !== out) out.set(res.view);
  } finally {
    heap().free(wt);
    mat.release();
    res.release();
  }
}

/** For each column c: Σ_i m[i][c]·w[i] (ext weights per row). Returns 4·width words. */
export function columnDotsKernel(m: Matrix, w: Uint32Array): Uint32Array {
  return columnDotsKernelMany(m, [w])[0];
}

type Args6 = [number, number, number, number, number, number];

/** Words of a matrix streamed through the heap at a time (4 MiB: a few per thread's cache). */
const BLOCK_WORDS = 1 << 20;

/**
 * `columnDotsKernel` for several weight vectors (the points a matrix is opened at) in one pass
 * over the matrix. A matrix that is not on the heap (a prover's trace) is streamed through one
 * reused heap block instead of copied whole: a whole copy of a 2^20-row CPU table was 0.5 GB of
 * heap per point, and its fresh pages cost more than the products.
 */
export function columnDotsKernelMany(m: Matrix, ws: readonly Uint32Array[]): Uint32Array[] {
  k();
  const h = heap();
  const weights = ws.map((w) => onHeap(w)); // canonical weights: the kernel reduces the sums
  // One i64 accumulator block per (weights, part) (4 per column), reduced to canonical words
  // and the parts summed at the end (parts run on different threads).
  const parts = Math.min(m.height, m.values.length < 1 << 16 ? 1 : threadCount());
  const words = 4 * m.width;
  const blocks = ws.length * parts;
  const acc = h.allocZeroed(2 * words * blocks);
  const sums = h.alloc(words * blocks);
  const onTheHeap = isHeapView(m.values);
  const blockRows = onTheHeap ? m.height : Math.max(1, Math.floor(BLOCK_WORDS / m.width));
  const block = onTheHeap ? m.values : h.alloc(Math.min(m.height, blockRows) * m.width);
  const rowBytes = 4 * m.width;
  try {
    for (let b0 = 0; b0 < m.height; b0 += blockRows) {
      const b1 = Math.min(m.height, b0 + blockRows);
      if (!onTheHeap) block.set(m.values.subarray(b0 * m.width, b1 * m.width));
      // The kernel addresses row i at base + i·rowBytes: base is shifted so that row b0 is the
      // block's first (i32 arithmetic wraps, as the kernel's own does).
      const base = (block.byteOffset - b0 * rowBytes) | 0;
      const calls: KernelCall[] = [];
      weights.forEach((w, k) => {
        for (let p = 0; p < parts; p++) {
          const r0 = b0 + Math.floor(((b1 - b0) * p) / parts);
          const r1 = b0 + Math.floor(((b1 - b0) * (p + 1)) / parts);
          const slot = acc.byteOffset + (k * parts + p) * words * 8;
          if (r1 > r0)
            calls.push({
              kernel: NAME,
              fn: "col_dots_acc",
              args: [base, m.width, r0, r1, w.view.byteOffset, slot],
            });
        }
      });
      // A small matrix stays on this thread (a job posted to the workers costs more).
      if (parts === 1) for (const c of calls) k().col_dots_acc(...(c.args as Args6));
      else runKernels(calls);
    }
    k().col_dots_finish(acc.byteOffset, sums.byteOffset, words * blocks);
    return ws.map((_, k) => {
      const out = new Uint32Array(words);
      out.set(sums.subarray(k * parts * words, (k * parts + 1) * words));
      for (let p = 1; p < parts; p++) {
        const at = (k * parts + p) * words;
        for (let j = 0; j < words; j++) out[j] = add(out[j], sums[at + j]);
      }
      return out;
    });
  } finally {
    if (!onTheHeap) h.free(block);
    h.free(sums);
    h.free(acc);
    weights.forEach((w) => w.release());
  }
}

/**
 * out[i] = v[i]·s[i]·2^-32 (ext v, base s; heap views; `s` of one element scales them all): a
 * Montgomery-form v gives the canonical product, a Montgomery-form s keeps v's form. Returns
 * `out` (which may be `v`).
 */
export function extScaleBase(v: Uint32Array, s: Uint32Array, out: Uint32Array): Uint32Array {
  k();
  const n = v.length / 4;
  if (out.length !== v.length || (s.length !== n && s.length !== 1))
    throw new RangeError(`extScaleBase: ${n} and ${out.length / 4} elements, scale ${s.length}`);
  const step = s.length === 1 && n !== 1 ? 0 : 4;
  runRanges(n, 9 * n, (r0, r1) => ({
    kernel: NAME,
    fn: "ext_scale_base",
    args: [v.byteOffset, s.byteOffset, step, out.byteOffset, r0, r1],
  }));
  return out;
}

/**
 * acc[i] += (s·t[i] − c)·inv[i] over interleaved ext vectors (`invMont` in Montgomery form; s
 * defaults to 1): a scaled vector is multiplied in the same pass.
 */
export function quotientAcc(
  acc: Uint32Array,
  t: Uint32Array,
  c: readonly number[],
  invMont: Uint32Array,
  s?: Ext,
): void {
  k();
  const a = onHeap(acc);
  const tt = onHeap(t);
  const iv = onHeap(invMont);
  const cst = heap().alloc(4);
  cst.set(c);
  const sm = s ? montScalar(s) : undefined;
  const n = acc.length / 4;
  try {
    runRanges(n, 3 * acc.length, (r0, r1) => ({
      kernel: NAME,
      fn: "quotient_acc",
      args: [
        a.view.byteOffset,
        tt.view.byteOffset,
        cst.byteOffset,
        iv.view.byteOffset,
        sm ? sm.byteOffset : 0,
        r0,
        r1,
      ],
    }));
    if (a.view !== acc) acc.set(a.view);
  } finally {
    heap().free(cst);
    if (sm) heap().free(sm);
    a.release();
    tt.release();
    iv.release();
  }
}

/** x → x·2^32 mod p, in place (Montgomery form). */
export function toMontgomery(v: Uint32Array): Uint32Array {
  const h = onHeap(v);
  try {
    k().to_mont(h.view.byteOffset, v.length);
    if (h.view !== v) v.set(h.view);
  } finally {
    h.release();
  }
  return v;
}

/** An ext scalar in Montgomery form, on the heap (free it after use). */
function montScalar(s: readonly number[]): Uint32Array {
  const out = heap().alloc(4);
  for (let i = 0; i < 4; i++) out[i] = mul(s[i], R);
  return out;
}

/**
 * One FRI fold on the heap: `dst` (4·n/2 words) from `src` (4·n words, n pairs of rows);
 * `twMont` holds 1/(2·y0) per pair in Montgomery form (heap).
 */
export function foldKernel(
  src: Uint32Array,
  dst: Uint32Array,
  twMont: Uint32Array,
  beta: readonly number[],
): void {
  k();
  const b = montScalar(beta);
  try {
    runRanges(dst.length / 4, src.length, (k0, k1) => ({
      kernel: NAME,
      fn: "fold_pairs",
      args: [src.byteOffset, dst.byteOffset, twMont.byteOffset, b.byteOffset, k0, k1],
    }));
  } finally {
    heap().free(b);
  }
}

/** acc += v·s over interleaved ext vectors on the heap. */
export function extAxpy(acc: Uint32Array, v: Uint32Array, s: readonly number[]): void {
  k();
  const sm = montScalar(s);
  const src = onHeap(v);
  try {
    runRanges(acc.length / 4, 2 * acc.length, (r0, r1) => ({
      kernel: NAME,
      fn: "ext_axpy",
      args: [acc.byteOffset, src.view.byteOffset, sm.byteOffset, r0, r1],
    }));
  } finally {
    heap().free(sm);
    src.release();
  }
}

/**
 * z^0 … z^(n−1) (interleaved ext) in a new heap block, on every thread: each range starts from
 * its own z^r0. (The coefficient-form opening needs them at the trace height: 2^20 extension
 * products took 200 ms in JavaScript on one thread.)
 */
export function powersOnHeap(z: readonly number[], n: number): Uint32Array {
  k();
  const out = heap().alloc(4 * n);
  const zm = montScalar(z);
  const starts: Uint32Array[] = [];
  try {
    runRanges(n, 8 * n, (r0, r1) => {
      const start = heap().alloc(4);
      start.set(pow4(z as Ext, r0));
      starts.push(start);
      return {
        kernel: NAME,
        fn: "ext_powers",
        args: [out.byteOffset, start.byteOffset, zm.byteOffset, r0, r1],
      };
    });
  } catch (err) {
    heap().free(out);
    throw err;
  } finally {
    heap().free(zm);
    for (const s of starts) heap().free(s);
  }
  return out;
}

/** norms[i] = m(xs[i]) for the monic quartic with low coefficients m[0..4) (all heap views). */
export function minPolyEval(xs: Uint32Array, norms: Uint32Array, m: Uint32Array): void {
  k();
  runRanges(xs.length, 2 * xs.length, (r0, r1) => ({
    kernel: NAME,
    fn: "min_poly_eval",
    args: [xs.byteOffset, norms.byteOffset, m.byteOffset, r0, r1],
  }));
}

/**
 * out[i] = q(xs[i]) · inv[i] (· scale[i]) · f · R^-(2 + scaled): see `inv_diff_finish` in the
 * kernel. All arrays heap views; `q` holds the three ext coefficients q0, q1, q2.
 */
export function invDiffFinish(
  xs: Uint32Array,
  inv: Uint32Array,
  scale: Uint32Array | undefined,
  q: Uint32Array,
  f: number,
  out: Uint32Array,
): void {
  k();
  runRanges(xs.length, 6 * xs.length, (r0, r1) => ({
    kernel: NAME,
    fn: "inv_diff_finish",
    args: [
      xs.byteOffset,
      inv.byteOffset,
      scale ? scale.byteOffset : 0,
      q.byteOffset,
      f,
      out.byteOffset,
      r0,
      r1,
    ],
  }));
}
