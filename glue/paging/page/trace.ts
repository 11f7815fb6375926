/**
 * The rows of the page table: 64 per paged page, each one sponge step of the page's start and
 * end contents (air.ts), and every permutation input they send (for the permutation table).
 */
import type { Matrix } from "../../../core/field/matrix.js";
import { permute } from "../../../core/poseidon2/reference.js";
import { type Lookups, TableBuilder } from "../../chips/table.js";
import {
  ABSORBS_PER_PAGE,
  PAGE_WORDS,
  REGISTER_PAGE,
  TREE_DEPTH,
  WORDS_PER_ABSORB,
} from "../layout.js";
import { pageCols } from "./columns.js";

/** A page a chunk pages: its words at the chunk's start and at its end (256 each). */
export interface PagedPage {
  page: number;
  init: Uint32Array;
  final: Uint32Array;
}

/** The page table's matrix, its real rows, and the permutation inputs it sends (two per row). */
export interface PageTrace {
  main: Matrix;
  rows: number;
  perms: Uint32Array[];
}

const C = pageCols.index;

function checkPages(pages: readonly PagedPage[]): void {
  pages.forEach((p, i) => {
    if (!(Number.isInteger(p.page) && p.page >= 0 && p.page < 2 ** TREE_DEPTH))
      throw new RangeError(`page table: page ${p.page} is not a leaf of the page tree`);
    if (i > 0 && !(p.page > pages[i - 1].page))
      throw new RangeError(`page table: pages ${pages[i - 1].page}, ${p.page} are not sorted`);
    if (p.init.length !== PAGE_WORDS || p.final.length !== PAGE_WORDS)
      throw new RangeError(`page table: page ${p.page} needs ${PAGE_WORDS} words in each image`);
  });
}

/**
 * Writes one image's step: its limbs into `lo`/`hi` columns, the capacity `cap` into `capCol`,
 * the output into `outCol`; returns the permutation input.
 */
function step(
  v: Uint32Array,
  o: number,
  words: Uint32Array,
  k: number,
  cap: Uint32Array,
  cols: { lo: number; hi: number; cap: number; out: number },
): { input: Uint32Array; output: Uint32Array } {
  const input = new Uint32Array(16);
  for (let j = 0; j < WORDS_PER_ABSORB; j++) {
    const w = words[WORDS_PER_ABSORB * k + j];
    input[2 * j] = w & 0xffff;
    input[2 * j + 1] = w >>> 16;
    v[o + cols.lo + j] = w & 0xffff;
    v[o + cols.hi + j] = w >>> 16;
  }
  input.set(cap, 8);
  const output = permute(input);
  v.set(cap, o + cols.cap);
  v.set(output, o + cols.out);
  return { input, output };
}

const START = { lo: C.initLo, hi: C.initHi, cap: C.capIn, out: C.outIn };
const END = { lo: C.finLo, hi: C.finHi, cap: C.capOut, out: C.outOut };

/**
 * The page table of `pages` (sorted by page index, each paged once); counts its U16 lookups
 * (63 − k on every real row).
 */
export function pageTrace(pages: readonly PagedPage[], lookups: Lookups): PageTrace {
  checkPages(pages);
  const t = new TableBuilder(pageCols.width, pages.length * ABSORBS_PER_PAGE);
  const perms: Uint32Array[] = [];
  for (const { page, init, final } of pages) {
    let capIn = new Uint32Array(8);
    let capOut = new Uint32Array(8);
    for (let k = 0; k < ABSORBS_PER_PAGE; k++) {
      const o = t.row();
      const v = t.values;
      v[o + C.isReal] = 1;
      v[o + C.page] = page;
      v[o + C.isRegs] = page === REGISTER_PAGE ? 1 : 0;
      v[o + C.k] = k;
      v[o + C.last] = k === ABSORBS_PER_PAGE - 1 ? 1 : 0;
      const a = step(v, o, init, k, capIn, START);
      const b = step(v, o, final, k, capOut, END);
      perms.push(a.input, b.input);
      capIn = a.output.slice(8);
      capOut = b.output.slice(8);
      lookups.range16(ABSORBS_PER_PAGE - 1 - k);
    }
  }
  return { main: t.finish(), rows: t.height, perms };
}
