/**
 * Errors of a guest run and of loading an ELF. A run stops at the first fault with a
 * `GuestError` whose `kind` says what went wrong and whose `pc` and `cycle` say where; the
 * message reads e.g. `illegal instruction 0xffffffff at pc 0x00200810 (cycle 12)`. Nothing is
 * proven for a run that stopped with an error.
 */

/** Why a run stopped abnormally. */
export type GuestErrorKind =
  | "illegal-instruction" // not an RV32IM encoding
  | "csr" // csrr*/csrw*: the ABI has no CSRs
  | "ebreak"
  | "misaligned-access" // lw/sw not 4-aligned, lh/lhu/sh not 2-aligned
  | "misaligned-jump" // a taken jump or branch to a pc that is not 4-aligned
  | "out-of-bounds" // a load/store/syscall buffer outside [0x1000, 0x7800_0000)
  | "fetch" // pc outside the ELF's executable segments
  | "write-to-program" // a store into an executable segment (the program is read-only)
  | "unknown-syscall" // a7 is neither an ABI syscall nor a registered coprocessor
  | "bad-syscall" // an ABI syscall with arguments it does not accept (e.g. an unknown fd)
  | "coprocessor" // a registered coprocessor refused its call
  | "cycle-limit"; // the run exceeded the caller's maximum cycle count

/** A fault of the guest program, at a pc and cycle (0-based count of instructions before it). */
export class GuestError extends Error {
  override readonly name = "GuestError";
  constructor(
    readonly kind: GuestErrorKind,
    readonly pc: number,
    readonly cycle: number,
    what: string,
  ) {
    super(`${what} at pc ${hex32(pc)} (cycle ${cycle})`);
  }
}

/** A file that is not a loadable static RV32 ELF executable, with the reason. */
export class ElfError extends Error {
  override readonly name = "ElfError";
}

/** `0x` followed by exactly eight hex digits of the u32 value of `x`. */
export function hex32(x: number): string {
  return "0x" + (x >>> 0).toString(16).padStart(8, "0");
}
