/**
 * The M extension's operations that JavaScript numbers do not give directly: the high words of
 * 32×32-bit products (exact via 16-bit limbs, since a full product exceeds 2^53) and division
 * with RISC-V's corner cases (RISC-V unprivileged spec §7.2, table 7.1: x/0 = −1 (all ones
 * unsigned), x%0 = x, −2^31 / −1 = −2^31, −2^31 % −1 = 0). Results are int32.
 */

/** High 32 bits of the unsigned product a·b. */
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff,
    ah = a >>> 16,
    bl = b & 0xffff,
    bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** High 32 bits of the signed product a·b: a signed operand is its unsigned value − 2^32. */
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 32 bits of signed a times unsigned b. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

/** Signed division, truncating. */
export function div(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -0x80000000 && b === -1) return a;
  return (a / b) | 0;
}

/** Unsigned division. */
export function divu(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** Signed remainder, with the sign of the dividend. */
export function rem(a: number, b: number): number {
  if (b === 0) return a;
  return (a % b) | 0;
}

/** Unsigned remainder. */
export function remu(a: number, b: number): number {
  if (b === 0) return a;
  return ((a >>> 0) % (b >>> 0)) | 0;
}
