/** The example guests and the private input each is run with in tests. */
import { readFileSync } from "node:fs";

export const GUESTS_DIR = new URL("../../examples/guests/", import.meta.url).pathname;
export const GUESTS = [
  "fibonacci",
  "sha256",
  "modmul",
  "bubble_sort",
  "read_input",
  "exit_nonzero",
  "sha256_1k_sw",
  "sha256_1k_cop",
  "zkvm_standards",
  "merkle_1k_sw",
  "merkle_1k_cop",
  "poseidon2_hash",
  "ecdsa_verify_sw",
  "ecdsa_verify_cop",
  "ecrecover_sw",
  "ecrecover_cop",
  "modexp256_sw",
  "modexp256_cop",
  "keccak_sw",
  "keccak_cop",
  "long_run",
  "page_kinds",
];

/** Guests that call a coprocessor (qemu-riscv32 cannot run them; the executor needs it). */
export const COPROCESSOR_GUESTS = new Set([
  "sha256_1k_cop",
  "zkvm_standards",
  "merkle_1k_cop",
  "poseidon2_hash",
  "ecdsa_verify_cop",
  "ecrecover_cop",
  "modexp256_cop",
  "keccak_cop",
  "page_kinds",
]);

/** Private input for `name` (only read_input reads it; the others must ignore it). */
export function inputFor(name: string): Uint8Array {
  return name === "read_input"
    ? new TextEncoder().encode("private: \u00e9\u00ff\n".repeat(50))
    : new Uint8Array(0);
}

export const elfBytes = (name: string) => new Uint8Array(readFileSync(`${GUESTS_DIR}${name}.elf`));
