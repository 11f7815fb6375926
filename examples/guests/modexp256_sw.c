/*
 * modexp256_sw: computes base^exp mod m for 256-bit numbers (built in, or the input's) in software, with zkglue_sw_modexp (zkglue_sw.h): the library of
 * modexp256_cop.c over software arithmetic, the same journal. Uses no coprocessor: it also runs
 * under qemu-riscv32. Input and journal: secp256k1_examples.h.
 */
#include "secp256k1_examples.h"
#include "zkglue_sw.h"

int main(void) { return modexp256_main(zkglue_sw_modexp); }
