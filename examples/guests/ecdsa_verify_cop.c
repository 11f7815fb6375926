/*
 * ecdsa_verify_cop: verifies the built-in (or the input's) ECDSA signature with zkvm_accelerators.h's zkvm_secp256k1_verify, on the coprocessors
 * (modmul256, secp256k1_add, secp256k1_double). ecdsa_verify_sw.c runs the same code in software and
 * commits the same journal. Input and journal: secp256k1_examples.h. Needs a machine with those
 * coprocessors, so it does not run under qemu-riscv32.
 */
#include "secp256k1_examples.h"

int main(void) { return ecdsa_verify_main(zkvm_secp256k1_verify); }
