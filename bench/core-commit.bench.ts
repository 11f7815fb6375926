/**
 * Hashing and Merkle commitment speed: our BLAKE3 SIMD kernel against the hash packages one
 * could use instead (node:crypto SHA-256, @noble/hashes BLAKE3, hash-wasm BLAKE3, blake3-wasm),
 * on 64-byte messages (a Merkle node) and 400-byte messages (a 100-column row), and the commit
 * of a 2^21 x 100 matrix (the LDE of a 2^20 x 100 trace at blowup 2). Writes bench/results/core.json.
 *
 * Packages hash one message per call, one thread; the kernel is given both the same one-thread
 * setting (ZKGLUE_THREADS=1) and the whole machine. Every figure is the median of several runs.
 *
 * The machine is shared (other jobs may hold both cores), so beside wall-clock rates we report
 * rates per CPU-second (`_cpu`, from process.cpuUsage: all our threads, idle waits excluded),
 * which do not depend on how much of the machine we were given.
 */
import { createHash } from "node:crypto";
import { blake3 as nobleBlake3 } from "@noble/hashes/blake3.js";
import { K_LEAF, commitMatrices, freeTree } from "../core/commit/index.js";
import { hashContiguous, kernelKey } from "../core/commit/kernel.js";
import { P } from "../core/field/babybear.js";
import { freeMatrix, newMatrixUninit } from "../core/field/matrix.js";
import { heap } from "../core/wasm/heap.js";
import { type BenchResult, report } from "./report.js";

type HashFn = (m: Uint8Array) => unknown;

/** Median wall-clock and CPU milliseconds (all threads of this process) of `runs` runs. */
function timed(runs: number, fn: () => void): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

/** Messages per second (wall, CPU) hashed by `fn`, one call per message; median of 5 runs. */
function perSecond(fn: HashFn, messages: Uint8Array[]): { wall: number; cpu: number } {
  for (const m of messages) fn(m); // warm up (JIT, wasm tier-up)
  const t = timed(5, () => {
    for (const m of messages) fn(m);
  });
  return { wall: (messages.length / t.wall) * 1000, cpu: (messages.length / t.cpu) * 1000 };
}

async function loadPackages(): Promise<{ name: string; fn: HashFn }[]> {
  const out: { name: string; fn: HashFn }[] = [
    { name: "node_sha256", fn: (m) => createHash("sha256").update(m).digest() },
    { name: "noble_blake3", fn: (m) => nobleBlake3(m) },
  ];
  try {
    const { createBLAKE3 } = await import("hash-wasm");
    const h = await createBLAKE3();
    out.push({ name: "hashwasm_blake3", fn: (m) => h.init().update(m).digest("binary") });
  } catch (err) {
    console.log(`hash-wasm did not load: ${(err as Error).message}`);
  }
  try {
    const { hash } = await import("blake3-wasm");
    out.push({ name: "blake3wasm", fn: (m) => hash(m) });
  } catch (err) {
    console.log(`blake3-wasm did not load: ${(err as Error).message}`);
  }
  return out;
}

/** Kernel hashes per second of `count` messages of `len` bytes laid out contiguously. */
function kernelPerSecond(
  len: number,
  count: number,
  threads: "1" | undefined,
): { wall: number; cpu: number } {
  const h = heap();
  const data = h.alloc((len * count) / 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.imul(i, 2654435761) >>> 0;
  const out = h.alloc(8 * count);
  const key = kernelKey(K_LEAF);
  const saved = process.env.ZKGLUE_THREADS;
  if (threads) process.env.ZKGLUE_THREADS = threads;
  try {
    const once = () => hashContiguous(data.byteOffset, len, len, count, out, key);
    for (let i = 0; i < 3; i++) once(); // warm up, workers included
    const t = timed(7, once);
    return { wall: (count / t.wall) * 1000, cpu: (count / t.cpu) * 1000 };
  } finally {
    if (saved === undefined) delete process.env.ZKGLUE_THREADS;
    else process.env.ZKGLUE_THREADS = saved;
    h.free(data);
    h.free(out);
    h.free(key.words);
  }
}

export async function run(): Promise<void> {
  const results: BenchResult[] = [];
  for (const len of [64, 400]) {
    const unit = `${len}-byte messages/s`;
    const single = kernelPerSecond(len, 1 << 18, "1");
    const whole = kernelPerSecond(len, 1 << 18, undefined);
    if (len === 64) {
      results.push({
        name: "hash_leaf_per_s",
        value: single.wall,
        unit: `${unit}, kernel, 1 thread`,
      });
    }
    const add = (name: string, r: { wall: number; cpu: number }, how: string) => {
      results.push({ name: `${name}_${len}B_per_s`, value: r.wall, unit: `${unit}, ${how}` });
      results.push({
        name: `${name}_${len}B_per_s_cpu`,
        value: r.cpu,
        unit: `${unit} per CPU-second, ${how}`,
      });
    };
    add("kernel_blake3", single, "1 thread");
    results.push({
      name: `kernel_blake3_${len}B_per_s_all_threads`,
      value: whole.wall,
      unit: `${unit}, all threads`,
    });
    const messages = Array.from({ length: len === 64 ? 40000 : 10000 }, (_, i) =>
      Uint8Array.from({ length: len }, (_, j) => (i * 7 + j) & 255),
    );
    for (const { name, fn } of await loadPackages()) add(name, perSecond(fn, messages), "1 thread");
  }

  // Commit of a 2^21 x 100 matrix on the heap, whole machine.
  const m = newMatrixUninit(100, 1 << 21);
  let s = 1;
  for (let i = 0; i < m.values.length; i++) {
    s = (Math.imul(s, 747796405) + 2891336453) >>> 0;
    m.values[i] = s % P;
  }
  // The first commit also pays for first touch of the tree's 64 MiB of digests.
  const first = timed(1, () => freeTree(commitMatrices([m])));
  const warm = timed(5, () => freeTree(commitMatrices([m])));
  results.push(
    {
      name: "merkle_commit_2_21x100_ms",
      value: warm.wall,
      unit: "ms, all threads, tree memory reused",
    },
    { name: "merkle_commit_2_21x100_cpu_ms", value: warm.cpu, unit: "CPU ms, all threads summed" },
    {
      name: "merkle_commit_2_21x100_first_ms",
      value: first.wall,
      unit: "ms, all threads, first commit",
    },
  );
  freeMatrix(m);
  report("core.json", results);
}

if (process.argv[1]?.endsWith("core-commit.bench.ts")) await run();
