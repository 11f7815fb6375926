/**
 * How guest memory and the registers are cut into pages for the memory image
 * (glue/paging/README.md): 1 KiB pages of 256 words, leaves of a binary Merkle tree of depth 21
 * (2^21 pages × 1 KiB = 2 GiB covers the guest range below 0x7800_0000).
 *
 * Page p ≥ 1 holds the guest words 256p .. 256p + 255 (byte addresses 1024p .. 1024p + 1023),
 * memory-bus addresses 32 + 256p + s. Guest page 0 (bytes below 0x400) lies below the guest range
 * (0x1000) and is never accessible, so leaf 0 holds the *register page* instead: slot s is
 * memory-bus address s (x0..x31 in slots 0..31; slots 32..255 are memory-bus addresses of guest
 * words 0..223, inaccessible, always 0).
 */

/** Words per page (1 KiB). */
export const PAGE_WORDS = 256;
/** Depth of the page tree: level 0 is the root, level TREE_DEPTH the 2^21 pages. */
export const TREE_DEPTH = 21;
/** The register page's index (leaf 0). */
export const REGISTER_PAGE = 0;
/** Words absorbed per sponge step (4 words = 8 limbs: the permutation's rate). */
export const WORDS_PER_ABSORB = 4;
/** Sponge steps (permutations) per page. */
export const ABSORBS_PER_PAGE = PAGE_WORDS / WORDS_PER_ABSORB;

/** The memory-bus address of slot `slot` of page `page`. */
export function pageAddress(page: number, slot: number): number {
  return page === REGISTER_PAGE ? slot : 32 + PAGE_WORDS * page + slot;
}

/** The page holding memory-bus address `addr` (registers: the register page). */
export function pageOf(addr: number): number {
  if (addr < PAGE_WORDS) return REGISTER_PAGE; // registers, and inaccessible guest words 0..223
  if (addr < PAGE_WORDS + 32)
    throw new RangeError(`memory-bus address ${addr} (guest word ${addr - 32}) is in no page`);
  return Math.floor((addr - 32) / PAGE_WORDS);
}
