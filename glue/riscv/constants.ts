/**
 * The fixed numbers of the guest ABI (DESIGN.md, "Guest ABI"): the guest memory range, the
 * initial stack pointer and the syscall numbers. Everything that must agree between the loader,
 * the executor, the guest SDK and, later, the AIRs is named here once.
 */

/** First guest address; [0, 0x1000) is unmapped so that null pointers fault. */
export const MEM_START = 0x0000_1000;
/** One past the last guest address; every address fits one BabyBear element (< p). */
export const MEM_END = 0x7800_0000;
/** Initial x2 (sp); the stack grows down towards MEM_START, programs load above it. */
export const STACK_TOP = 0x0020_0400;

/** Syscall numbers (a7). Coprocessors use numbers ≥ COPROCESSOR_MIN. */
export const SYS_TERMINATE = 0;
export const SYS_READ = 63;
export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
export const COPROCESSOR_MIN = 0x100;

/** File descriptors the `write` syscall accepts. */
export const FD_STDOUT = 1;
export const FD_STDERR = 2;
export const FD_JOURNAL = 3;

/** True when the byte range [addr, addr + len) lies inside guest memory (len ≥ 0). */
export function inGuestMemory(addr: number, len: number): boolean {
  return addr >= MEM_START && addr <= MEM_END && len <= MEM_END - addr;
}
