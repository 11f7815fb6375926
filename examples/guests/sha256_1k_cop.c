/*
 * SHA-256 of a 1 KiB message through the sha256_compress coprocessor (zkglue_sha256: padding and
 * byte order in the guest, 17 compressions in the coprocessor). Commits the 32-byte digest to
 * the journal. sha256_1k_sw.c hashes the same message in software and commits the same digest:
 * the pair measures what the coprocessor saves.
 *
 * The message is bytes i*7+3 mod 256, i < 1024, built at compile time into .rodata, so neither
 * guest spends cycles making it. Needs a machine with the sha256 coprocessor (ecall 0x100), so it
 * does not run under qemu-riscv32.
 */
#include "zkglue.h"

#define B(i) (uint8_t)((i) * 7 + 3)
#define B4(i) B(i), B((i) + 1), B((i) + 2), B((i) + 3)
#define B16(i) B4(i), B4((i) + 4), B4((i) + 8), B4((i) + 12)
#define B64(i) B16(i), B16((i) + 16), B16((i) + 32), B16((i) + 48)
#define B256(i) B64(i), B64((i) + 64), B64((i) + 128), B64((i) + 192)
static const uint8_t message[1024] = {B256(0), B256(256), B256(512), B256(768)};

int main(void) {
  uint8_t digest[32];
  zkglue_sha256(message, sizeof message, digest);
  zkglue_commit(digest, 32);
  return 0;
}
