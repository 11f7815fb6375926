/*
 * zkglue guest SDK: the syscalls of the zkglue guest ABI (DESIGN.md, "Guest ABI") as C
 * functions. A guest includes this header, defines `int main(void)`, and links with start.S
 * and link.ld (see Makefile). main's return value is the exit code: 0 means success; any
 * other value makes the run fail (no receipt).
 *
 * exit/write/read use the Linux syscall numbers, so the same ELF runs under qemu-riscv32:
 * there fd 3 (the journal) is whatever the host opened as fd 3, and the private input is stdin.
 *
 * The coprocessors' calls are generated into zkglue_coprocessors.h, included below.
 * The functions declared here without a body live in the SDK's library: runtime.c (memory,
 * printing, input, panic), zkglue_sha256.c and zkglue_poseidon2.c. The eth-act zkvm-standards interfaces are in
 * zkvm_io.h and zkvm_accelerators.h (zkvm_io.c, zkvm_accelerators.c, and zkglue_secp256k1.c for
 * ECDSA and modexp on modmul256 and secp256k1_add/double), built on these; zkglue_sw.h declares
 * software twins of the latter (zkglue_secp256k1_sw.c), for measuring what the coprocessors save.
 */
#ifndef ZKGLUE_H
#define ZKGLUE_H

#include <stddef.h>
#include <stdint.h>

#define ZKGLUE_SYS_TERMINATE 0
#define ZKGLUE_SYS_READ 63
#define ZKGLUE_SYS_WRITE 64
#define ZKGLUE_SYS_EXIT 93

#define ZKGLUE_FD_STDOUT 1
#define ZKGLUE_FD_STDERR 2
#define ZKGLUE_FD_JOURNAL 3

/* A raw ecall: number in a7, arguments in a0..a3, result in a0. */
static inline uint32_t zkglue_syscall4(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a7) : "memory");
  return r_a0;
}

/* A raw ecall with one argument: the same, without setting a1..a3. */
static inline uint32_t zkglue_syscall1(uint32_t n, uint32_t a0) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
  return r_a0;
}

/* A raw ecall with two arguments: the same, without setting a2/a3 (two cycles fewer per call). */
static inline uint32_t zkglue_syscall2(uint32_t n, uint32_t a0, uint32_t a1) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
  return r_a0;
}

/* Ends the run with `code` (0 = success), via exit (93): runs under zkglue and qemu alike. */
static inline __attribute__((noreturn)) void zkglue_exit(int code) {
  zkglue_syscall4(ZKGLUE_SYS_EXIT, (uint32_t)code, 0, 0, 0);
  __builtin_unreachable();
}

/* Ends the run with the zkvm-standards terminate syscall (0). Same effect as zkglue_exit under
   zkglue; under qemu-riscv32 (Linux has no syscall 0 for this) use zkglue_exit instead. */
static inline __attribute__((noreturn)) void zkglue_terminate(int code) {
  zkglue_syscall4(ZKGLUE_SYS_TERMINATE, (uint32_t)code, 0, 0, 0);
  __builtin_unreachable();
}

/* Writes `len` bytes to fd 1 (stdout), 2 (stderr) or 3 (journal); returns len. */
static inline size_t zkglue_write(int fd, const void *buf, size_t len) {
  return zkglue_syscall4(ZKGLUE_SYS_WRITE, (uint32_t)fd, (uint32_t)buf, len, 0);
}

/* Reads up to `max` bytes of the private input; returns the count (0 at its end). */
static inline size_t zkglue_read(void *buf, size_t max) {
  return zkglue_syscall4(ZKGLUE_SYS_READ, 0, (uint32_t)buf, max, 0);
}

/* Reads until `len` bytes or the end of the private input; returns the count. */
size_t zkglue_read_input(void *buf, size_t len);

/* Appends bytes to the journal: the public output a proof binds. */
static inline void zkglue_commit(const void *buf, size_t len) { zkglue_write(ZKGLUE_FD_JOURNAL, buf, len); }

/* Appends a u32 to the journal, little-endian. */
static inline void zkglue_commit_u32(uint32_t x) { zkglue_commit(&x, 4); }

/* Prints a NUL-terminated string to stdout. */
void zkglue_print(const char *s);

/* Prints `x` in decimal to stdout. */
void zkglue_print_u32(uint32_t x);

/* Prints `len` bytes as lowercase hex to stdout. */
void zkglue_print_hex(const void *buf, size_t len);

/* The exit code of a guest that panics (the same number Rust's panics exit with). */
#define ZKGLUE_PANIC_EXIT 101

/* Prints "panic: <msg>" and a newline to stderr and ends the run with ZKGLUE_PANIC_EXIT. */
__attribute__((noreturn)) void zkglue_panic(const char *msg);

/* A raw coprocessor call: ecall n with arguments a0..a(k-1), k = 0..6 (zkglue_cop<k>). A
   coprocessor leaves every register as it was (the ABI: its result is a0 unchanged), so unlike
   zkglue_syscall4 these tell the compiler a0 is only read, and calls in a row on the same buffers
   reuse the registers already loaded (four doublings of one point are four ecalls). The
   generated bindings (zkglue_coprocessors.h, `zkglue bindings`) are typed wrappers over them. */
static inline void zkglue_cop0(uint32_t n) {
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a7) : "memory");
}

static inline void zkglue_cop1(uint32_t n, uint32_t a0) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a7) : "memory");
}

static inline void zkglue_cop2(uint32_t n, uint32_t a0, uint32_t a1) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a1), "r"(r_a7) : "memory");
}

static inline void zkglue_cop3(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
}

static inline void zkglue_cop4(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a7) : "memory");
}

static inline void zkglue_cop5(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
                               uint32_t a4) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  register uint32_t r_a4 __asm__("a4") = a4;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall"
                   :
                   : "r"(r_a0), "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a7)
                   : "memory");
}

static inline void zkglue_cop6(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
                               uint32_t a4, uint32_t a5) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  register uint32_t r_a4 __asm__("a4") = a4;
  register uint32_t r_a5 __asm__("a5") = a5;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall"
                   :
                   : "r"(r_a0), "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                   : "memory");
}

/* Precompiles (coprocessors): the built-in coprocessors' calls, one static inline function each
   (zkglue_sha256_compress, zkglue_poseidon2_permute, zkglue_modmul256, zkglue_secp256k1_add,
   zkglue_secp256k1_double) and their ZKGLUE_SYS_* numbers, are generated from the coprocessors'
   own call descriptions into zkglue_coprocessors.h (`zkglue bindings --builtins`; a test keeps
   it in sync). Word layouts as in the ABI table. What follows is built on them by hand. */
#include "zkglue_coprocessors.h"

/* Notes on the generated calls:
   - zkglue_sha256_compress: the coprocessor reads the block's words big-endian, as SHA-256
     does, so the guest never reverses bytes; state and block must not overlap.
   - secp256k1 (SEC 2 §2.4.1): y^2 = x^3 + 7 over F_p, p = 2^256 - 2^32 - 977. A point is affine,
     x then y, 8 little-endian u32 words each (16 words, 4-aligned), every coordinate < p.
     zkglue_secp256k1_add needs p != ±q (the sum of p and -p is the point at infinity, which has
     no affine form; p + p is zkglue_secp256k1_double); zkglue_secp256k1_double needs y != 0 (no
     point of the curve has y = 0: the group order is odd). A call that breaks this is refused
     and the run stops; guest/zkvm_accelerators.h's ECDSA functions handle these cases in
     software and never make such a call.
   - zkglue_modmul256: out := a·a needs an out apart from a; a call with overlapping buffers
     other than b = a is refused. */

/* out := SHA-256(data[0..len)) (FIPS 180-4): padding and byte order in the guest (zkglue_sha256.c), one
   sha256_compress call per 64-byte block. `data` and `out` may have any alignment. */
void zkglue_sha256(const void *data, size_t len, uint8_t out[32]);

/* BabyBear, the field Poseidon2 works over: p = 2^31 - 2^27 + 1. A field element is a u32 < p. */
#define ZKGLUE_BABYBEAR_P 2013265921u

/* out := the first 8 words of Poseidon2(left ‖ right): a 2-to-1 compression of two 8-element
   digests, Plonky3's TruncatedPermutation<_, 2, 8, 16> (the compression of its Poseidon2 Merkle
   trees). No feed-forward: the input is not added to the output. One poseidon2_permute call
   (zkglue_poseidon2.c). Every input word must be < p; `out` may alias `left` or `right`. */
void zkglue_poseidon2_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]);

/* out := the Poseidon2 sponge hash of the field elements words[0..n), Plonky3's
   PaddingFreeSponge<_, 16, 8, 8> (its Merkle leaf hash): rate 8, capacity 8, overwrite mode.
   The state starts at zero; each block of 8 words overwrites state[0..8) and is followed by a
   permutation; a final partial block of r < 8 words overwrites state[0..r) only (the rest of
   the rate keeps the previous permutation's output) and is permuted too; out = state[0..8).
   No padding and no length encoding, so n = 0 gives eight zeros and inputs of different
   lengths can collide (e.g. [a] and [a, 0]): use it for inputs whose length the protocol fixes,
   as Plonky3 does, or put the length in the input. Every word must be < p. ceil(n/8)
   poseidon2_permute calls (zkglue_poseidon2.c). */
void zkglue_poseidon2_hash(const uint32_t *words, size_t n, uint32_t out[8]);

/* The freestanding C runtime gcc may call (runtime.c). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
