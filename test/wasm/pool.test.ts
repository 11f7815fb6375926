import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { heap } from "../../core/wasm/heap.js";
import { registerKernel, runKernels } from "../../core/wasm/pool.js";

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
});
