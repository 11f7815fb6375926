/*
 * A run of any length, for benchmarks of long runs and many segments: n rounds (n = its private
 * input as a u32 LE, 1000 when there is none) of a mix of loads, stores, multiplies and shifts
 * over a 4 KiB table, so every segment touches memory the earlier ones wrote. About 17 cycles
 * per round. Commits n and the sum of the table.
 */
#include "zkglue.h"

static uint32_t table[1024];

int main(void) {
  uint32_t n = 1000;
  uint8_t in[4];
  if (zkglue_read_input(in, sizeof in) == 4)
    n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
  uint32_t x = 12345;
  for (uint32_t r = 0; r < n; r++) {
    uint32_t i = x >> 22;
    table[i] += x;
    x = x * 1664525u + 1013904223u;
    x ^= table[(i + 1) & 1023] >> 3;
  }
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 1024; i++) sum += table[i];
  zkglue_commit_u32(n);
  zkglue_commit_u32(sum);
  return 0;
}
