/* Fibonacci numbers mod 2^32: prints F(10), F(50) (mod 2^32) and commits F(n) for several n. */
#include "zkglue.h"

static uint32_t fib(uint32_t n) {
  uint32_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t = a + b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  static const uint32_t ns[] = {0, 1, 2, 10, 47, 50, 1000, 100000};
  for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    uint32_t f = fib(ns[i]);
    zkglue_print("fib(");
    zkglue_print_u32(ns[i]);
    zkglue_print(") mod 2^32 = ");
    zkglue_print_u32(f);
    zkglue_print("\n");
    zkglue_commit_u32(f);
  }
  return 0;
}
