/**
 * Execution side of the sha256_compress coprocessor (syscall 0x100): what one `ecall` does to
 * guest memory, and the event its trace needs. The AIR side (air.ts, trace.ts) does not import
 * this file; index.ts assembles both into the coprocessor.
 *
 * The block is the 64 message bytes as they lie in guest memory: word t of SHA-256's message
 * schedule is bytes 4t..4t+3 read big-endian (FIPS 180-4 §3.1), so the coprocessor reverses each
 * little-endian word it loads. RV32IM has no byte-reverse instruction; doing it in the guest cost
 * 8 cycles per word, 2,048 of the 2,448 cycles of a 1 KiB hash (measured). The state stays
 * SHA-256's eight 32-bit words H0..H7 held as u32, which chain from call to call unchanged.
 *
 * Access order: the 8 state words at a0, then the 16 block words at a1, then the 8 state words
 * written back at a0. The state and the block must not overlap: the table proves each word once
 * per call, so an overlapping call could not be proven and is refused here, at the ecall.
 */
import type { CallDescription, Coprocessor, CoprocessorContext } from "../../glue/coprocessor.js";
import { SHA256_SYSCALL } from "./constants.js";
import type { Sha256Event } from "./events.js";
import { byteSwap, compress } from "./reference.js";

/**
 * Executes one sha256_compress call: state := compress(state, block). Every memory access goes
 * through `ctx`, so a misaligned or out-of-range pointer, or a state inside the program, stops
 * the run with a GuestError naming the `ecall`'s pc and cycle.
 *
 * @example
 * const ev = executeSha256(ctx); // ctx.args = [statePtr, blockPtr, …]
 */
export function executeSha256(ctx: CoprocessorContext): Sha256Event {
  const [statePtr, blockPtr] = ctx.args;
  const stateIn = ctx.readWords(statePtr, 8);
  const block = ctx.readWords(blockPtr, 16).map(byteSwap);
  // After the reads, so that a bad pointer faults as such; nothing has been written yet.
  if (statePtr < blockPtr + 64 && blockPtr < statePtr + 32) {
    throw new Error(
      `the state (0x${statePtr.toString(16)}, 32 bytes) and the block (0x${blockPtr.toString(16)}, 64 bytes) overlap`,
    );
  }
  const stateOut = compress(stateIn, block);
  ctx.writeWords(statePtr, stateOut);
  return { stateIn, block, stateOut };
}

/** The guest call, from which the C prototype in guest/zkglue.h is documented. */
export const sha256Call: CallDescription = {
  function: "zkglue_sha256_compress",
  doc: "state := SHA-256 compression(state, block) (FIPS 180-4 §6.2.2); the state is H0..H7 as u32 words, the block the 64 message bytes in memory order",
  args: [
    {
      name: "state",
      kind: "readwrite",
      words: 8,
      doc: "H(i-1) in, H(i) out: 8 words, 4-aligned",
    },
    {
      name: "block",
      kind: "read",
      words: 16,
      bytes: true,
      doc: "the 512-bit message block M(i): its 64 bytes in memory order, 4-aligned, not overlapping the state",
    },
  ],
};

/**
 * The coprocessor for the executor only (no AIR): enough to run guests that call
 * sha256_compress, e.g. `execute(program, { coprocessors: [sha256Executor] })`. A machine
 * refuses to prove with it; the provable coprocessor is in index.ts.
 */
export const sha256Executor: Coprocessor<Sha256Event> = {
  name: "sha256",
  syscall: SHA256_SYSCALL,
  execute: executeSha256,
  call: sha256Call,
  reference: compress,
};
