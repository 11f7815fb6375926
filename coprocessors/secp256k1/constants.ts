/**
 * secp256k1 point operations (DESIGN.md, syscalls 0x103 and 0x104): affine points over the
 * base field F_p, p = 2^256 − 2^32 − 977, held as x‖y, each coordinate 8 little-endian u32
 * words (16 words per point).
 */

/** The guest ABI's syscall number of secp256k1_add (p := p + q). */
export const SECP256K1_ADD_SYSCALL = 0x103;
/** The guest ABI's syscall number of secp256k1_double (p := 2p). */
export const SECP256K1_DOUBLE_SYSCALL = 0x104;

/** Words per coordinate. */
export const COORD_WORDS = 8;
/** Words per affine point (x then y). */
export const POINT_WORDS = 16;

/** The base field's prime. */
export const SECP256K1_P = 2n ** 256n - 2n ** 32n - 977n;
/** The group order. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
