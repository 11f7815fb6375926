/**
 * The page tree: a sparse binary Merkle tree over the 2^21 page digests (layout.ts), nodes
 * compressed with hash.ts's `compress`. Level 0 is the root, level 21 the leaves (page digests);
 * an untouched subtree has the zero digest of its level. Each level keeps only its non-default
 * nodes, in a Map keyed by index. setPage marks the leaf dirty; the next read recomputes only
 * the dirty paths, level by level (shared ancestors once).
 */
import {
  compress,
  type Digest,
  DIGEST_SIZE,
  digestEquals,
  pageDigest,
  zeroDigestsShared,
} from "./hash.js";
import { TREE_DEPTH } from "./layout.js";

function isZeroPage(words: Uint32Array): boolean {
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  return true;
}

export class PageTree {
  /** levels[l]: index → digest, only where it differs from the zero digest of level l. */
  private readonly levels: Map<number, Digest>[];
  /** Leaves set since the last recomputation. */
  private dirty = new Set<number>();
  private readonly zeros = zeroDigestsShared();

  /** An all-zero image's tree. */
  constructor(levels?: Map<number, Digest>[]) {
    this.levels = levels ?? Array.from({ length: TREE_DEPTH + 1 }, () => new Map());
  }

  /**
   * The tree of the pages given (page index → its 256 words); omitted pages are all zero.
   *
   * @example
   * const root = PageTree.fromPages(new Map([[1, words]])).root();
   */
  static fromPages(pages: ReadonlyMap<number, Uint32Array>): PageTree {
    const t = new PageTree();
    for (const [page, words] of pages) {
      if (!isZeroPage(words)) t.setPage(page, pageDigest(words));
      else checkIndex(TREE_DEPTH, page);
    }
    return t;
  }

  /** Sets leaf `page` to `digest` (copied); its path is recomputed at the next read. */
  setPage(page: number, digest: Digest): void {
    checkIndex(TREE_DEPTH, page);
    if (digest.length !== DIGEST_SIZE) {
      throw new RangeError(`PageTree: a digest has ${DIGEST_SIZE} elements, got ${digest.length}`);
    }
    this.put(TREE_DEPTH, page, Uint32Array.from(digest));
    this.dirty.add(page);
  }

  /** The root (level 0). */
  root(): Digest {
    return this.node(0, 0);
  }

  /**
   * Node `index` of level `level` (0 = root, 21 = pages); the level's zero digest where the
   * subtree is all zero. The array is shared with the tree: do not modify it.
   */
  node(level: number, index: number): Digest {
    checkIndex(level, index);
    this.flush();
    return this.levels[level].get(index) ?? this.zeros[level];
  }

  /** An independent copy (digests are never modified in place, so they are shared). */
  clone(): PageTree {
    this.flush();
    return new PageTree(this.levels.map((m) => new Map(m)));
  }

  /** Non-default nodes stored, over all levels. */
  get size(): number {
    return this.levels.reduce((n, m) => n + m.size, 0);
  }

  private put(level: number, index: number, d: Digest): void {
    if (digestEquals(d, this.zeros[level])) this.levels[level].delete(index);
    else this.levels[level].set(index, d);
  }

  /** Recomputes the parents of the dirty leaves, one level at a time. */
  private flush(): void {
    if (this.dirty.size === 0) return;
    let indices = this.dirty;
    this.dirty = new Set();
    for (let level = TREE_DEPTH; level > 0; level--) {
      const parents = new Set<number>();
      for (const i of indices) parents.add(i >>> 1);
      const below = this.levels[level];
      const zero = this.zeros[level];
      for (const p of parents) {
        const left = below.get(2 * p) ?? zero;
        const right = below.get(2 * p + 1) ?? zero;
        this.put(level - 1, p, compress(left, right));
      }
      indices = parents;
    }
  }
}

function checkIndex(level: number, index: number): void {
  if (!(Number.isInteger(level) && level >= 0 && level <= TREE_DEPTH)) {
    throw new RangeError(`PageTree: level ${level} is not in [0, ${TREE_DEPTH}]`);
  }
  if (!(Number.isInteger(index) && index >= 0 && index < 2 ** level)) {
    throw new RangeError(`PageTree: index ${index} is not a node of level ${level}`);
  }
}
