/**
 * The SHA-256 compression coprocessor (syscall 0x100), assembled from its parts with
 * `defineCoprocessor`, exactly as a user's coprocessor is: execution (execute.ts), the AIR
 * (air.ts over columns.ts) and its trace generation (trace.ts), the reference function, the
 * guest call's description and the fuzzer's samples and free cells (fuzz.ts).
 */
import { type Coprocessor, defineCoprocessor } from "../../glue/coprocessor.js";
import { sha256Air } from "./air.js";
import { SHA256_SYSCALL } from "./constants.js";
import type { Sha256Event } from "./events.js";
import { executeSha256, sha256Call } from "./execute.js";
import { compress } from "./reference.js";
import { sha256FreeCells, sha256Samples } from "./fuzz.js";
import { sha256Trace } from "./trace.js";

/** state := SHA-256 compression(state, block), proven by its own table `cop.sha256`. */
export const sha256Coprocessor: Coprocessor<Sha256Event> = defineCoprocessor({
  name: "sha256",
  syscall: SHA256_SYSCALL,
  execute: executeSha256,
  air: sha256Air,
  trace: sha256Trace,
  call: sha256Call,
  reference: compress,
  samples: sha256Samples,
  free: sha256FreeCells,
});

export { SHA256_SYSCALL } from "./constants.js";
export type { Sha256Event } from "./events.js";
export { compress } from "./reference.js";
