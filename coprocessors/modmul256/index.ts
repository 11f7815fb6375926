/**
 * The modmul256 coprocessor (syscall 0x102), assembled from its parts with `defineCoprocessor`,
 * exactly as a user's coprocessor is: execution (execute.ts), the AIR (air.ts over columns.ts)
 * and its trace generation (trace.ts), the reference function, the guest call's description
 * and the fuzzer's samples and free cells (fuzz.ts).
 */
import { type Coprocessor, defineCoprocessor } from "../../glue/coprocessor.js";
import { modmul256Air } from "./air.js";
import { MODMUL256_SYSCALL } from "./constants.js";
import type { Modmul256Event } from "./events.js";
import { executeModmul256, modmul256Call } from "./execute.js";
import { modmul256FreeCells, modmul256Samples } from "./fuzz.js";
import { modmul256 } from "./reference.js";
import { modmul256Trace } from "./trace.js";

/** out := a·b mod m over 256-bit integers (m = 0: mod 2^256), proven by its table `cop.modmul256`. */
export const modmul256Coprocessor: Coprocessor<Modmul256Event> = defineCoprocessor({
  name: "modmul256",
  syscall: MODMUL256_SYSCALL,
  execute: executeModmul256,
  air: modmul256Air,
  trace: modmul256Trace,
  call: modmul256Call,
  reference: modmul256,
  samples: modmul256Samples,
  free: modmul256FreeCells,
});

export { MODMUL256_SYSCALL } from "./constants.js";
export type { Modmul256Event } from "./events.js";
export { modmul256 } from "./reference.js";
