/**
 * The Poseidon2 coprocessor (syscall 0x101), assembled from its parts with `defineCoprocessor`,
 * exactly as a user's coprocessor is: execution (execute.ts), the AIR (air.ts over columns.ts)
 * and its trace generation (trace.ts), the reference permutation, the guest call's description
 * and the fuzzer's samples and free cells (fuzz.ts).
 */
import { type Coprocessor, defineCoprocessor } from "../../glue/coprocessor.js";
import { poseidon2Air } from "./air.js";
import { POSEIDON2_SYSCALL } from "./constants.js";
import type { Poseidon2Event } from "./events.js";
import { executePoseidon2, poseidon2Call } from "./execute.js";
import { permute } from "../../core/poseidon2/reference.js";
import { poseidon2FreeCells, poseidon2Samples } from "./fuzz.js";
import { poseidon2Trace } from "./trace.js";

/** state := Poseidon2 BabyBear width 16 (Plonky3), proven by its own table `cop.poseidon2`. */
export const poseidon2Coprocessor: Coprocessor<Poseidon2Event> = defineCoprocessor({
  name: "poseidon2",
  syscall: POSEIDON2_SYSCALL,
  execute: executePoseidon2,
  air: poseidon2Air,
  trace: poseidon2Trace,
  call: poseidon2Call,
  reference: permute,
  samples: poseidon2Samples,
  free: poseidon2FreeCells,
});

export { POSEIDON2_SYSCALL } from "./constants.js";
export type { Poseidon2Event } from "./events.js";
export { permute } from "../../core/poseidon2/reference.js";
