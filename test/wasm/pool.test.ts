import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { heap } from "../../core/wasm/heap.js";
import { registerKernel, runKernels, threadCount, warmHeap } from "../../core/wasm/pool.js";

// fill(ptr, n, v): writes v into n words at ptr — enough to see that workers share the memory.
const WAT = `(module (import "env" "memory" (memory 1 65536 shared))
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (block $b (loop $l
      (br_if $b (i32.eqz (local.get $n)))
      (i32.store (local.get $p) (local.get $v))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))))`;

describe("kernel pool", () => {
  it("runs calls on all threads over the shared heap", async () => {
    const wabt = await wabtInit();
    const bin = wabt.parseWat("t.wat", WAT, { threads: true }).toBinary({}).buffer;
    registerKernel("test-fill", Buffer.from(bin).toString("base64"));
    const h = heap();
    const a = h.alloc(64 * 1024);
    const calls = [];
    for (let k = 0; k < 64; k++) {
      calls.push({ kernel: "test-fill", fn: "fill", args: [a.byteOffset + k * 4096, 1024, k + 1] });
    }
    runKernels(calls);
    for (let k = 0; k < 64; k++)
      expect(a.subarray(k * 1024, (k + 1) * 1024).every((x) => x === k + 1)).toBe(true);
    // Views survive growth of the shared memory.
    const big = h.alloc(64 << 20);
    big[big.length - 1] = 7;
    expect(a[0]).toBe(1);
    h.free(big);
    h.free(a);
    expect(() => h.free(new Uint32Array(4))).toThrow(/did not allocate/);
  });

  it("does not warm unless ZKGLUE_WARM_HEAP=1 (nor grow the heap for it)", () => {
    expect(threadCount()).toBeGreaterThan(1); // else warmHeap is a no-op anyway
    const h = heap();
    const before = h.stats().memoryBytes;
    for (const value of [undefined, "0", "yes"]) {
      if (value === undefined) delete process.env.ZKGLUE_WARM_HEAP;
      else process.env.ZKGLUE_WARM_HEAP = value;
      try {
        expect(warmHeap(before + (256 << 20))).toEqual({ offset: 0, length: 0 });
        expect(h.stats().memoryBytes).toBe(before);
      } finally {
        delete process.env.ZKGLUE_WARM_HEAP;
      }
    }
  });

  it("warms the heap's untouched tail in the background without changing a word", async () => {
    expect(threadCount()).toBeGreaterThan(1); // the touch runs on the workers
    const h = heap();
    const want = h.stats().memoryBytes + (128 << 20);
    process.env.ZKGLUE_WARM_HEAP = "1";
    let tail: { offset: number; length: number };
    try {
      tail = warmHeap(want);
      expect(warmHeap(want).length).toBe(0); // asked once: not walked again
    } finally {
      delete process.env.ZKGLUE_WARM_HEAP;
    }
    expect(h.stats().memoryBytes).toBeGreaterThanOrEqual(want);
    expect(tail.length).toBeGreaterThan(100 << 18);
    // The tail taken as one block while the workers walk it upwards, filled from the top down:
    // the top pages are written long before a worker reaches them, so a touch that wrote
    // (rather than added 0 atomically) would clobber them.
    const end = tail.offset + tail.length;
    const fillers: Uint32Array[] = []; // the free memory below the tail (earlier tests' blocks)
    for (;;) {
      const f = h.alloc(1 << 18);
      if (f.byteOffset >= tail.offset) {
        h.free(f);
        break;
      }
      fillers.push(f);
    }
    const start = fillers.reduce((e, f) => Math.max(e, f.byteOffset + f.byteLength), tail.offset);
    const block = h.alloc((end - start) >>> 2);
    expect(block.byteOffset).toBeGreaterThanOrEqual(tail.offset);
    expect(block.length).toBeGreaterThan(100 << 18);
    const word = (i: number) => Math.imul(0x9e3779b9, i + 1) >>> 0;
    for (let i = block.length - 1; i >= 0; i--) block[i] = word(i);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    let bad = 0;
    for (let i = 0; i < block.length; i++) if (block[i] !== word(i)) bad++;
    expect(bad).toBe(0);
    h.free(block);
    fillers.forEach((f) => h.free(f));
  });
});
