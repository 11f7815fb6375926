/**
 * The built-in coprocessors. A machine is given them as values, like any user's coprocessor;
 * `zkglue run | prove | verify | savings | fuzz` use this set, plus the modules named with
 * `--coprocessor`, and the program id binds it. guest/zkglue_coprocessors.h holds their C
 * bindings, generated from this list (`zkglue bindings --builtins`).
 */
import type { Coprocessor } from "../glue/coprocessor.js";
import { modmul256Coprocessor } from "./modmul256/index.js";
import { poseidon2Coprocessor } from "./poseidon2/index.js";
import { secp256k1AddCoprocessor, secp256k1DoubleCoprocessor } from "./secp256k1/index.js";
import { sha256Coprocessor } from "./sha256/index.js";

/** Every built-in coprocessor, in the order their tables appear. */
export function builtinCoprocessors(): Coprocessor[] {
  return [
    sha256Coprocessor as Coprocessor,
    poseidon2Coprocessor as Coprocessor,
    modmul256Coprocessor as Coprocessor,
    secp256k1AddCoprocessor as Coprocessor,
    secp256k1DoubleCoprocessor as Coprocessor,
  ];
}

export {
  modmul256Coprocessor,
  poseidon2Coprocessor,
  secp256k1AddCoprocessor,
  secp256k1DoubleCoprocessor,
  sha256Coprocessor,
};
