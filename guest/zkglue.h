/*
 * zkglue guest SDK: the syscalls of the zkglue guest ABI (DESIGN.md, "Guest ABI") as C
 * functions. A guest includes this header, defines `int main(void)`, and links with start.S
 * and link.ld (see Makefile). main's return value is the exit code: 0 means success; any
 * other value makes the run fail (no receipt).
 *
 * exit/write/read use the Linux syscall numbers, so the same ELF runs under qemu-riscv32:
 * there fd 3 (the journal) is whatever the host opened as fd 3, and the private input is stdin.
 *
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
#define ZKGLUE_SYS_SHA256_COMPRESS 0x100
#define ZKGLUE_SYS_POSEIDON2_PERMUTE 0x101
#define ZKGLUE_SYS_MODMUL256 0x102
#define ZKGLUE_SYS_SECP256K1_ADD 0x103
#define ZKGLUE_SYS_SECP256K1_DOUBLE 0x104

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

/* Precompiles (coprocessors). Word layouts as in the ABI table. */

/* state := SHA-256 compression(state, block) (FIPS 180-4 §6.2.2). `state` is H0..H7 as u32
   words; `block` is the 64 message bytes as they lie in memory (the coprocessor reads them
   big-endian, as SHA-256 does, so the guest never reverses bytes). Both 4-aligned, not
   overlapping. */
static inline void zkglue_sha256_compress(uint32_t state[8], const void *block) {
  zkglue_syscall2(ZKGLUE_SYS_SHA256_COMPRESS, (uint32_t)state, (uint32_t)block);
}

/* out := SHA-256(data[0..len)) (FIPS 180-4): padding and byte order in the guest (zkglue_sha256.c), one
   sha256_compress call per 64-byte block. `data` and `out` may have any alignment. */
void zkglue_sha256(const void *data, size_t len, uint8_t out[32]);

/* BabyBear, the field Poseidon2 works over: p = 2^31 - 2^27 + 1. A field element is a u32 < p. */
#define ZKGLUE_BABYBEAR_P 2013265921u

/* state := Poseidon2(state): Plonky3's BabyBear width-16 permutation (S-box x^7, 8 full rounds,
   13 partial rounds, Plonky3's round constants and internal diagonal), in place. `state` is 16
   field elements, 4-aligned; every word must be < ZKGLUE_BABYBEAR_P, else the coprocessor
   refuses the call and the run stops with an error. */
static inline void zkglue_poseidon2_permute(uint32_t state[16]) {
  zkglue_syscall1(ZKGLUE_SYS_POSEIDON2_PERMUTE, (uint32_t)state);
}

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
/* A coprocessor call (ecall n with a0..a3): a coprocessor leaves every register as it was (the
   ABI: its result is a0 unchanged), so unlike zkglue_syscall4 these tell the compiler a0 is only
   read, and calls in a row on the same buffers reuse the registers already loaded (four
   doublings of one point are four ecalls). */
static inline void zkglue_cop4(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a2 __asm__("a2") = a2;
  register uint32_t r_a3 __asm__("a3") = a3;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a7) : "memory");
}

static inline void zkglue_cop2(uint32_t n, uint32_t a0, uint32_t a1) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a1 __asm__("a1") = a1;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a1), "r"(r_a7) : "memory");
}

static inline void zkglue_cop1(uint32_t n, uint32_t a0) {
  register uint32_t r_a0 __asm__("a0") = a0;
  register uint32_t r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(r_a0), "r"(r_a7) : "memory");
}

/* out := a·b mod m over 256-bit integers, 8 little-endian u32 words each; m = 0 means mod 2^256.
   a and b may be >= m; b may be a itself (squaring); otherwise the four buffers must not overlap
   (out := a·a needs an out apart from a), else the coprocessor refuses the call. All 4-aligned. */
static inline void zkglue_modmul256(uint32_t out[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]) {
  zkglue_cop4(ZKGLUE_SYS_MODMUL256, (uint32_t)out, (uint32_t)a, (uint32_t)b, (uint32_t)m);
}

/* secp256k1 (SEC 2 §2.4.1): y^2 = x^3 + 7 over F_p, p = 2^256 - 2^32 - 977. A point is affine,
   x then y, 8 little-endian u32 words each (16 words, 4-aligned), every coordinate < p. */

/* p := p + q (the chord rule). Needs p != ±q (different x): the sum of p and -p is the point at
   infinity, which has no affine form, and p + p is zkglue_secp256k1_double; p and q must not
   overlap. A call that breaks this is refused and the run stops. guest/zkvm_accelerators.h's
   ECDSA functions handle these cases in software and never make such a call. */
static inline void zkglue_secp256k1_add(uint32_t p[16], const uint32_t q[16]) {
  zkglue_cop2(ZKGLUE_SYS_SECP256K1_ADD, (uint32_t)p, (uint32_t)q);
}

/* p := 2p (the tangent rule). Needs y != 0 (no point of the curve has y = 0: the group order is
   odd), else the call is refused and the run stops. */
static inline void zkglue_secp256k1_double(uint32_t p[16]) {
  zkglue_cop1(ZKGLUE_SYS_SECP256K1_DOUBLE, (uint32_t)p);
}

/* The freestanding C runtime gcc may call (runtime.c). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
