/**
 * The paging tables of one chunk, built after its segments from the memory state they leave:
 * which pages it touched, their words at its start and end, the paged memory boundary over every
 * word of those pages, the page sponges, the Merkle nodes on their paths and the permutations
 * both use — and the end image's page tree, which the next chunk starts from.
 */
import type { ChipTrace } from "../chip.js";
import { boundaryTrace, type BoundaryEntry } from "../chips/memory/trace.js";
import type { MachineShadow } from "../chips/state.js";
import { TraceGenerationError } from "../chips/state.js";
import type { Lookups } from "../chips/table.js";
import type { ChunkStart } from "../riscv/chunks.js";
import { pageDigest } from "./hash.js";
import { startWords } from "./image.js";
import { PAGE_WORDS, pageAddress, pageOf, REGISTER_PAGE } from "./layout.js";
import { merkleTrace } from "./merkle/index.js";
import { type PagedPage, pageTrace } from "./page/index.js";
import { permutationTrace } from "./permutation/index.js";
import type { PageTree } from "./tree.js";

/** A chunk's initial memory as the replay sees it: memory-bus address → nonzero word. */
export function chunkImageMap(start: ChunkStart): Map<number, number> {
  const image = new Map<number, number>();
  for (let r = 1; r < 32; r++) if (start.regs[r] !== 0) image.set(r, start.regs[r]);
  for (const [page, words] of start.pages) {
    if (page === REGISTER_PAGE) continue; // guest page 0 lies below the guest range
    for (let s = 0; s < PAGE_WORDS; s++)
      if (words[s] !== 0) image.set(pageAddress(page, s), words[s]);
  }
  return image;
}

/** The pages a chunk touched (the register page always), ascending. */
function touchedPages(shadow: MachineShadow): number[] {
  const pages = new Set<number>([REGISTER_PAGE]);
  for (const a of shadow.memTs.keys()) pages.add(pageOf(a));
  return [...pages].sort((x, y) => x - y);
}

/** The paging tables by chip name, the end image's tree, and how many pages were paged. */
export interface PagingTables {
  tables: Map<string, ChipTrace>;
  endTree: PageTree;
  /** The pages paged in and out, ascending (the register page first). */
  pages: number[];
}

/**
 * The paging tables of the chunk that starts at `start` (whose image's tree is `startTree`) and
 * leaves memory as `shadow` holds it; counts the boundary's and the page table's lookups.
 * Throws if `startTree` is not the tree of `start`'s memory on a page the chunk touched.
 */
export function pagingTables(
  start: ChunkStart,
  startTree: PageTree,
  shadow: MachineShadow,
  lookups: Lookups,
): PagingTables {
  const endTree = startTree.clone();
  const entries: BoundaryEntry[] = [];
  const pages: PagedPage[] = touchedPages(shadow).map((page) => {
    const init = startWords(start, page);
    const leaf = startTree.node(21, page);
    if (!sameDigest(leaf, pageDigest(init)))
      throw new TraceGenerationError(
        `chunk ${start.index}: page ${page} is not the start image's (its digest differs from the tree's leaf)`,
      );
    const final = new Uint32Array(PAGE_WORDS);
    for (let s = 0; s < PAGE_WORDS; s++) {
      const addr = pageAddress(page, s);
      final[s] = shadow.get(addr);
      entries.push({
        addr,
        init: init[s],
        inImage: false,
        final: final[s],
        finalTs: shadow.ts(addr),
      });
    }
    endTree.setPage(page, pageDigest(final));
    return { page, init, final };
  });
  const page = pageTrace(pages, lookups);
  const merkle = merkleTrace(
    (l, i) => startTree.node(l, i),
    (l, i) => endTree.node(l, i),
    pages.map((p) => p.page),
    lookups,
  );
  const perm = permutationTrace([...page.perms, ...merkle.perms]);
  const tables = new Map<string, ChipTrace>([
    ["rv.pagedboundary", { main: boundaryTrace(lookups, entries, true), rows: entries.length }],
    ["rv.page", { main: page.main, rows: page.rows }],
    ["rv.merkle", { main: merkle.main, rows: merkle.rows }],
    ["rv.perm", { main: perm, rows: countRows(perm) }],
  ]);
  return { tables, endTree, pages: pages.map((p) => p.page) };
}

function sameDigest(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Real rows of the permutation table (isReal is its first column). */
function countRows(m: { values: Uint32Array; width: number; height: number }): number {
  let n = 0;
  for (let r = 0; r < m.height; r++) if (m.values[r * m.width] !== 0) n++;
  return n;
}
