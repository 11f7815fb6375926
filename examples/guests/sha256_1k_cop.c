/*
 * SHA-256 of a 1 KiB message through the sha256_compress coprocessor (zkglue_sha256: padding and
 * byte order in the guest, 17 compressions in the coprocessor). Commits the 32-byte digest to
 * the journal. sha256_1k_sw.c hashes the same message in software and commits the same digest:
 * the pair measures what the coprocessor saves.
 *
 * The message (message_1k.h) is bytes i*7+3 mod 256, built at compile time into .rodata, so
 * neither guest spends cycles making it. Needs a machine with the sha256 coprocessor (ecall 0x100), so it
 * does not run under qemu-riscv32.
 */
#include "message_1k.h"
#include "zkglue.h"

int main(void) {
  uint8_t digest[32];
  zkglue_sha256(message, sizeof message, digest);
  zkglue_commit(digest, 32);
  return 0;
}
