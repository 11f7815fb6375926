/*
 * Reads its private input (up to 4096 bytes): prints it back to stdout, commits only its
 * length and a checksum (FNV-1a 32) to the journal, so the input itself stays off the public
 * record. Signed bytes also exercise lb/lbu and the comparisons.
 */
#include "zkglue.h"

static uint8_t input[4096];

int main(void) {
  uint32_t n = zkglue_read_input(input, sizeof input);
  uint32_t h = 2166136261u;
  int32_t negatives = 0;
  for (uint32_t i = 0; i < n; i++) {
    h = (h ^ input[i]) * 16777619u;
    if ((int8_t)input[i] < 0) negatives++;
  }
  zkglue_write(ZKGLUE_FD_STDOUT, input, n);
  zkglue_print("\nlength ");
  zkglue_print_u32(n);
  zkglue_print(", bytes >= 0x80: ");
  zkglue_print_u32((uint32_t)negatives);
  zkglue_print("\n");
  zkglue_commit_u32(n);
  zkglue_commit_u32(h);
  return 0;
}
