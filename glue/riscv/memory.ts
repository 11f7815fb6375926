/**
 * Guest memory: the 2 GiB − 4 KiB range [0x1000, 0x7800_0000) as 64 KiB pages of 32-bit
 * words, allocated on the first store (a page never stored to reads as zero). A guest touches
 * a few pages, so a run costs megabytes, not the gigabytes of a flat array. Words are held as
 * signed int32 (the register representation); byte and halfword accesses are shifts and masks
 * of the enclosing word, which is also the shape the memory AIR sees (word address, word value).
 *
 * Callers check bounds and alignment first (the executor reports faults with pc and cycle);
 * these methods trust their arguments.
 */
import { MEM_END } from "./constants.js";
import type { Program } from "./elf.js";

/** log2 of the page size in bytes. */
export const PAGE_BITS = 16;
const PAGE_WORDS = 1 << (PAGE_BITS - 2);
const WORD_MASK = (1 << PAGE_BITS) - 1;

/** Lazily paged guest memory. */
export class GuestMemory {
  /** Page `a >>> 16` holds the words of [a & ~0xffff, +64 KiB); undefined = all zero. */
  readonly pages: (Int32Array | undefined)[] = new Array(MEM_END >>> PAGE_BITS).fill(undefined);

  /** The page holding `addr`, allocated if needed. */
  page(addr: number): Int32Array {
    const n = addr >>> PAGE_BITS;
    let p = this.pages[n];
    if (p === undefined) this.pages[n] = p = new Int32Array(PAGE_WORDS);
    return p;
  }

  /** The word at 4-aligned `addr` (as int32). */
  loadWord(addr: number): number {
    const p = this.pages[addr >>> PAGE_BITS];
    return p === undefined ? 0 : p[(addr & WORD_MASK) >>> 2];
  }

  /** Stores `value` (taken mod 2^32) at 4-aligned `addr`. */
  storeWord(addr: number, value: number): void {
    this.page(addr)[(addr & WORD_MASK) >>> 2] = value;
  }

  /** The byte at `addr`. */
  loadByte(addr: number): number {
    return (this.loadWord(addr & ~3) >>> ((addr & 3) << 3)) & 0xff;
  }

  /** Copies `len` bytes starting at `addr` out of guest memory. */
  readBytes(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = this.loadByte(addr + i);
    return out;
  }

  /** Copies `bytes` into guest memory at `addr`. */
  writeBytes(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const a = addr + i;
      const sh = (a & 3) << 3;
      const w = this.loadWord(a & ~3);
      this.storeWord(a & ~3, (w & ~(0xff << sh)) | (bytes[i] << sh));
    }
  }

  /** Places the program's segments (the bytes past each file image stay zero). */
  loadProgram(program: Program): void {
    for (const s of program.segments) this.writeBytes(s.vaddr, s.data);
  }
}
