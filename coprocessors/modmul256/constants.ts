/**
 * modmul256 (DESIGN.md, syscall 0x102): out := a·b mod m over 256-bit integers held as 8
 * little-endian u32 words each; m = 0 means mod 2^256.
 */

/** The guest ABI's syscall number of modmul256. */
export const MODMUL256_SYSCALL = 0x102;

/** Words per 256-bit operand. */
export const WORDS = 8;
