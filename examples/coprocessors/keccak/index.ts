/**
 * Keccak-f[1600] as a user's coprocessor (syscall 0x1000), written against zkglue's public API
 * only and assembled with `defineCoprocessor` exactly as a built-in is: execution (execute.ts),
 * the AIR (air.ts over columns.ts) and its trace (trace.ts), the reference permutation, the
 * guest call's description and the fuzzer's samples and free cells (fuzz.ts). README.md has the
 * layout, the constraints and the measured cost.
 *
 * @example
 * // zkglue prove guest.elf --coprocessor examples/coprocessors/keccak/index.ts
 * import keccak from "./examples/coprocessors/keccak/index.js";
 * proveReceipt(program, { coprocessors: [...builtinCoprocessors(), keccak] });
 */
import { type Coprocessor, defineCoprocessor } from "../../../index.js";
import { keccakAir } from "./air.js";
import { KECCAK_SYSCALL } from "./constants.js";
import type { KeccakEvent } from "./events.js";
import { executeKeccak, keccakCall } from "./execute.js";
import { keccakFreeCells, keccakSamples } from "./fuzz.js";
import { keccakF1600 } from "./reference.js";
import { keccakTrace } from "./trace.js";

/** state := Keccak-f[1600](state), proven by its own table `cop.keccak`. */
export const keccakCoprocessor: Coprocessor<KeccakEvent> = defineCoprocessor({
  name: "keccak",
  syscall: KECCAK_SYSCALL,
  execute: executeKeccak,
  air: keccakAir,
  trace: keccakTrace,
  call: keccakCall,
  reference: keccakF1600,
  samples: keccakSamples,
  free: keccakFreeCells,
});

export default keccakCoprocessor;

export { KECCAK_SYSCALL } from "./constants.js";
export type { KeccakEvent } from "./events.js";
export { keccakF1600, keccakSponge } from "./reference.js";
