/**
 * The memory-bus address range the boundary table accepts, and the limb split that proves it:
 * registers 0..31, then the guest words below MEM_END (the guest range's end).
 */
import { MEM_END } from "../../riscv/constants.js";

/** One past the last memory-bus address: 32 registers, then the guest words below MEM_END. */
export const MEMORY_END = 32 + MEM_END / 4; // 0x1E00_0020
/** addr + ADDR_OFFSET = aLo + 2^16·aHi: the offset makes MEMORY_END a multiple of 2^16. */
export const ADDR_OFFSET = 0x1_0000 - 32;
/** aHi < HI_END (= 0x1E01), proven as aHi + (2^14 − HI_END) < 2^14. */
export const HI_END = (MEMORY_END + ADDR_OFFSET) / 65536;
