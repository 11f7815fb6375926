/*
 * Software SHA-256 (FIPS 180-4) of two messages: "abc" and 1000 bytes i*7+3 mod 256. Prints
 * both digests and commits them to the journal. The same work, with the sha256_compress
 * precompile instead of the software rounds, is what the cycle-savings report compares.
 */
#include "sha256_software.h"

static uint8_t buffer[1000];

int main(void) {
  uint8_t digest[32];
  sha256((const uint8_t *)"abc", 3, digest);
  zkglue_print("sha256(\"abc\") = ");
  zkglue_print_hex(digest, 32);
  zkglue_print("\n");
  zkglue_commit(digest, 32);

  for (uint32_t i = 0; i < sizeof buffer; i++) buffer[i] = (uint8_t)(i * 7 + 3);
  sha256(buffer, sizeof buffer, digest);
  zkglue_print("sha256(buffer) = ");
  zkglue_print_hex(digest, 32);
  zkglue_print("\n");
  zkglue_commit(digest, 32);
  return 0;
}
