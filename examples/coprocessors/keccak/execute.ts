/**
 * Execution side of the keccak_permute coprocessor (syscall 0x1000): what one `ecall` does to
 * guest memory, and the event its trace needs. The AIR side (air.ts, trace.ts) does not import
 * this file; index.ts assembles both.
 *
 * The state is the 200 bytes of Keccak-f[1600]'s 25 lanes as a C `uint64_t st[25]` holds them
 * on a little-endian machine, read and written as 50 u32 words: one access per word, the 50
 * reads then the 50 writes, all at the call's timestamp.
 */
import type { CallDescription, Coprocessor, CoprocessorContext } from "../../../index.js";
import { KECCAK_SYSCALL, WORDS } from "./constants.js";
import type { KeccakEvent } from "./events.js";
import { keccakF1600 } from "./reference.js";

/**
 * Executes one keccak_permute call: state := Keccak-f[1600](state). Every access goes through
 * `ctx`, so a misaligned or out-of-range pointer, or a state inside the program, stops the run
 * with a GuestError naming the `ecall`'s pc and cycle.
 *
 * @example
 * const ev = executeKeccak(ctx); // ctx.args = [statePtr, …]
 */
export function executeKeccak(ctx: CoprocessorContext): KeccakEvent {
  const ptr = ctx.args[0];
  const input = ctx.readWords(ptr, WORDS);
  const output = keccakF1600(input);
  ctx.writeWords(ptr, output);
  return { input, output };
}

/** The guest call, from which the C binding is generated (`zkglue bindings`). */
export const keccakCall: CallDescription = {
  function: "zkglue_keccak_permute",
  doc: "state := Keccak-f[1600](state) (FIPS 202 §3.3, 24 rounds), in place",
  args: [
    {
      name: "state",
      kind: "readwrite",
      words: WORDS,
      doc: "the 25 lanes as a little-endian uint64_t st[25] holds them (lane x + 5y at words 2(x + 5y), 2(x + 5y) + 1), 4-aligned",
    },
  ],
};

/**
 * The coprocessor for the executor only (no AIR): enough to run guests that call it, e.g.
 * `execute(program, { coprocessors: [keccakExecutor] })`. The provable one is in index.ts.
 */
export const keccakExecutor: Coprocessor<KeccakEvent> = {
  name: "keccak",
  syscall: KECCAK_SYSCALL,
  execute: executeKeccak,
  call: keccakCall,
  reference: keccakF1600,
};
