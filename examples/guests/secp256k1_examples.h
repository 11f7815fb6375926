/*
 * The bodies of the ECDSA and modexp example guests, one per workload, each given the function
 * it measures: ecdsa_verify_cop.c passes zkvm_secp256k1_verify (the coprocessors),
 * ecdsa_verify_sw.c its software twin zkglue_sw_secp256k1_verify (zkglue_sw.h), and so on, so
 * each pair runs the same code and commits the same journal.
 *
 * Each reads its case from the private input, or, when the input is empty, uses the case built in
 * here (what `zkglue savings` and the benchmark run); an input of the wrong length fails the run
 * (exit code 2). The journal states what was checked, then the answer:
 *   ecdsa_verify  input msg(32) ‖ sig r‖s(64) ‖ pubkey x‖y(64)      journal msg ‖ pubkey ‖ status ‖ verified
 *   ecrecover     input msg(32) ‖ sig r‖s(64) ‖ recid(1)            journal msg ‖ status ‖ pubkey (0s if none)
 *   modexp256     input base_len, exp_len, mod_len (u32 LE) ‖ base ‖ exp ‖ mod (big-endian)
 *                 journal the input ‖ status ‖ the mod_len bytes of base^exp mod mod
 * status is zkvm_status as i32 LE (0 ZKVM_EOK, −1 ZKVM_EFAIL), verified a u32 (0 or 1). Byte
 * strings are big-endian, as Ethereum's. The built-in signature is @noble/curves' (RFC 6979) for
 * the key sha256("zkglue example secp256k1 key") on sha256("zkglue: ECDSA verify example
 * message"); it verifies, and recovers with recid 1.
 */
#ifndef SECP256K1_EXAMPLES_H
#define SECP256K1_EXAMPLES_H

#include "zkglue.h"
#include "zkvm_accelerators.h"

typedef zkvm_status verify_fn(const zkvm_secp256k1_hash *, const zkvm_secp256k1_signature *,
                              const zkvm_secp256k1_pubkey *, bool *);
typedef zkvm_status recover_fn(const zkvm_secp256k1_hash *, const zkvm_secp256k1_signature *, uint8_t,
                               zkvm_secp256k1_pubkey *);
typedef zkvm_status modexp_fn(const uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *);

#define EXAMPLE_MSG                                                                                       \
  {0x85, 0x37, 0xef, 0x6c, 0xf5, 0x54, 0xfb, 0xd0, 0xc0, 0xb3, 0xbe, 0xec, 0xb6, 0x35, 0x34, 0x2c,        \
   0xa1, 0x09, 0x16, 0x54, 0xb4, 0x30, 0xa7, 0x01, 0xd9, 0x22, 0x6e, 0x10, 0xf4, 0x5c, 0x66, 0xe3}
#define EXAMPLE_SIG                                                                                       \
  {0xe9, 0x60, 0xcf, 0xf7, 0xf9, 0xdd, 0x71, 0xc2, 0xc2, 0xbc, 0xb8, 0x0f, 0x3c, 0xde, 0x91, 0x74,        \
   0xb2, 0x7f, 0xe8, 0x2e, 0xb3, 0x31, 0x6e, 0x7a, 0x57, 0x2a, 0x83, 0x47, 0x51, 0x3f, 0x2f, 0x27,        \
   0x59, 0x95, 0x91, 0x61, 0x75, 0x9d, 0x1c, 0x8d, 0xfe, 0x47, 0x46, 0x26, 0x7f, 0x8d, 0x94, 0x50,        \
   0xab, 0x7d, 0xff, 0xca, 0x6d, 0x4e, 0xd1, 0x62, 0xd2, 0x97, 0x10, 0x0b, 0x38, 0x99, 0x93, 0x65}
#define EXAMPLE_PUB                                                                                       \
  {0x4c, 0x0a, 0xbd, 0xe9, 0x5b, 0xb4, 0x1b, 0x2b, 0x1d, 0x6b, 0xec, 0x5c, 0xb9, 0x0c, 0x9f, 0xf6,        \
   0x81, 0x0d, 0x4b, 0x63, 0x8a, 0xf0, 0x81, 0x8f, 0x38, 0x58, 0x3a, 0xb9, 0xc8, 0xa1, 0xba, 0xa9,        \
   0x88, 0x36, 0x16, 0x39, 0x67, 0x65, 0xef, 0x89, 0x4d, 0x91, 0xb0, 0xfe, 0xc8, 0xa3, 0x64, 0x13,        \
   0xe0, 0x6d, 0xa1, 0x87, 0xf8, 0x1c, 0x9d, 0x2b, 0xaf, 0x6c, 0x12, 0xa6, 0x77, 0x64, 0x0f, 0x8b}

/* Reads the whole private input into buf (cap bytes); returns its length, or cap + 1 if longer. */
static inline size_t example_input(void *buf, size_t cap) {
  size_t n = zkglue_read_input(buf, cap);
  uint8_t more;
  return n == cap && zkglue_read(&more, 1) != 0 ? cap + 1 : n;
}

typedef struct {
  zkvm_secp256k1_hash msg;
  zkvm_secp256k1_signature sig;
  zkvm_secp256k1_pubkey pub;
} verify_case;

static inline int ecdsa_verify_main(verify_fn *verify) {
  static const verify_case builtin = {{EXAMPLE_MSG}, {EXAMPLE_SIG}, {EXAMPLE_PUB}};
  verify_case in;
  size_t n = example_input(&in, sizeof in);
  if (n != 0 && n != sizeof in) return 2;
  const verify_case *c = n == 0 ? &builtin : &in;
  bool verified = false;
  int32_t status = verify(&c->msg, &c->sig, &c->pub, &verified);
  zkglue_commit(c->msg.data, 32);
  zkglue_commit(c->pub.data, 64);
  zkglue_commit_u32((uint32_t)status);
  zkglue_commit_u32(verified);
  return 0;
}

typedef struct {
  zkvm_secp256k1_hash msg;
  zkvm_secp256k1_signature sig;
  uint8_t recid;
} recover_case;

static inline int ecrecover_main(recover_fn *recover) {
  static const recover_case builtin = {{EXAMPLE_MSG}, {EXAMPLE_SIG}, 1};
  recover_case in;
  size_t n = example_input(&in, 97);
  if (n != 0 && n != 97) return 2;
  const recover_case *c = n == 0 ? &builtin : &in;
  zkvm_secp256k1_pubkey pub = {{0}};
  int32_t status = recover(&c->msg, &c->sig, c->recid, &pub);
  if (status != ZKVM_EOK)
    for (int i = 0; i < 64; i++) pub.data[i] = 0;
  zkglue_commit(c->msg.data, 32);
  zkglue_commit_u32((uint32_t)status);
  zkglue_commit(pub.data, 64);
  return 0;
}

/* The largest modexp input read: 4 KiB. */
#define MODEXP_INPUT_CAP 4096

static inline int modexp256_main(modexp_fn *modexp) {
  /* 256-bit base, exponent and modulus: sha256 of "zkglue modexp base", "… exponent" and
     "… modulus", the last two with their top bit set and the modulus odd. */
  static const uint8_t builtin[12 + 96] = {
      32, 0, 0, 0, 32, 0, 0, 0, 32, 0, 0, 0,
      0x45, 0xb9, 0x84, 0xef, 0x39, 0xd7, 0xe5, 0x6a, 0xed, 0x8f, 0x64, 0xc8, 0xa3, 0x2b, 0x35, 0x6f,
      0x40, 0x6f, 0xf5, 0xbb, 0x3e, 0x1c, 0x07, 0x83, 0xa6, 0x2d, 0x7b, 0xd0, 0x9a, 0x9a, 0xf1, 0xd4,
      0x85, 0x61, 0x43, 0x04, 0x95, 0x5d, 0xfc, 0xf6, 0x13, 0xb9, 0x05, 0x89, 0x09, 0x21, 0x37, 0xfd,
      0x9c, 0x92, 0xbb, 0xd7, 0xde, 0x12, 0x60, 0xc9, 0xc6, 0x8c, 0xcb, 0x57, 0xb5, 0x34, 0x5c, 0xc4,
      0xb3, 0x73, 0x2a, 0x14, 0x84, 0xe2, 0xee, 0x19, 0x2d, 0x03, 0x7c, 0xe2, 0x90, 0x8a, 0x04, 0x09,
      0x4c, 0x58, 0x3f, 0x17, 0x32, 0xca, 0x5c, 0x0a, 0x3e, 0xd2, 0x23, 0x81, 0x1a, 0x35, 0xa4, 0x4b};
  static uint32_t in_words[MODEXP_INPUT_CAP / 4];
  static uint8_t out[MODEXP_INPUT_CAP];
  const uint8_t *in = (const uint8_t *)in_words;
  size_t n = example_input(in_words, sizeof in_words);
  if (n == 0) in = builtin, n = sizeof builtin;
  if (n < 12) return 2;
  const uint32_t *len = (const uint32_t *)in;
  size_t base_len = len[0], exp_len = len[1], mod_len = len[2];
  if (base_len > n || exp_len > n || mod_len > n || 12 + base_len + exp_len + mod_len != n) return 2;
  const uint8_t *base = in + 12, *exp = base + base_len, *mod = exp + exp_len;
  int32_t status = modexp(base, base_len, exp, exp_len, mod, mod_len, out);
  zkglue_commit(in, n);
  zkglue_commit_u32((uint32_t)status);
  zkglue_commit(out, mod_len);
  return 0;
}

#endif
