/**
 * A chunk's start image as a page tree (glue/paging/README.md): its guest pages and the register
 * page; and a program's initial image root, which its chain program id binds. Shared by the
 * prover and the verifier.
 */
import { TraceGenerationError } from "../chips/state.js";
import { type ChunkStart, initialChunkStart } from "../riscv/chunks.js";
import type { Program } from "../riscv/elf.js";
import { PAGE_WORDS, REGISTER_PAGE } from "./layout.js";
import { PageTree } from "./tree.js";

/** The words of page `page` at a chunk's start: the registers, or guest memory. */
export function startWords(start: ChunkStart, page: number): Uint32Array {
  if (page !== REGISTER_PAGE) return start.pages.get(page) ?? new Uint32Array(PAGE_WORDS);
  const words = new Uint32Array(PAGE_WORDS);
  words.set(start.regs);
  words[0] = 0;
  return words;
}

/** The page tree of a chunk's start image: its guest pages and the register page. */
export function startTree(start: ChunkStart): PageTree {
  const pages = new Map<number, Uint32Array>();
  for (const [page, words] of start.pages) {
    if (page === REGISTER_PAGE)
      throw new TraceGenerationError("guest page 0 (bytes below 0x400) is not guest memory");
    pages.set(page, words);
  }
  pages.set(REGISTER_PAGE, startWords(start, REGISTER_PAGE));
  return PageTree.fromPages(pages);
}

/** The initial image root of `program` (its memory and registers before the first cycle). */
export function initialRoot(program: Program): Uint32Array {
  return startTree(initialChunkStart(program)).root();
}
