/**
 * The memory image's hashing (glue/paging/README.md), on plain Uint32Arrays, with the Poseidon2
 * permutation (core/poseidon2): the page sponge, the Merkle compression, the image id and the
 * digests of all-zero subtrees. The page and Merkle-node tables prove exactly these
 * permutations (their inputs go to the permutation table on PERM_BUS), so the definitions here
 * are fixed.
 */
import { P } from "../../core/field/babybear.js";
import { permute } from "../../core/poseidon2/reference.js";
import { ABSORBS_PER_PAGE, PAGE_WORDS, TREE_DEPTH, WORDS_PER_ABSORB } from "./layout.js";

/** A digest: 8 field elements (the first half of a permutation's output). */
export type Digest = Uint32Array;

/** Field elements per digest. */
export const DIGEST_SIZE = 8;
const WIDTH = 2 * DIGEST_SIZE;

function checkPage(words: Uint32Array): void {
  if (words.length !== PAGE_WORDS) {
    throw new RangeError(`page hash: a page has ${PAGE_WORDS} words, got ${words.length}`);
  }
}

/**
 * Overwrites state[0..8] with the limbs of words 4k..4k+3: [lo0, hi0, lo1, hi1, ..., hi3],
 * lo = w & 0xffff, hi = w >>> 16 (16-bit limbs are field elements, and the page table has them).
 */
function absorb(state: Uint32Array, words: Uint32Array, k: number): void {
  for (let j = 0; j < WORDS_PER_ABSORB; j++) {
    const w = words[WORDS_PER_ABSORB * k + j];
    state[2 * j] = w & 0xffff;
    state[2 * j + 1] = w >>> 16;
  }
}

/**
 * The 64 permutation inputs of the page sponge of `words` (256 u32). The sponge: the state
 * starts all zero; step k overwrites state[0..8] with the limbs of words 4k..4k+3 (absorb), keeps
 * state[8..16] from the previous output (zeros at k = 0) and permutes. The digest is the final
 * state[0..8].
 */
export function pageSpongeInputs(words: Uint32Array): Uint32Array[] {
  checkPage(words);
  const inputs: Uint32Array[] = [];
  let prev: Uint32Array | undefined;
  for (let k = 0; k < ABSORBS_PER_PAGE; k++) {
    const input = new Uint32Array(WIDTH);
    if (prev) input.set(prev.subarray(DIGEST_SIZE), DIGEST_SIZE);
    absorb(input, words, k);
    inputs.push(input);
    prev = permute(input);
  }
  return inputs;
}

/**
 * The digest of a page (see pageSpongeInputs): 64 permutations, no other allocation.
 *
 * @example
 * const leaf = pageDigest(new Uint32Array(256)); // ZERO_PAGE_DIGEST
 */
export function pageDigest(words: Uint32Array): Digest {
  checkPage(words);
  let state: Uint32Array = new Uint32Array(WIDTH);
  for (let k = 0; k < ABSORBS_PER_PAGE; k++) {
    absorb(state, words, k); // overwrite mode: state[8..16] is the previous output's
    state = permute(state);
  }
  return state.slice(0, DIGEST_SIZE);
}

function checkDigest(d: Digest, what: string): void {
  if (d.length !== DIGEST_SIZE) {
    throw new RangeError(`${what}: a digest has ${DIGEST_SIZE} elements, got ${d.length}`);
  }
}

/** The Merkle compression: permute(left ‖ right)[0..8]. */
export function compress(left: Digest, right: Digest): Digest {
  checkDigest(left, "compress");
  checkDigest(right, "compress");
  const s = new Uint32Array(WIDTH);
  s.set(left);
  s.set(right, DIGEST_SIZE);
  return permute(s).slice(0, DIGEST_SIZE);
}

/**
 * The memory image id: compress(root, [pc, 0, …, 0]) — the page tree's root bound to the pc the
 * image resumes at.
 */
export function imageId(root: Digest, pc: number): Digest {
  if (!(Number.isInteger(pc) && pc >= 0 && pc < P)) {
    throw new RangeError(`imageId: pc ${pc} is not a field element`);
  }
  const tail = new Uint32Array(DIGEST_SIZE);
  tail[0] = pc;
  return compress(root, tail);
}

/** The digest of an all-zero page (the default leaf). */
export const ZERO_PAGE_DIGEST: Digest = pageDigest(new Uint32Array(PAGE_WORDS));

let zeros: readonly Digest[] | undefined;
/** The shared zero digests (not copied: callers inside glue/paging only read them). */
export function zeroDigestsShared(): readonly Digest[] {
  if (zeros === undefined) {
    const z: Digest[] = new Array(TREE_DEPTH + 1);
    z[TREE_DEPTH] = ZERO_PAGE_DIGEST;
    for (let l = TREE_DEPTH - 1; l >= 0; l--) z[l] = compress(z[l + 1], z[l + 1]);
    zeros = z;
  }
  return zeros;
}

/**
 * zeroDigests()[l] is the digest of the all-zero subtree whose root is at level l (0 = the
 * tree's root, 21 = a page: ZERO_PAGE_DIGEST); z[l] = compress(z[l + 1], z[l + 1]). Fresh copies.
 */
export function zeroDigests(): Digest[] {
  return zeroDigestsShared().map((d) => d.slice());
}

/** Two digests are equal. */
export function digestEquals(a: Digest, b: Digest): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The digest as 64 hex digits (8 big-endian 32-bit elements, in order). */
export function digestHex(d: Digest): string {
  let s = "";
  for (const x of d) s += x.toString(16).padStart(8, "0");
  return s;
}

/** The digest of digestHex's 64 hex digits (each element checked canonical). */
export function digestFromHex(hex: string): Digest {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError("digestFromHex: 64 hex digits needed");
  const d = new Uint32Array(DIGEST_SIZE);
  for (let i = 0; i < DIGEST_SIZE; i++) {
    const x = parseInt(hex.slice(8 * i, 8 * i + 8), 16);
    if (x >= P) throw new RangeError(`digestFromHex: element ${i} (${x}) is not below p`);
    d[i] = x;
  }
  return d;
}
