/**
 * Field vector ops, NTT and coset LDE: WebAssembly SIMD against the plain TypeScript references.
 * Writes bench/results/core.json. Single-thread figures pin the kernel pool to one thread
 * (ZKGLUE_THREADS=1 while they run); the LDE uses the whole machine. Times are medians; the
 * machine is shared, so compare ratios rather than absolute values across runs.
 */
import { GENERATOR, P, inv, mul } from "../core/field/babybear.js";
import { freeMatrix, newMatrix } from "../core/field/matrix.js";
import {
  addVec,
  batchInverseVec,
  mulVec,
  mulVecMont2,
  mulVecRef,
  vectorKernel,
} from "../core/field/vector.js";
import { cosetLde, dft, ntt, nttRef, twiddles } from "../core/poly/index.js";
import { bitReverseRef, difRef } from "../core/poly/reference.js";
import { heap } from "../core/wasm/heap.js";
import { type BenchResult, medianMs, report } from "./report.js";

function randomHeap(n: number): Uint32Array {
  const v = heap().alloc(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(Math.random() * P);
  return v;
}

/**
 * Median CPU time (ms, all threads of the process) of `fn`: on a shared machine this moves much
 * less than wall time, and for a job on both cores wall ≈ cpu / 2 when the machine is quiet.
 */
function medianCpuMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function oneThread<T>(fn: () => T): T {
  const saved = process.env.ZKGLUE_THREADS;
  process.env.ZKGLUE_THREADS = "1";
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.ZKGLUE_THREADS;
    else process.env.ZKGLUE_THREADS = saved;
  }
}

/** Elements per second of `fn` over n elements (median of runs of `reps` calls). */
async function perSecond(n: number, reps: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < reps; i++) fn(); // warm up (JIT, caches)
  const ms = await medianMs(15, () => {
    for (let i = 0; i < reps; i++) fn();
  });
  return (n * reps) / (ms / 1000);
}

async function vectorOps(results: BenchResult[]): Promise<void> {
  for (const logN of [16, 20]) {
    const n = 2 ** logN;
    const a = randomHeap(n);
    const b = randomHeap(n);
    const out = heap().alloc(n);
    const reps = logN === 16 ? 64 : 4;
    const k = vectorKernel();
    const wasm = await perSecond(n, reps, () => mulVec(out, a, b));
    const mont2 = await perSecond(n, reps, () => mulVecMont2(out, a, b));
    const montShoup = await perSecond(n, reps, () =>
      k.mul_mont_shoup(out.byteOffset, a.byteOffset, b.byteOffset, n),
    );
    const plainA = a.slice();
    const plainB = b.slice();
    const plainOut = new Uint32Array(n);
    const js = await perSecond(n, 1, () => mulVecRef(plainOut, plainA, plainB));
    const suffix = logN === 20 ? "" : `_2_${logN}`;
    results.push(
      { name: `mulmod_vec${suffix}_per_s`, value: wasm, unit: "elem/s" },
      { name: `mulmod_vec${suffix}_js_per_s`, value: js, unit: "elem/s" },
      { name: `mulmod_vec${suffix}_wasm_over_js`, value: wasm / js, unit: "x" },
      { name: `mulmod_vec${suffix}_mont_mont_per_s`, value: mont2, unit: "elem/s" },
      { name: `mulmod_vec${suffix}_mont_shoup_per_s`, value: montShoup, unit: "elem/s" },
    );
    if (logN === 20) {
      results.push({
        name: "add_vec_per_s",
        value: await perSecond(n, reps, () => addVec(out, a, b)),
        unit: "elem/s",
      });
      a[0] ||= 1;
      for (let i = 0; i < n; i++) if (a[i] === 0) a[i] = 1;
      results.push({
        name: "batch_inverse_vec_per_s",
        value: await perSecond(n, 1, () => batchInverseVec(out, a)),
        unit: "elem/s",
      });
    }
    heap().free(a);
    heap().free(b);
    heap().free(out);
  }
}

async function nttSingle(results: BenchResult[]): Promise<void> {
  const n = 2 ** 20;
  const a = randomHeap(n);
  twiddles(20);
  ntt(a);
  const wasm = await medianMs(11, () => oneThread(() => ntt(a)));
  const wasmCpu = medianCpuMs(11, () => oneThread(() => ntt(a)));
  const plain = a.slice();
  const js = await medianMs(3, () => nttRef(plain));
  // The DIF alone (bit-reversed output), for the split of the time.
  const jsDif = await medianMs(3, () => difRef(plain, n));
  results.push(
    { name: "ntt_2_20_ms", value: wasm, unit: "ms" },
    { name: "ntt_2_20_cpu_ms", value: wasmCpu, unit: "ms" },
    { name: "ntt_2_20_js_ms", value: js, unit: "ms" },
    { name: "ntt_2_20_wasm_over_js", value: js / wasm, unit: "x" },
    { name: "ntt_2_20_js_dif_only_ms", value: jsDif, unit: "ms" },
  );
  heap().free(a);
}

async function lde(results: BenchResult[]): Promise<void> {
  const width = 100;
  const n = 2 ** 20;
  const m = newMatrix(width, n);
  for (let i = 0; i < m.values.length; i++) m.values[i] = Math.floor(Math.random() * P);
  // The first run also touches fresh memory (slow on this machine); later runs reuse it.
  const t0 = performance.now();
  freeMatrix(cosetLde(m, 1));
  const first = performance.now() - t0;
  const ms = await medianMs(5, () => freeMatrix(cosetLde(m, 1)));
  const cpu = medianCpuMs(3, () => freeMatrix(cosetLde(m, 1)));
  const dftMs = await medianMs(3, () => dft(m));
  results.push(
    { name: "lde_2_20x100_ms", value: ms, unit: "ms" },
    { name: "lde_2_20x100_cpu_ms", value: cpu, unit: "ms (both threads)" },
    { name: "lde_2_20x100_first_run_ms", value: first, unit: "ms" },
    { name: "dft_2_20x100_ms", value: dftMs, unit: "ms" },
  );
  freeMatrix(m);
  // JS reference vs WASM on a shape the reference finishes quickly: 2^12 x 100, blowup 2.
  const small = newMatrix(width, 2 ** 12);
  for (let i = 0; i < small.values.length; i++) small.values[i] = Math.floor(Math.random() * P);
  const wasmSmall = await medianMs(5, () => freeMatrix(cosetLde(small, 1)));
  const jsSmall = await medianMs(3, () => referenceLde(small.values, width, 12));
  results.push(
    { name: "lde_2_12x100_ms", value: wasmSmall, unit: "ms" },
    { name: "lde_2_12x100_js_ms", value: jsSmall, unit: "ms" },
    { name: "lde_2_12x100_wasm_over_js", value: jsSmall / wasmSmall, unit: "x" },
  );
  freeMatrix(small);
}

/**
 * cosetLde with blowup 2 in plain TypeScript, column by column: inverse DIF, bit-reversal,
 * scaling by shift^i / n, zero padding, forward DIF (whose output is the bit-reversed order).
 */
function referenceLde(values: Uint32Array, width: number, logN: number): Uint32Array {
  const n = 2 ** logN;
  const out = new Uint32Array(2 * n * width);
  const col = new Uint32Array(n);
  const big = new Uint32Array(2 * n);
  const nInv = inv(n);
  for (let j = 0; j < width; j++) {
    for (let i = 0; i < n; i++) col[i] = values[i * width + j];
    difRef(col, n, true);
    bitReverseRef(col, n);
    big.fill(0);
    for (let i = 0, c = nInv; i < n; i++, c = mul(c, GENERATOR)) big[i] = mul(col[i], c);
    difRef(big, 2 * n);
    for (let i = 0; i < 2 * n; i++) out[i * width + j] = big[i];
  }
  return out;
}

export async function run(): Promise<void> {
  const results: BenchResult[] = [];
  await vectorOps(results); // one kernel call at a time: one thread
  await nttSingle(results);
  await lde(results);
  report("core.json", results);
}
