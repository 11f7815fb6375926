/**
 * The buses of paging (continuations by memory image id, glue/paging/README.md). Declared once
 * here; the page, Merkle-node and permutation tables and the paged memory boundary import them.
 */
import { defineBus } from "../../core/air/bus.js";

/**
 * (in[0..16], out[0..16]): out = Poseidon2(in), Plonky3's BabyBear width-16 permutation. The
 * page and Merkle-node tables send their permutations; the permutation table receives each
 * distinct one with its multiplicity.
 */
export const PERM_BUS = defineBus("rv.perm", 32);
/**
 * (level, index, in[0..8], out[0..8]): node `index` of tree level `level` (0 = the root, 21 =
 * the pages) has digest `in` in the chunk's start image and `out` in its end image. The verifier
 * sends the root (0, 0, start root, end root); a node row receives its own node and sends the
 * children the chunk touched; a page's last row receives its leaf.
 */
export const NODE_BUS = defineBus("rv.node", 18);
/**
 * (memory-bus address, init lo, init hi, final lo, final hi): one word of a paged page, its value
 * in the start image and in the end image. The page table sends every word of every page it
 * hashes; the paged boundary table receives one per row.
 */
export const PAGE_WORD_BUS = defineBus("rv.pageword", 5);
