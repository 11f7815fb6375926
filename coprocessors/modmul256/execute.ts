/**
 * Execution side of the modmul256 coprocessor (syscall 0x102): what one `ecall` does to guest
 * memory, and the event its trace needs. The AIR side (air.ts, trace.ts) does not import this
 * file; index.ts assembles both into the coprocessor.
 *
 * Access order: the 8 words of a (a1), then b (a2), then m (a3) are read, then the 8 words of out
 * (a0) are written. The four buffers must not overlap, with one exception: b may be a itself
 * (a2 = a1, squaring), when its words are read twice (one access each for the prover). Any other
 * overlap — out with an input, a partial overlap of a and b, m with a or b — is refused before
 * memory is touched, naming both buffers and their addresses: with it the words the table reads
 * and writes would not be the operands and the result of one multiplication.
 */
import type { CallDescription, Coprocessor, CoprocessorContext } from "../../glue/coprocessor.js";
import { MODMUL256_SYSCALL, WORDS } from "./constants.js";
import type { Modmul256Event } from "./events.js";
import { modmul256 } from "./reference.js";

const BYTES = 4 * WORDS;

const hex = (x: number) => "0x" + (x >>> 0).toString(16).padStart(8, "0");

/** The four buffers of a call, in argument order: name, register, address. */
function buffers(args: readonly number[]): [string, string, number][] {
  return [
    ["out", "a0", args[0]],
    ["a", "a1", args[1]],
    ["b", "a2", args[2]],
    ["m", "a3", args[3]],
  ];
}

/** Throws naming the first two buffers that overlap (b = a exactly is allowed: squaring). */
export function checkModmul256Overlap(args: readonly number[]): void {
  const bufs = buffers(args);
  for (let i = 0; i < bufs.length; i++) {
    for (let j = i + 1; j < bufs.length; j++) {
      const [ni, ri, pi] = bufs[i];
      const [nj, rj, pj] = bufs[j];
      if (Math.abs(pi - pj) >= BYTES) continue;
      if (ni === "a" && nj === "b" && pi === pj) continue; // squaring
      throw new Error(
        `${ni} (${ri} = ${hex(pi)}) overlaps ${nj} (${rj} = ${hex(pj)}): the 32-byte buffers out, a, b, m must not overlap (only b = a exactly, squaring, is allowed)`,
      );
    }
  }
}

/**
 * Executes one modmul256 call: out := a·b mod m (m = 0: mod 2^256). Every memory access goes
 * through `ctx`, so a misaligned or out-of-range pointer, or an out inside the program, stops the
 * run with a GuestError naming the `ecall`'s pc and cycle; overlapping buffers are refused
 * (thrown here, reported by the executor with the pc and cycle).
 *
 * @example
 * const ev = executeModmul256(ctx); // ctx.args = [out, a, b, m, …]
 */
export function executeModmul256(ctx: CoprocessorContext): Modmul256Event {
  checkModmul256Overlap(ctx.args);
  const [outPtr, aPtr, bPtr, mPtr] = ctx.args;
  const a = ctx.readWords(aPtr, WORDS);
  const b = ctx.readWords(bPtr, WORDS);
  const m = ctx.readWords(mPtr, WORDS);
  const out = modmul256(a, b, m);
  ctx.writeWords(outPtr, out);
  return { a, b, m, out };
}

/** The guest call, from which the C prototype in guest/zkglue.h is documented. */
export const modmul256Call: CallDescription = {
  function: "zkglue_modmul256",
  doc: "out := a·b mod m over 256-bit integers (8 little-endian u32 words each); m = 0 means mod 2^256. a and b may be ≥ m; b may be a (squaring); no other overlap",
  args: [
    { name: "out", kind: "write", words: WORDS, doc: "8 words, 4-aligned: a·b mod m (< m)" },
    { name: "a", kind: "read", words: WORDS, doc: "8 words, 4-aligned" },
    { name: "b", kind: "read", words: WORDS, doc: "8 words, 4-aligned; may be a itself" },
    { name: "m", kind: "read", words: WORDS, doc: "8 words, 4-aligned; 0 means 2^256" },
  ],
};

/**
 * The coprocessor for the executor only (no AIR): enough to run guests that call modmul256. A
 * machine refuses to prove with it; the provable one is in index.ts.
 */
export const modmul256Executor: Coprocessor<Modmul256Event> = {
  name: "modmul256",
  syscall: MODMUL256_SYSCALL,
  execute: executeModmul256,
  call: modmul256Call,
  reference: modmul256,
};
