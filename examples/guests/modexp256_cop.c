/*
 * modexp256_cop: computes base^exp mod m for 256-bit numbers (built in, or the input's) with zkvm_accelerators.h's zkvm_modexp, on the coprocessors
 * (modmul256, secp256k1_add, secp256k1_double). modexp256_sw.c runs the same code in software and
 * commits the same journal. Input and journal: secp256k1_examples.h. Needs a machine with those
 * coprocessors, so it does not run under qemu-riscv32.
 */
#include "secp256k1_examples.h"

int main(void) { return modexp256_main(zkvm_modexp); }
