/*
 * SHA-256 of a 1 KiB message in software (FIPS 180-4; sha256_software.h, the code sha256.c
 * uses). Commits the 32-byte digest to the journal. sha256_1k_cop.c hashes the same message
 * through the sha256_compress coprocessor and commits the same digest: the pair measures what
 * the coprocessor saves.
 *
 * The message (message_1k.h) is bytes i*7+3 mod 256, built at compile time into .rodata, so
 * neither guest spends cycles making it. Uses no coprocessor: it also runs under qemu-riscv32.
 */
#include "message_1k.h"
#include "sha256_software.h"

int main(void) {
  uint8_t digest[32];
  sha256(message, sizeof message, digest);
  zkglue_commit(digest, 32);
  return 0;
}
