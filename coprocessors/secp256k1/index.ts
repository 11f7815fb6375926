/**
 * The secp256k1 point coprocessors, secp256k1_add (syscall 0x103) and secp256k1_double (0x104),
 * assembled from their parts with `defineCoprocessor`, exactly as a user's coprocessor is:
 * execution (execute.ts), the AIRs (add-air.ts, double-air.ts over their column layouts and the
 * shared field.ts and identities.ts) and their trace generation, the reference operations, the
 * guest calls' descriptions and the fuzzer's samples and free cells (fuzz.ts). Two coprocessors,
 * two tables: `cop.secp256k1_add`, `cop.secp256k1_double`.
 */
import { type Coprocessor, defineCoprocessor } from "../../glue/coprocessor.js";
import { secp256k1AddAir } from "./add-air.js";
import { secp256k1AddTrace } from "./add-trace.js";
import { SECP256K1_ADD_SYSCALL, SECP256K1_DOUBLE_SYSCALL } from "./constants.js";
import { secp256k1DoubleAir } from "./double-air.js";
import { secp256k1DoubleTrace } from "./double-trace.js";
import type { Secp256k1AddEvent, Secp256k1DoubleEvent } from "./events.js";
import {
  executeSecp256k1Add,
  executeSecp256k1Double,
  secp256k1AddCall,
  secp256k1DoubleCall,
} from "./execute.js";
import {
  secp256k1AddFreeCells,
  secp256k1AddSamples,
  secp256k1DoubleFreeCells,
  secp256k1DoubleSamples,
} from "./fuzz.js";
import { secp256k1Add, secp256k1Double } from "./reference.js";

/** p := p + q on secp256k1 (affine, p ≠ ±q), proven by its own table `cop.secp256k1_add`. */
export const secp256k1AddCoprocessor: Coprocessor<Secp256k1AddEvent> = defineCoprocessor({
  name: "secp256k1_add",
  syscall: SECP256K1_ADD_SYSCALL,
  execute: executeSecp256k1Add,
  air: secp256k1AddAir,
  trace: secp256k1AddTrace,
  call: secp256k1AddCall,
  reference: secp256k1Add,
  samples: secp256k1AddSamples,
  free: secp256k1AddFreeCells,
});

/** p := 2p on secp256k1 (affine, y ≠ 0), proven by its own table `cop.secp256k1_double`. */
export const secp256k1DoubleCoprocessor: Coprocessor<Secp256k1DoubleEvent> = defineCoprocessor({
  name: "secp256k1_double",
  syscall: SECP256K1_DOUBLE_SYSCALL,
  execute: executeSecp256k1Double,
  air: secp256k1DoubleAir,
  trace: secp256k1DoubleTrace,
  call: secp256k1DoubleCall,
  reference: secp256k1Double,
  samples: secp256k1DoubleSamples,
  free: secp256k1DoubleFreeCells,
});

export { SECP256K1_ADD_SYSCALL, SECP256K1_DOUBLE_SYSCALL, SECP256K1_P } from "./constants.js";
export type { Secp256k1AddEvent, Secp256k1DoubleEvent } from "./events.js";
export { secp256k1Add, secp256k1Double } from "./reference.js";
