/**
 * Execution side of the poseidon2_permute coprocessor (syscall 0x101): what one `ecall` does to
 * guest memory, and the event its trace needs. The AIR side (air.ts, trace.ts) does not import
 * this file; index.ts assembles both into the coprocessor.
 *
 * Access order: the 16 words at a0 are read, then written back (one access per word for the
 * prover: old = input, new = output). A word ≥ p is not a field element: the call is refused
 * before anything is written, naming the word (the executor reports it with the ecall's pc and
 * cycle), and the table cannot prove it either (air.ts proves every word it reads < p).
 */
import type { CallDescription, Coprocessor, CoprocessorContext } from "../../glue/coprocessor.js";
import { P } from "../../core/field/babybear.js";
import { POSEIDON2_SYSCALL, WIDTH } from "./constants.js";
import type { Poseidon2Event } from "./events.js";
import { permute } from "../../core/poseidon2/reference.js";

/**
 * Executes one poseidon2_permute call: state := Poseidon2(state). Every memory access goes
 * through `ctx`, so a misaligned or out-of-range pointer, or a state inside the program, stops
 * the run with a GuestError naming the `ecall`'s pc and cycle.
 *
 * @example
 * const ev = executePoseidon2(ctx); // ctx.args = [statePtr, …]
 */
export function executePoseidon2(ctx: CoprocessorContext): Poseidon2Event {
  const ptr = ctx.args[0];
  const input = ctx.readWords(ptr, WIDTH);
  for (let k = 0; k < WIDTH; k++) {
    if (input[k] >= P) {
      throw new Error(
        `state word ${k} (at 0x${(ptr + 4 * k).toString(16).padStart(8, "0")}) is ${input[k]} = 0x${input[k].toString(16)}, not a BabyBear element (< p = ${P})`,
      );
    }
  }
  const output = permute(input);
  ctx.writeWords(ptr, output);
  return { input, output };
}

/** The guest call, from which the C prototype in guest/zkglue.h is documented. */
export const poseidon2Call: CallDescription = {
  function: "zkglue_poseidon2_permute",
  doc: "state := Poseidon2 BabyBear width-16 permutation(state) (Plonky3's constants); every word must be a field element < p = 2013265921",
  args: [
    {
      name: "state",
      kind: "readwrite",
      words: WIDTH,
      doc: "16 words, 4-aligned, each < 2013265921; permuted in place",
    },
  ],
};

/**
 * The coprocessor for the executor only (no AIR): enough to run guests that call
 * poseidon2_permute. A machine refuses to prove with it; the provable one is in index.ts.
 */
export const poseidon2Executor: Coprocessor<Poseidon2Event> = {
  name: "poseidon2",
  syscall: POSEIDON2_SYSCALL,
  execute: executePoseidon2,
  call: poseidon2Call,
  reference: permute,
};
