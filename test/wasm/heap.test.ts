import { describe, expect, it } from "vitest";
import { createHeap } from "../../core/wasm/heap.js";

describe("heap: untouched tail", () => {
  it("grows to the size asked and names only memory no block has occupied", () => {
    const h = createHeap();
    const a = h.alloc(1 << 20); // 4 MiB: the memory grows past its first 16 MiB? not yet
    const b = h.alloc(4 << 20); // 16 MiB: grows
    const end = b.byteOffset + b.byteLength;
    h.free(b); // freed, but its pages were used: still not "untouched"
    const tail = h.untouchedTail(64 << 20);
    expect(h.stats().memoryBytes).toBeGreaterThanOrEqual(64 << 20);
    expect(tail.offset).toBeGreaterThanOrEqual(end);
    expect(tail.offset % 65536).toBe(0);
    expect(tail.offset + tail.length).toBe(64 << 20);
    // The grown memory is free: a block fits in it without growing again.
    const size = h.stats().memoryBytes;
    const c = h.alloc(tail.length >>> 3);
    expect(h.stats().memoryBytes).toBe(size);
    // Asking for less than the memory holds grows nothing; the tail shrinks by what was used.
    const again = h.untouchedTail(1 << 20);
    expect(h.stats().memoryBytes).toBe(size);
    expect(again.length).toBe(0);
    // A range handed out once is not named again; a larger request names only what lies past it.
    expect(h.untouchedTail(64 << 20).length).toBe(0);
    const more = h.untouchedTail(96 << 20);
    expect(more.offset).toBe(64 << 20);
    expect(more.offset + more.length).toBe(96 << 20);
    expect(c.byteOffset + c.byteLength).toBeLessThanOrEqual(64 << 20);
    h.free(c);
    h.free(a);
  });
});

describe("heap: the top of a full memory", () => {
  // Kernels loop while a pointer is below an end pointer: a block ending at 2^32 would have an
  // end of 0 and not be read at all (the trace-value check passed such a block).
  it("keeps the last 64 bytes unused, whether the memory was grown or given full", () => {
    const TOP = 2 ** 32;
    const RESERVED = 65536;
    for (const full of [false, true]) {
      const h = full
        ? createHeap(new WebAssembly.Memory({ initial: 65536, maximum: 65536, shared: true }))
        : createHeap();
      expect(() => h.alloc((TOP - RESERVED) / 4)).toThrow(/out of memory/);
      const v = h.alloc((TOP - RESERVED - 64) / 4);
      expect(v.byteOffset + v.byteLength).toBe(TOP - 64);
      expect(() => h.alloc(1)).toThrow(/out of memory/);
      h.free(v);
    }
  });
});
