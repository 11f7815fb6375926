/**
 * The load/store AIR's constants: the guest range's end as a bound on the address's high limb,
 * and the program text's word range (a constant of the per-program load/store, io and writable
 * AIRs: stores, input and coprocessor writes never land there).
 */
import { MEM_END } from "../../riscv/constants.js";

/**
 * addr_hi < ADDR_HI_END (= 0x7800): byte addresses below MEM_END, the guest range's end. The same
 * bound is w >>> 14 < ADDR_HI_END for a word index w (w < 0x1E00_0000).
 */
export const ADDR_HI_END = MEM_END >>> 16;

/** The program's text (code) as a range [lo, hi) of word indices; stores there have no proof. */
export interface TextRange {
  lo: number;
  hi: number;
}
