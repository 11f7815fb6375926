/**
 * Guest memory: the range [0x1000, 0x7800_0000) as 64 KiB pages of 32-bit words, allocated on
 * the first store (a page never stored to reads as zero). A guest touches a few pages, so a run
 * costs kilobytes to megabytes, not the 2 GiB of a flat array.
 *
 * Page lookup is two loads: `index` (a Uint16Array over all 30720 page numbers) gives a slot
 * in `slots`, and slot 0 is a shared all-zero page that is only ever read. A JS array with one
 * entry per page would be a 240 KB large-object allocation per run; on the machine we measured,
 * first-touch page faults cost ~14 µs per 4 KiB, which made that alone ~1 ms per run.
 *
 * Words are held as signed int32 (the register representation); byte and halfword accesses are
 * shifts and masks of the enclosing word, which is also the shape the memory AIR sees (word
 * address, word value). Callers check bounds and alignment first (the executor reports faults
 * with pc and cycle); these methods trust their arguments.
 */
import { MEM_END } from "./constants.js";
import type { Program } from "./elf.js";

/** log2 of the page size in bytes. */
export const PAGE_BITS = 16;
const PAGE_WORDS = 1 << (PAGE_BITS - 2);
const WORD_MASK = (1 << PAGE_BITS) - 1;
const NUM_PAGES = MEM_END >>> PAGE_BITS;

/** Pages of `T` words allocated on demand, with slot 0 the shared zero page. */
export class PageTable<T extends Int32Array | Uint32Array> {
  /** Page number → slot in `slots`; 0 = never written (reads as zero). */
  readonly index = new Uint16Array(NUM_PAGES);
  /** Slot → page; slot 0 is the zero page, which must never be written. */
  readonly slots: T[];

  constructor(private readonly make: (words: number) => T) {
    this.slots = [make(PAGE_WORDS)];
  }

  /** The writable page holding `addr`, allocated if needed. */
  page(addr: number): T {
    const n = addr >>> PAGE_BITS;
    let slot = this.index[n];
    if (slot === 0) {
      slot = this.slots.length;
      this.slots.push(this.make(PAGE_WORDS));
      this.index[n] = slot;
    }
    return this.slots[slot];
  }

  /** Word `addr` (4-aligned) as stored. */
  get(addr: number): number {
    return this.slots[this.index[addr >>> PAGE_BITS]][(addr & WORD_MASK) >>> 2];
  }

  /** Stores word `addr` (4-aligned). */
  set(addr: number, value: number): void {
    this.page(addr)[(addr & WORD_MASK) >>> 2] = value;
  }

  /** Page numbers that have been written, ascending. */
  touchedPages(): number[] {
    const out: number[] = [];
    for (let n = 0; n < NUM_PAGES; n++) if (this.index[n] !== 0) out.push(n);
    return out;
  }
}

/** Lazily paged guest memory. */
export class GuestMemory extends PageTable<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }

  /** The word at 4-aligned `addr` (as int32). */
  loadWord(addr: number): number {
    return this.get(addr);
  }

  /** Stores `value` (taken mod 2^32) at 4-aligned `addr`. */
  storeWord(addr: number, value: number): void {
    this.set(addr, value);
  }

  /** The byte at `addr`. */
  loadByte(addr: number): number {
    return (this.get(addr & ~3) >>> ((addr & 3) << 3)) & 0xff;
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
      const w = this.get(a & ~3);
      this.set(a & ~3, (w & ~(0xff << sh)) | (bytes[i] << sh));
    }
  }

  /** Places the program's segments (the bytes past each file image stay zero). */
  loadProgram(program: Program): void {
    for (const s of program.segments) this.writeBytes(s.vaddr, s.data);
  }
}
