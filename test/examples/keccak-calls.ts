/**
 * Keccak calls for the table tests, built without a guest: random states (the zero and
 * all-ones states among them) at random aligned pointers ≥ 0x1000, distinct clks, and the 50
 * accesses the executor records (old = the input word, value = the output word, prevTs < ts).
 */
import type { CoprocessorCall, MemoryAccess } from "../../index.js";
import { wordAddress } from "../../index.js";
import type { KeccakEvent } from "../../examples/coprocessors/keccak/events.js";
import { keccakF1600 } from "../../examples/coprocessors/keccak/reference.js";
import { rng } from "../coprocessors/helpers.js";

/** One call at `clk` on the state at `ptr`. */
export function keccakCall(
  clk: number,
  ptr: number,
  input: Uint32Array,
  r: () => number,
): CoprocessorCall<KeccakEvent> {
  const ts = clk + 3;
  const output = keccakF1600(input);
  const accesses: MemoryAccess[] = Array.from(input, (v, k) => ({
    addr: wordAddress(ptr) + k,
    old: v,
    value: output[k],
    prevTs: Math.floor(r() * ts),
    ts,
  }));
  return { clk, cycle: clk / 4, args: [ptr, 0, 0, 0, 0, 0], events: { input, output }, accesses };
}

/** `n` calls; the second is the zero state and the third all ones (when n is that large). */
export function keccakCalls(n: number, seed: number): CoprocessorCall<KeccakEvent>[] {
  const r = rng(seed);
  const calls: CoprocessorCall<KeccakEvent>[] = [];
  let clk = 4 * (1 + Math.floor(r() * 1000));
  for (let i = 0; i < n; i++) {
    const ptr = 0x1000 + 4 * Math.floor(r() * 2 ** 24);
    const input =
      i === 1
        ? new Uint32Array(50)
        : i === 2
          ? new Uint32Array(50).fill(0xffff_ffff)
          : Uint32Array.from({ length: 50 }, () => Math.floor(r() * 2 ** 32) >>> 0);
    calls.push(keccakCall(clk, ptr, input, r));
    clk += 4 * (1 + Math.floor(r() * 100));
  }
  return calls;
}
