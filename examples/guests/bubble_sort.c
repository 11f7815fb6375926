/*
 * Bubble sort of 1200 pseudo-random u32s (a 32-bit LCG, Numerical Recipes constants); commits
 * the sum of the sorted array, its first, median and last elements, and 1 if it is sorted.
 * The executor benchmark runs this guest: a tight loop of loads, compares, branches and stores.
 */
#include "zkglue.h"

#define N 1200
static uint32_t a[N];

int main(void) {
  uint32_t x = 12345;
  for (int i = 0; i < N; i++) {
    x = x * 1664525u + 1013904223u;
    a[i] = x;
  }
  for (int n = N; n > 1; n--) {
    int swapped = 0;
    for (int i = 1; i < n; i++) {
      if (a[i - 1] > a[i]) {
        uint32_t t = a[i - 1];
        a[i - 1] = a[i];
        a[i] = t;
        swapped = 1;
      }
    }
    if (!swapped) break;
  }
  uint32_t sum = 0, sorted = 1;
  for (int i = 0; i < N; i++) {
    sum += a[i];
    if (i > 0 && a[i - 1] > a[i]) sorted = 0;
  }
  zkglue_commit_u32(sum);
  zkglue_commit_u32(a[0]);
  zkglue_commit_u32(a[N / 2]);
  zkglue_commit_u32(a[N - 1]);
  zkglue_commit_u32(sorted);
  zkglue_print(sorted ? "sorted\n" : "NOT sorted\n");
  return sorted ? 0 : 1;
}
