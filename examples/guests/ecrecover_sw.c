/*
 * ecrecover_sw: recovers the public key of the built-in (or the input's) ECDSA signature in software, with zkglue_sw_secp256k1_ecrecover (zkglue_sw.h): the library of
 * ecrecover_cop.c over software arithmetic, the same journal. Uses no coprocessor: it also runs
 * under qemu-riscv32. Input and journal: secp256k1_examples.h.
 */
#include "secp256k1_examples.h"
#include "zkglue_sw.h"

int main(void) { return ecrecover_main(zkglue_sw_secp256k1_ecrecover); }
