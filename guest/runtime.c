/*
 * The small freestanding runtime a guest links with: the mem* functions gcc may emit calls
 * to, and the stdout/input helpers of zkglue.h. Written for clarity, not speed; a guest that
 * moves a lot of memory should use word loops of its own.
 */
#include "zkglue.h"

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

size_t zkglue_read_input(void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    size_t n = zkglue_read((unsigned char *)buf + got, len - got);
    if (n == 0) break;
    got += n;
  }
  return got;
}

void zkglue_print(const char *s) { zkglue_write(ZKGLUE_FD_STDOUT, s, strlen(s)); }

void zkglue_print_u32(uint32_t x) {
  char buf[10];
  int i = 10;
  do {
    buf[--i] = (char)('0' + x % 10);
    x /= 10;
  } while (x != 0);
  zkglue_write(ZKGLUE_FD_STDOUT, buf + i, (size_t)(10 - i));
}

void zkglue_print_hex(const void *buf, size_t len) {
  static const char digits[] = "0123456789abcdef";
  const unsigned char *p = buf;
  char out[64];
  size_t k = 0;
  for (size_t i = 0; i < len; i++) {
    out[k++] = digits[p[i] >> 4];
    out[k++] = digits[p[i] & 15];
    if (k == sizeof out) {
      zkglue_write(ZKGLUE_FD_STDOUT, out, k);
      k = 0;
    }
  }
  if (k) zkglue_write(ZKGLUE_FD_STDOUT, out, k);
}

void zkglue_panic(const char *msg) {
  zkglue_write(ZKGLUE_FD_STDERR, "panic: ", 7);
  zkglue_write(ZKGLUE_FD_STDERR, msg, strlen(msg));
  zkglue_write(ZKGLUE_FD_STDERR, "\n", 1);
  zkglue_exit(ZKGLUE_PANIC_EXIT);
}
