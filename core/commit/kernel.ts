/**
 * Drives the BLAKE3 WebAssembly kernel (`blake3x4.wat`): hashes many equal-length messages,
 * four per SIMD vector, spread over every core.
 *
 * A batch is described by a gather table on the heap: for message word w, the address of that
 * word in message 0 and the stride between consecutive messages. That lets one call hash rows
 * of one matrix (a single stride), the concatenated rows of several matrices of one height
 * (a stride per matrix), or pairs of digests from two layers, all reading the data where it
 * lies. The kernel does the whole of BLAKE3: chunk chaining and parent nodes for messages
 * longer than 1024 bytes, the last word masked for lengths that are not a multiple of 4.
 */
import { wasmBase64 } from "../wasm/generated/blake3x4.js";
import { heap } from "../wasm/heap.js";
import { type KernelCall, registerKernel, runKernels, threadCount } from "../wasm/pool.js";
import { SCRATCH_BYTES } from "./kernel-layout.js";

const KERNEL = "blake3x4";
const KEYED_HASH = 16;
const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

// Below this many compressions a batch runs on the calling thread: a round trip to the workers
// costs tens of microseconds, about what 2^12 compressions take.
const PARALLEL_MIN_COMPRESSIONS = 1 << 13;
// Calls per thread. runKernels posts the whole list once and threads take calls from an atomic
// counter, so a call costs almost nothing; many small calls keep the wait for the slowest thread
// (the machine is shared: a thread may be descheduled mid-call) to a small fraction of the work.
const CALLS_PER_THREAD = 16;
const MAX_CALLS = 64;

interface KernelState {
  scratch: Uint32Array; // MAX_CALLS scratch areas
  iv: Uint32Array; // 8 words
}
let state: KernelState | undefined;

function kernelState(): KernelState {
  if (!state) {
    registerKernel(KERNEL, wasmBase64);
    const iv = heap().alloc(8);
    iv.set(IV);
    state = { scratch: heap().alloc((MAX_CALLS * SCRATCH_BYTES) / 4), iv };
  }
  return state;
}

/** A key for the kernel: 8 little-endian words on the heap. Build once with `kernelKey`. */
export interface KernelKey {
  readonly words: Uint32Array;
}

/** Copies a 32-byte BLAKE3 key onto the heap for the kernel (keep it; it is never freed). */
export function kernelKey(key: Uint8Array): KernelKey {
  if (key.length !== 32)
    throw new RangeError(`blake3 kernel: a key has 32 bytes, got ${key.length}`);
  const words = heap().alloc(8);
  new Uint8Array(words.buffer, words.byteOffset, 32).set(key);
  return { words };
}

/**
 * Hashes `count` messages of `lenBytes` bytes each: message r, word w is the u32 at byte address
 * `table[2w] + r · table[2w + 1]`; digest r goes to `out` words [8r, 8r + 8). `table` and `out`
 * must be heap blocks; `key` undefined means plain (unkeyed) BLAKE3. Spreads over all threads
 * when the batch is big enough to pay for it.
 */
export function hashBatch(
  table: Uint32Array,
  lenBytes: number,
  count: number,
  out: Uint32Array,
  key?: KernelKey,
): void {
  if (table.length < 2 * Math.ceil(lenBytes / 4)) {
    throw new RangeError("blake3 kernel: gather table too short");
  }
  if (out.length < 8 * count) throw new RangeError("blake3 kernel: output too short");
  const { keyPtr, keyFlags } = keyArgs(key);
  dispatch("hash_rows", count, blocksOf(lenBytes), (start, end, s) => [
    table.byteOffset,
    lenBytes,
    start,
    end,
    keyPtr,
    keyFlags,
    out.byteOffset,
    s,
  ]);
}

/**
 * The same for messages at one place each: message r is the `lenBytes` bytes at heap byte
 * address `base + r · stride` (one matrix's rows, or a layer of digests taken in pairs).
 */
export function hashContiguous(
  base: number,
  stride: number,
  lenBytes: number,
  count: number,
  out: Uint32Array,
  key?: KernelKey,
): void {
  if (out.length < 8 * count) throw new RangeError("blake3 kernel: output too short");
  const { keyPtr, keyFlags } = keyArgs(key);
  dispatch("hash_rows_contig", count, blocksOf(lenBytes), (start, end, s) => [
    base,
    stride,
    lenBytes,
    start,
    end,
    keyPtr,
    keyFlags,
    out.byteOffset,
    s,
  ]);
}

/** Where leaf messages come from: a gather table (as `hashBatch`) or one address and stride. */
export type LeafSource = { table: Uint32Array } | { base: number; stride: number };

/**
 * Leaf digests of `count` rows (an even number) keyed with `leafKey`, then their parents keyed
 * with `nodeKey`: parent p = hash(leaf 2p ‖ leaf 2p + 1) goes to `out` words [8p, 8p + 8). The
 * leaf digests are only ever in per-call scratch (see `leaves_to_parents` in the kernel).
 */
export function hashLeavesToParents(
  source: LeafSource,
  lenBytes: number,
  count: number,
  out: Uint32Array,
  leafKey: KernelKey,
  nodeKey: KernelKey,
): void {
  if (count % 2 !== 0) throw new RangeError("blake3 kernel: leaves_to_parents needs an even count");
  if (out.length < 4 * count) throw new RangeError("blake3 kernel: output too short");
  const table = "table" in source ? source.table.byteOffset : 0;
  const base = "table" in source ? 0 : source.base;
  const stride = "table" in source ? 0 : source.stride;
  const leaf = leafKey.words.byteOffset;
  const node = nodeKey.words.byteOffset;
  dispatch("leaves_to_parents", count, blocksOf(lenBytes) + 0.5, (start, end, s) => [
    table,
    base,
    stride,
    lenBytes,
    start,
    end,
    leaf,
    node,
    out.byteOffset,
    s,
  ]);
}

function blocksOf(lenBytes: number): number {
  return Math.max(1, Math.ceil(lenBytes / 64));
}

function keyArgs(key: KernelKey | undefined): { keyPtr: number; keyFlags: number } {
  return key
    ? { keyPtr: key.words.byteOffset, keyFlags: KEYED_HASH }
    : { keyPtr: kernelState().iv.byteOffset, keyFlags: 0 };
}

/**
 * Runs `fn` over rows [0, count): one call on this thread for small batches, else a few calls
 * per thread, split on multiples of 4 rows (so only the last call has a partial group of lanes,
 * and every call but the last starts and ends on an even row), each with its own scratch.
 */
function dispatch(
  fn: string,
  count: number,
  compressionsPerRow: number,
  args: (start: number, end: number, scratch: number) => number[],
): void {
  const { scratch } = kernelState();
  const threads = threadCount();
  let calls = 1;
  if (threads > 1 && count * compressionsPerRow >= PARALLEL_MIN_COMPRESSIONS) {
    calls = Math.min(MAX_CALLS, threads * CALLS_PER_THREAD, Math.ceil(count / 4));
  }
  const per = Math.ceil(count / calls / 4) * 4;
  const list: KernelCall[] = [];
  for (let start = 0, i = 0; start < count; start += per, i++) {
    const end = Math.min(count, start + per);
    list.push({
      kernel: KERNEL,
      fn,
      args: args(start, end, scratch.byteOffset + i * SCRATCH_BYTES),
    });
  }
  runKernels(list);
}

/**
 * Plain BLAKE3 of one message given as little-endian words (the constraint digest's encoding):
 * one lane of the kernel, on this thread.
 */
export function blake3Words(words: Uint32Array): Uint8Array {
  const h = heap();
  const data = h.alloc(Math.max(1, words.length));
  const out = h.alloc(8);
  try {
    data.set(words);
    hashContiguous(data.byteOffset, 4 * words.length, 4 * words.length, 1, out);
    return new Uint8Array(out.buffer, out.byteOffset, 32).slice();
  } finally {
    h.free(data);
    h.free(out);
  }
}

/**
 * BLAKE3 (keyed if `key` is given) of each of `messages`, all of one length, with the kernel.
 * Copies them to the heap first: for tests and measurements, not for the prover's hot path.
 * `path` picks the kernel's entry point (both must agree with BLAKE3).
 */
export function blake3Many(
  messages: readonly Uint8Array[],
  key?: Uint8Array,
  path: "contiguous" | "table" = "contiguous",
): Uint8Array[] {
  const n = messages.length;
  if (n === 0) return [];
  const len = messages[0].length;
  for (const m of messages) {
    if (m.length !== len) throw new RangeError("blake3Many: messages must share one length");
  }
  // Each message sits in a slot one word longer than it needs, the gap filled with 0xab bytes:
  // the kernel must mask them off, and a test would see it if it did not.
  const stride = Math.ceil(len / 4) * 4 + 4;
  const h = heap();
  const data = h.alloc((stride * n) / 4);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, stride * n);
  bytes.fill(0xab);
  messages.forEach((m, i) => bytes.set(m, i * stride));
  const words = Math.ceil(len / 4);
  const table = h.alloc(2 * Math.max(1, words));
  for (let w = 0; w < words; w++) {
    table[2 * w] = data.byteOffset + 4 * w;
    table[2 * w + 1] = stride;
  }
  const out = h.alloc(8 * n);
  const k = key ? kernelKey(key) : undefined;
  try {
    if (path === "table") hashBatch(table, len, n, out, k);
    else hashContiguous(data.byteOffset, stride, len, n, out, k);
    return messages.map((_, i) => new Uint8Array(out.buffer, out.byteOffset + 32 * i, 32).slice());
  } finally {
    h.free(data);
    h.free(table);
    h.free(out);
    if (k) h.free(k.words);
  }
}
