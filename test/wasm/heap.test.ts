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
    expect(tail.offset + tail.length).toBe(h.stats().memoryBytes);
    // The grown memory is free: a block fits in it without growing again.
    const size = h.stats().memoryBytes;
    const c = h.alloc(tail.length >>> 3);
    expect(h.stats().memoryBytes).toBe(size);
    // Asking for less than the memory holds grows nothing; the tail shrinks by what was used.
    const again = h.untouchedTail(1 << 20);
    expect(h.stats().memoryBytes).toBe(size);
    expect(again.offset).toBeGreaterThanOrEqual(c.byteOffset + c.byteLength);
    h.free(c);
    h.free(a);
  });
});
