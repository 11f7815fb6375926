/*
 * Touches every kind of memory page, in a loop long enough for several chunks (continuations by
 * memory image id, glue/paging): each round loads a word of its own code (a text page), reads a
 * read-only table (rodata), updates a zero-initialised array (bss) and an initialised one
 * (data), writes and reads a stack buffer, and every 16th round permutes a state with the
 * Poseidon2 coprocessor (a page a coprocessor writes). A page-aligned initialised table is read
 * only after the loop, so the chunks in between leave it untouched in their images. n rounds
 * (n = its input as u32 LE, 64 when there is none). Commits n, the accumulator, the state's first
 * word and the untouched table's two ends.
 */
#include "zkglue.h"

static const uint32_t rodata_table[16] = {
    0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
    0x082efa98, 0xec4e6c89, 0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c,
    0xc0ac29b7, 0xc97c50dd, 0x3f84d5b5, 0xb5470917,
};
static uint32_t bss_table[512];
static uint32_t data_table[4] = {1, 2, 3, 4};
static uint32_t state[16];
static volatile uint32_t untouched[256] __attribute__((aligned(1024))) = {[0] = 7, [255] = 9};

int main(void) {
  uint32_t n = 64;
  uint8_t in[4];
  if (zkglue_read_input(in, sizeof in) == 4)
    n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
  volatile uint32_t stack_buf[64];
  const volatile uint32_t *code = (const volatile uint32_t *)(uintptr_t)&main;
  uint32_t acc = 0;
  for (uint32_t r = 0; r < n; r++) {
    acc += code[r & 7];
    acc ^= rodata_table[r & 15];
    bss_table[(r * 7) & 511] += acc;
    stack_buf[r & 63] = acc;
    acc += stack_buf[(r + 1) & 63];
    data_table[r & 3] ^= acc;
    if ((r & 15) == 15) {
      state[r & 15] = acc % 2013265921u;
      zkglue_poseidon2_permute(state);
    }
  }
  zkglue_commit_u32(n);
  zkglue_commit_u32(acc);
  zkglue_commit_u32(state[0]);
  zkglue_commit_u32(untouched[0] + untouched[255]);
  return 0;
}
