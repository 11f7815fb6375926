/**
 * One shared WebAssembly memory for every kernel, and an allocator over it.
 *
 * Why shared: a shared memory never detaches its views when it grows, so a `Uint32Array` handed
 * out by `alloc` stays valid for its whole life, and the same memory can be posted to worker
 * threads, which instantiate the same kernels over it (two cores, zero copies). Big buffers
 * (LDEs, Merkle layers) live here; kernels take byte offsets into it.
 *
 * The allocator is first-fit over a free list sorted by address, with coalescing on free. It
 * serves few, large blocks (columns and matrices), so its simplicity costs nothing measurable.
 */

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit
const ALIGN = 64;

interface Block {
  offset: number;
  size: number;
}

export interface Heap {
  readonly memory: WebAssembly.Memory;
  /** Allocates `words` u32 words (uninitialised: contents are whatever was there). */
  alloc(words: number): Uint32Array;
  /** Allocates and zero-fills. */
  allocZeroed(words: number): Uint32Array;
  /** Returns a block from `alloc`. Freeing anything else throws. */
  free(view: Uint32Array): void;
  /** True if `view` is a block from this heap (so kernels can use it without copying). */
  owns(view: Uint32Array): boolean;
  /** Bytes currently allocated, and the memory's size. */
  stats(): { allocatedBytes: number; memoryBytes: number };
  /**
   * Grows the memory to at least `bytes` (allocating nothing) and returns the part of [0, bytes)
   * that no block has ever occupied and no earlier call returned: pages the process has not
   * touched yet (see `warmHeap` in pool.ts).
   */
  untouchedTail(bytes: number): { offset: number; length: number };
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Creates a heap over `memory` (a new shared memory by default). */
export function createHeap(memory?: WebAssembly.Memory): Heap {
  const mem = memory ?? new WebAssembly.Memory({ initial: 256, maximum: MAX_PAGES, shared: true });
  // The first 64 KiB are reserved for kernels' scratch space and constants.
  const RESERVED = PAGE_BYTES;
  const free: Block[] = [{ offset: RESERVED, size: mem.buffer.byteLength - RESERVED }];
  if (mem.buffer.byteLength === MAX_PAGES * PAGE_BYTES) free[0].size -= ALIGN; // see `usable`
  const live = new Map<number, number>(); // offset -> size
  const owned = new WeakSet<Uint32Array>();
  let allocated = 0;
  // The end of the highest block ever handed out: memory above it was never written.
  let highWater = RESERVED;
  // The end of the range the last `untouchedTail` returned (its pages are being touched).
  let warmed = RESERVED;

  function grow(minBytes: number): void {
    const current = mem.buffer.byteLength;
    const want = Math.max(minBytes, current >>> 1);
    const pages = Math.min(Math.ceil(want / PAGE_BYTES), MAX_PAGES - current / PAGE_BYTES);
    if (usable(current, pages * PAGE_BYTES) < minBytes) throw outOfMemory(minBytes, current);
    mem.grow(pages);
    release(current, usable(current, pages * PAGE_BYTES));
  }

  /**
   * Of `size` bytes grown at `offset`, those blocks may use: all but the last ALIGN bytes of a
   * full 4 GiB memory. Kernels loop while a pointer is below an end pointer, and the end of a
   * block reaching 2^32 would wrap to 0: the loop would not run at all (a review found the
   * trace-value check passing that way).
   */
  function usable(offset: number, size: number): number {
    return offset + size === MAX_PAGES * PAGE_BYTES ? size - ALIGN : size;
  }

  function outOfMemory(need: number, current: number): RangeError {
    return new RangeError(
      `zkglue heap: out of memory: need ${need} more bytes, ` +
        `${current} in use of the 4 GiB wasm32 limit`,
    );
  }

  function release(offset: number, size: number): void {
    let i = 0;
    while (i < free.length && free[i].offset < offset) i++;
    free.splice(i, 0, { offset, size });
    // Coalesce with the following and the preceding block.
    if (i + 1 < free.length && free[i].offset + free[i].size === free[i + 1].offset) {
      free[i].size += free[i + 1].size;
      free.splice(i + 1, 1);
    }
    if (i > 0 && free[i - 1].offset + free[i - 1].size === free[i].offset) {
      free[i - 1].size += free[i].size;
      free.splice(i, 1);
    }
  }

  function alloc(words: number): Uint32Array {
    if (!Number.isInteger(words) || words < 0) {
      throw new RangeError(`zkglue heap: cannot allocate ${words} words`);
    }
    const size = roundUp(Math.max(words * 4, ALIGN), ALIGN);
    let i = free.findIndex((b) => b.size >= size);
    if (i < 0) {
      const last = free[free.length - 1];
      const tailFree = last && last.offset + last.size === mem.buffer.byteLength ? last.size : 0;
      grow(size - tailFree);
      i = free.findIndex((b) => b.size >= size);
      if (i < 0) throw outOfMemory(size, mem.buffer.byteLength);
    }
    const block = free[i];
    const offset = block.offset;
    block.offset += size;
    block.size -= size;
    if (block.size === 0) free.splice(i, 1);
    live.set(offset, size);
    allocated += size;
    highWater = Math.max(highWater, offset + size);
    const view = new Uint32Array(mem.buffer, offset, words);
    owned.add(view);
    return view;
  }

  return {
    memory: mem,
    alloc,
    allocZeroed(words) {
      const view = alloc(words);
      view.fill(0);
      return view;
    },
    free(view) {
      const size = live.get(view.byteOffset);
      if (size === undefined || !owned.has(view)) {
        throw new Error("zkglue heap: free() of a view that this heap did not allocate");
      }
      owned.delete(view);
      live.delete(view.byteOffset);
      allocated -= size;
      release(view.byteOffset, size);
    },
    owns: (view) => owned.has(view),
    stats: () => ({ allocatedBytes: allocated, memoryBytes: mem.buffer.byteLength }),
    untouchedTail(bytes) {
      const current = mem.buffer.byteLength;
      const want = Math.min(roundUp(bytes, PAGE_BYTES), MAX_PAGES * PAGE_BYTES);
      if (want > current) {
        mem.grow((want - current) / PAGE_BYTES);
        release(current, usable(current, want - current));
      }
      // Only up to `bytes`: memory past it (a grow rounds up by half the heap) and pages an
      // earlier call handed out are not asked for again. Touching them anyway cost a warm
      // 2^20-row proof ~1 s of its commit phase, the worker faulting in 600 MB the proof never
      // used (measured).
      const offset = roundUp(Math.max(highWater, warmed), PAGE_BYTES);
      const end = Math.min(want, mem.buffer.byteLength);
      warmed = Math.max(warmed, end);
      return { offset, length: Math.max(0, end - offset) };
    },
  };
}

let defaultHeap: Heap | undefined;

/** The process-wide (per-thread) heap every kernel uses unless given another. */
export function heap(): Heap {
  defaultHeap ??= createHeap();
  return defaultHeap;
}

/** Adopts `memory` as this thread's heap memory (used by worker threads). */
export function adoptHeapMemory(memory: WebAssembly.Memory): Heap {
  defaultHeap = createHeap(memory);
  return defaultHeap;
}

/** Decodes base64 with `atob`, which browsers and Node (≥ 16) both have; `Buffer` is Node's only. */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Compiles a kernel module (base64 from core/wasm/generated). */
export function compileKernel(wasmBase64: string): WebAssembly.Module {
  return new WebAssembly.Module(fromBase64(wasmBase64));
}

/** Instantiates a kernel module (base64 from core/wasm/generated) over the shared memory. */
export function instantiateKernel<T extends WebAssembly.Exports>(
  wasmBase64: string,
  memory: WebAssembly.Memory = heap().memory,
): T {
  const module = compileKernel(wasmBase64);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as T;
}
