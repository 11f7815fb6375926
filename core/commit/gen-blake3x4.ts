/**
 * Writes `blake3x4.wat`: BLAKE3 over four messages at once, one per i32x4 lane.
 *
 * The compression function is unrolled (7 rounds × 8 G, the message permutation resolved at
 * generation time into constant load offsets), which is why the WAT comes from this generator
 * rather than by hand: 1,000 lines of straight-line SIMD with the schedule written out are
 * easier to get right as 60 lines of TypeScript. The output is committed, so that the build
 * (scripts/build-wasm.ts) needs nothing but the .wat; test/commit checks it is up to date.
 *
 * Run: `npx tsx core/commit/gen-blake3x4.ts`.
 *
 * Spec: BLAKE3 paper / reference implementation — IV (SHA-256's), message permutation, G with
 * rotations 16, 12, 8, 7, flags CHUNK_START=1 CHUNK_END=2 PARENT=4 ROOT=8 KEYED_HASH=16,
 * 1024-byte chunks of 64-byte blocks, chunk CVs merged into a left-complete binary tree.
 */
import { writeFileSync } from "node:fs";
import { LEAF_BATCH, LEAF_TMP, SCRATCH_BYTES } from "./kernel-layout.js";

const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8]; // BLAKE3 paper, Table 2

// Scratch layout of one call (bytes; every entry is a v128 holding one word of four lanes).
const CV = 0; // 8 words: the chaining value being computed
const MSG = 128; // 16 words: the current block
const KEY = 384; // 8 words: the key, splatted
const STACK = 512; // up to 32 CVs of 8 words: BLAKE3's chunk-CV stack
if (LEAF_TMP !== STACK + 32 * 128) throw new Error("kernel-layout.ts disagrees with the generator");

/** Message word order for each of the 7 rounds. */
function schedules(): number[][] {
  const rounds = [Array.from({ length: 16 }, (_, i) => i)];
  for (let r = 1; r < 7; r++) rounds.push(PERMUTATION.map((p) => rounds[r - 1][p]));
  return rounds;
}

/**
 * The byte shuffle rotating each 32-bit lane right by `bytes` whole bytes. Used for 16 only: V8
 * lowers that one to two word shuffles (pshuflw, pshufhw). By 8 it emits pshufb with its mask
 * rebuilt in a register at every use (vmovq + vpinsrq: with 16 state vectors live, none is free
 * to keep it), so `rotr` by 8 is two shifts and an or instead: hashing 2^16 rows of 64 words on
 * one thread 16.4 → 14.6 ms, alternated (by 16 the shifts were slower, 14.9 ms).
 */
function rotrBytes(bytes: number): string {
  const idx: number[] = [];
  for (let lane = 0; lane < 4; lane++)
    for (let b = 0; b < 4; b++) idx.push(lane * 4 + ((b + bytes) % 4));
  return idx.join(" ");
}

function g(a: number, b: number, c: number, d: number, mx: number, my: number): string {
  const v = (i: number) => `(local.get $v${i})`;
  const m = (i: number) => `(v128.load offset=${MSG + 16 * i} (local.get $s))`;
  const rotr = (x: string, n: number) =>
    `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
  return [
    `    (local.set $v${a} (i32x4.add (i32x4.add ${v(a)} ${v(b)}) ${m(mx)}))`,
    `    (local.set $t (v128.xor ${v(d)} ${v(a)}))`,
    `    (local.set $v${d} (i8x16.shuffle ${rotrBytes(2)} (local.get $t) (local.get $t)))`,
    `    (local.set $v${c} (i32x4.add ${v(c)} ${v(d)}))`,
    `    (local.set $t (v128.xor ${v(b)} ${v(c)}))`,
    `    (local.set $v${b} ${rotr("(local.get $t)", 12)})`,
    `    (local.set $v${a} (i32x4.add (i32x4.add ${v(a)} ${v(b)}) ${m(my)}))`,
    `    (local.set $t (v128.xor ${v(d)} ${v(a)}))`,
    `    (local.set $v${d} ${rotr("(local.get $t)", 8)})`,
    `    (local.set $v${c} (i32x4.add ${v(c)} ${v(d)}))`,
    `    (local.set $t (v128.xor ${v(b)} ${v(c)}))`,
    `    (local.set $v${b} ${rotr("(local.get $t)", 7)})`,
  ].join("\n");
}

function compress(): string {
  const lines: string[] = [];
  lines.push(
    `  ;; cv := first half of compress(cv, msg, counter, blockLen, flags), four lanes at once.`,
  );
  lines.push(
    `  (func $compress (param $s i32) (param $counter i32) (param $blockLen i32) (param $flags i32)`,
  );
  lines.push(
    `    ${Array.from({ length: 16 }, (_, i) => `(local $v${i} v128)`).join(" ")} (local $t v128)`,
  );
  for (let i = 0; i < 8; i++)
    lines.push(`    (local.set $v${i} (v128.load offset=${CV + 16 * i} (local.get $s)))`);
  for (let i = 0; i < 4; i++)
    lines.push(
      `    (local.set $v${8 + i} (v128.const i32x4 ${Array(4)
        .fill(IV[i] | 0)
        .join(" ")}))`,
    );
  lines.push(`    (local.set $v12 (i32x4.splat (local.get $counter)))`);
  lines.push(
    `    (local.set $v13 (v128.const i32x4 0 0 0 0)) ;; counter high word: counters stay below 2^32`,
  );
  lines.push(`    (local.set $v14 (i32x4.splat (local.get $blockLen)))`);
  lines.push(`    (local.set $v15 (i32x4.splat (local.get $flags)))`);
  schedules().forEach((s, r) => {
    lines.push(`    ;; round ${r}`);
    lines.push(
      g(0, 4, 8, 12, s[0], s[1]),
      g(1, 5, 9, 13, s[2], s[3]),
      g(2, 6, 10, 14, s[4], s[5]),
      g(3, 7, 11, 15, s[6], s[7]),
    );
    lines.push(
      g(0, 5, 10, 15, s[8], s[9]),
      g(1, 6, 11, 12, s[10], s[11]),
      g(2, 7, 8, 13, s[12], s[13]),
      g(3, 4, 9, 14, s[14], s[15]),
    );
  });
  for (let i = 0; i < 8; i++) {
    lines.push(
      `    (v128.store offset=${CV + 16 * i} (local.get $s) (v128.xor (local.get $v${i}) (local.get $v${i + 8})))`,
    );
  }
  lines.push(`  )`);
  return lines.join("\n");
}

function copy(toOffset: number, fromOffset: number, words: number, from = "$s", to = "$s"): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(
      `(v128.store offset=${toOffset + 16 * i} (local.get ${to}) (v128.load offset=${fromOffset + 16 * i} (local.get ${from})))`,
    );
  }
  return out.join("\n      ");
}

const HELPERS = `

  ;; Gathers message word $w (a global word index) of rows $r0..$r3 into msg slot $k.
  ;; table[w] = (address of word w in row 0, row stride in bytes): a message may be spread over
  ;; several matrices (segments), each with its own stride. Words at or past the end read as
  ;; zero; the word holding the last bytes of a message whose length is not a multiple of 4 is
  ;; masked, so bytes past the end never reach the hash.
  (func $gather (param $s i32) (param $k i32) (param $w i32) (param $table i32) (param $fullWords i32)
                (param $mask i32) (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
    (local $e i32) (local $base i32) (local $stride i32) (local $x v128)
    (if (i32.le_u (local.get $w) (local.get $fullWords))
      (then
        (if (i32.or (i32.lt_u (local.get $w) (local.get $fullWords)) (local.get $mask))
          (then
            (local.set $e (i32.add (local.get $table) (i32.shl (local.get $w) (i32.const 3))))
            (local.set $base (i32.load (local.get $e)))
            (local.set $stride (i32.load offset=4 (local.get $e)))
            (local.set $x (v128.load32_splat (i32.add (local.get $base) (i32.mul (local.get $r0) (local.get $stride)))))
            (local.set $x (v128.load32_lane 1 (i32.add (local.get $base) (i32.mul (local.get $r1) (local.get $stride))) (local.get $x)))
            (local.set $x (v128.load32_lane 2 (i32.add (local.get $base) (i32.mul (local.get $r2) (local.get $stride))) (local.get $x)))
            (local.set $x (v128.load32_lane 3 (i32.add (local.get $base) (i32.mul (local.get $r3) (local.get $stride))) (local.get $x)))
            (if (i32.eq (local.get $w) (local.get $fullWords))
              (then (local.set $x (v128.and (local.get $x) (i32x4.splat (local.get $mask))))))
            (v128.store offset=${MSG} (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 4))) (local.get $x))
            (return)))))
    (v128.store offset=${MSG} (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 4))) (v128.const i32x4 0 0 0 0)))

  ;; cv := parent(stack[$i], cv): a PARENT compression keyed like every other one.
  (func $parent (param $s i32) (param $i i32) (param $flags i32)
    (local $e i32)
    (local.set $e (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 7))))
    ${copy(MSG + 128, CV, 8)}
    ${copy(MSG, STACK, 8, "$e")}
    ${copy(CV, KEY, 8)}
    (call $compress (local.get $s) (i32.const 0) (i32.const 64) (local.get $flags)))

  ;; The same for a message at one address per lane ($p0..$p3 = address of word $w in each row).
  (func $gatherAt (param $s i32) (param $k i32) (param $w i32) (param $fullWords i32) (param $mask i32)
                  (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32)
    (local $x v128)
    (if (i32.le_u (local.get $w) (local.get $fullWords))
      (then
        (if (i32.or (i32.lt_u (local.get $w) (local.get $fullWords)) (local.get $mask))
          (then
            (local.set $x (v128.load32_splat (local.get $p0)))
            (local.set $x (v128.load32_lane 1 (local.get $p1) (local.get $x)))
            (local.set $x (v128.load32_lane 2 (local.get $p2) (local.get $x)))
            (local.set $x (v128.load32_lane 3 (local.get $p3) (local.get $x)))
            (if (i32.eq (local.get $w) (local.get $fullWords))
              (then (local.set $x (v128.and (local.get $x) (i32x4.splat (local.get $mask))))))
            (v128.store offset=${MSG} (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 4))) (local.get $x))
            (return)))))
    (v128.store offset=${MSG} (i32.add (local.get $s) (i32.shl (local.get $k) (i32.const 4))) (v128.const i32x4 0 0 0 0)))

`;

function mainLoop(header: string, groupSetup: string, gather: string): string {
  return `
  ;; Digest of row r (32 bytes) goes to $out + 32 r. $key: 8 little-endian words (the IV for plain hashing); $keyFlags: 16
  ;; (KEYED_HASH) or 0. $s: ${SCRATCH_BYTES} bytes of scratch owned by this call (16-aligned).
  ;; Rows are taken four at a time; a last group of fewer rows repeats its last row in the spare
  ;; lanes and writes only the real ones.
${header}
    (local $r i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $last i32)
    (local $fullWords i32) (local $mask i32) (local $nChunks i32) (local $c i32) (local $chunkLen i32)
    (local $nBlocks i32) (local $b i32) (local $blockLen i32) (local $flags i32) (local $k i32)
    (local $w i32) (local $stackLen i32) (local $total i32) (local $j i32) (local $i i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $boff i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (if (i32.ge_u (local.get $rowStart) (local.get $rowEnd)) (then (return)))
    ${Array.from({ length: 8 }, (_, i) => `(v128.store offset=${KEY + 16 * i} (local.get $s) (i32x4.splat (i32.load offset=${4 * i} (local.get $key))))`).join("\n    ")}
    (local.set $fullWords (i32.shr_u (local.get $len) (i32.const 2)))
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (i32.shl (i32.and (local.get $len) (i32.const 3)) (i32.const 3))) (i32.const 1)))
    (local.set $nChunks (select (i32.const 1) (i32.shr_u (i32.add (local.get $len) (i32.const 1023)) (i32.const 10)) (i32.eqz (local.get $len))))
    (local.set $last (i32.sub (local.get $rowEnd) (i32.const 1)))
    (local.set $r (local.get $rowStart))
    (loop $rows
      (local.set $r1 (select (i32.add (local.get $r) (i32.const 1)) (local.get $last) (i32.lt_u (local.get $r) (local.get $last))))
      (local.set $r2 (select (i32.add (local.get $r) (i32.const 2)) (local.get $last) (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $last))))
      (local.set $r3 (select (i32.add (local.get $r) (i32.const 3)) (local.get $last) (i32.lt_u (i32.add (local.get $r) (i32.const 2)) (local.get $last))))
      (local.set $stackLen (i32.const 0))
      (local.set $c (i32.const 0))${groupSetup}
      (loop $chunks
        ${copy(CV, KEY, 8)}
        (local.set $chunkLen (i32.sub (local.get $len) (i32.shl (local.get $c) (i32.const 10))))
        (if (i32.gt_u (local.get $chunkLen) (i32.const 1024)) (then (local.set $chunkLen (i32.const 1024))))
        (local.set $nBlocks (select (i32.const 1) (i32.shr_u (i32.add (local.get $chunkLen) (i32.const 63)) (i32.const 6)) (i32.eqz (local.get $chunkLen))))
        (local.set $b (i32.const 0))
        (loop $blocks
          (local.set $blockLen (i32.sub (local.get $chunkLen) (i32.shl (local.get $b) (i32.const 6))))
          (if (i32.gt_u (local.get $blockLen) (i32.const 64)) (then (local.set $blockLen (i32.const 64))))
          (local.set $w (i32.add (i32.shl (local.get $c) (i32.const 8)) (i32.shl (local.get $b) (i32.const 4))))
${gather}
          ;; CHUNK_START on the first block, CHUNK_END on the last, ROOT too if it is the only chunk.
          (local.set $flags (i32.or (local.get $keyFlags) (i32.eqz (local.get $b))))
          (if (i32.eq (local.get $b) (i32.sub (local.get $nBlocks) (i32.const 1)))
            (then
              (local.set $flags (i32.or (local.get $flags) (i32.const 2)))
              (if (i32.eq (local.get $nChunks) (i32.const 1))
                (then (local.set $flags (i32.or (local.get $flags) (i32.const 8)))))))
          (call $compress (local.get $s) (local.get $c) (local.get $blockLen) (local.get $flags))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $blocks (i32.lt_u (local.get $b) (local.get $nBlocks))))
        ;; A chunk that is not the last: merge completed subtrees (one per trailing zero bit of the
        ;; chunk count so far), then push its CV. The last chunk's CV is merged at the end.
        (if (i32.lt_u (local.get $c) (i32.sub (local.get $nChunks) (i32.const 1)))
          (then
            (local.set $total (i32.add (local.get $c) (i32.const 1)))
            (block $merged
              (loop $merge
                (br_if $merged (i32.and (local.get $total) (i32.const 1)))
                (local.set $stackLen (i32.sub (local.get $stackLen) (i32.const 1)))
                (call $parent (local.get $s) (local.get $stackLen) (i32.or (local.get $keyFlags) (i32.const 4)))
                (local.set $total (i32.shr_u (local.get $total) (i32.const 1)))
                (br $merge)))
            (local.set $i (i32.add (local.get $s) (i32.shl (local.get $stackLen) (i32.const 7))))
            ${copy(STACK, CV, 8, "$s", "$i")}
            (local.set $stackLen (i32.add (local.get $stackLen) (i32.const 1)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $chunks (i32.lt_u (local.get $c) (local.get $nChunks))))
      ;; Fold the stack into the root: the last parent gets ROOT.
      (block $folded
        (loop $fold
          (br_if $folded (i32.eqz (local.get $stackLen)))
          (local.set $stackLen (i32.sub (local.get $stackLen) (i32.const 1)))
          (call $parent (local.get $s) (local.get $stackLen)
            (i32.or (i32.or (local.get $keyFlags) (i32.const 4)) (select (i32.const 8) (i32.const 0) (i32.eqz (local.get $stackLen)))))
          (br $fold)))
      ;; Lane j holds row r + j: scatter its 8 words to the row's digest.
      (local.set $j (i32.const 0))
      (loop $lanes
        (if (i32.lt_u (i32.add (local.get $r) (local.get $j)) (local.get $rowEnd))
          (then
            (local.set $i (i32.add (local.get $out) (i32.shl (i32.add (local.get $r) (local.get $j)) (i32.const 5))))
            (local.set $k (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2))))
            ${Array.from({ length: 8 }, (_, i) => `(i32.store offset=${4 * i} (local.get $i) (i32.load offset=${CV + 16 * i} (local.get $k)))`).join("\n            ")}))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $lanes (i32.lt_u (local.get $j) (i32.const 4))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br_if $rows (i32.lt_u (local.get $r) (local.get $rowEnd)))))
`;
}

const TABLE_HEADER = `  ;; Hashes rows [$rowStart, $rowEnd): message of row r = the $len bytes at
  ;; table[w].base + r * table[w].stride, w = 0 .. ceil($len/4) - 1.
  (func $hash_rows (export "hash_rows") (param $table i32) (param $len i32) (param $rowStart i32) (param $rowEnd i32)
                             (param $key i32) (param $keyFlags i32) (param $out i32) (param $s i32)`;

function tableGather(): string {
  // A block wholly inside the message: 16 words unrolled, table entries at constant offsets
  // from $p0 (= &table[w]); $p1 = the entry's base, $p2 = its stride.
  const full: string[] = [];
  const lane = (j: number) =>
    `(i32.add (local.get $p1) (i32.mul (local.get $r${j === 0 ? "" : j}) (local.get $p2)))`;
  for (let k = 0; k < 16; k++) {
    full.push(
      `(local.set $p1 (i32.load offset=${8 * k} (local.get $p0)))`,
      `(local.set $p2 (i32.load offset=${8 * k + 4} (local.get $p0)))`,
      `(v128.store offset=${MSG + 16 * k} (local.get $s) ` +
        `(v128.load32_lane 3 ${lane(3)} (v128.load32_lane 2 ${lane(2)} ` +
        `(v128.load32_lane 1 ${lane(1)} (v128.load32_splat ${lane(0)})))))`,
    );
  }
  return `          (if (i32.le_u (i32.add (local.get $w) (i32.const 16)) (local.get $fullWords))
            (then
              (local.set $p0 (i32.add (local.get $table) (i32.shl (local.get $w) (i32.const 3))))
              ${full.join("\n              ")})
            (else
              (local.set $k (i32.const 0))
              (loop $words
                (call $gather (local.get $s) (local.get $k) (i32.add (local.get $w) (local.get $k)) (local.get $table)
                  (local.get $fullWords) (local.get $mask) (local.get $r) (local.get $r1) (local.get $r2) (local.get $r3))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $words (i32.lt_u (local.get $k) (i32.const 16))))))`;
}

const CONTIG_HEADER = `  ;; Hashes rows [$rowStart, $rowEnd): message of row r = the $len bytes at $base + r * $stride.
  ;; The common case (one matrix, or a layer of digests): no gather table, and a block that lies
  ;; wholly inside the message is loaded with constant offsets, no bounds checks.
  (func $hash_rows_contig (export "hash_rows_contig") (param $base i32) (param $stride i32) (param $len i32) (param $rowStart i32)
                             (param $rowEnd i32) (param $key i32) (param $keyFlags i32) (param $out i32) (param $s i32)`;

const CONTIG_SETUP = `
      (local.set $a0 (i32.add (local.get $base) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $a1 (i32.add (local.get $base) (i32.mul (local.get $r1) (local.get $stride))))
      (local.set $a2 (i32.add (local.get $base) (i32.mul (local.get $r2) (local.get $stride))))
      (local.set $a3 (i32.add (local.get $base) (i32.mul (local.get $r3) (local.get $stride))))`;

function contigGather(): string {
  const p = (j: number) => `(i32.add (local.get $a${j}) (local.get $boff))`;
  const full: string[] = [];
  for (let k = 0; k < 16; k++) {
    full.push(
      `(v128.store offset=${MSG + 16 * k} (local.get $s) ` +
        `(v128.load32_lane offset=${4 * k} 3 (local.get $p3) (v128.load32_lane offset=${4 * k} 2 (local.get $p2) ` +
        `(v128.load32_lane offset=${4 * k} 1 (local.get $p1) (v128.load32_splat offset=${4 * k} (local.get $p0))))))`,
    );
  }
  return `          (local.set $boff (i32.shl (local.get $w) (i32.const 2)))
          (if (i32.le_u (i32.add (local.get $w) (i32.const 16)) (local.get $fullWords))
            (then
              (local.set $p0 ${p(0)})
              (local.set $p1 ${p(1)})
              (local.set $p2 ${p(2)})
              (local.set $p3 ${p(3)})
              ${full.join("\n              ")})
            (else
              (local.set $k (i32.const 0))
              (loop $words
                (call $gatherAt (local.get $s) (local.get $k) (i32.add (local.get $w) (local.get $k))
                  (local.get $fullWords) (local.get $mask) ${p(0)} ${p(1)} ${p(2)} ${p(3)})
                (local.set $boff (i32.add (local.get $boff) (i32.const 4)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br_if $words (i32.lt_u (local.get $k) (i32.const 16))))))`;
}

// Leaves straight to their parents, so the leaf layer never exists in memory: hashing it in
// batches of LEAF_BATCH rows into the call's scratch, then compressing the pairs, spares the
// prover a buffer of H digests (64 MiB at H = 2^21; fresh memory costs more here than hashing).
const FUSED = `
  ;; Leaf digests of rows [$rowStart, $rowEnd) (both even), keyed with $leafKey, then their
  ;; parents: parent p = compress(leaf 2p, leaf 2p + 1) keyed with $nodeKey, written to $out + 32 p.
  ;; Rows come from $table (hash_rows) if it is not 0, else from $base + r * $stride.
  (func (export "leaves_to_parents") (param $table i32) (param $base i32) (param $stride i32) (param $len i32)
        (param $rowStart i32) (param $rowEnd i32) (param $leafKey i32) (param $nodeKey i32) (param $out i32)
        (param $s i32)
    (local $r i32) (local $end i32) (local $tmp i32)
    (local.set $tmp (i32.add (local.get $s) (i32.const ${LEAF_TMP})))
    (local.set $r (local.get $rowStart))
    (block $done
      (loop $batches
        (br_if $done (i32.ge_u (local.get $r) (local.get $rowEnd)))
        (local.set $end (i32.add (local.get $r) (i32.const ${LEAF_BATCH})))
        (if (i32.gt_u (local.get $end) (local.get $rowEnd)) (then (local.set $end (local.get $rowEnd))))
        ;; Leaf r lands at $tmp + 32 (r - batch start): the output base is shifted back (i32
        ;; arithmetic wraps, and so lands exactly).
        (if (local.get $table)
          (then (call $hash_rows (local.get $table) (local.get $len) (local.get $r) (local.get $end)
            (local.get $leafKey) (i32.const 16) (i32.sub (local.get $tmp) (i32.shl (local.get $r) (i32.const 5))) (local.get $s)))
          (else (call $hash_rows_contig (local.get $base) (local.get $stride) (local.get $len) (local.get $r) (local.get $end)
            (local.get $leafKey) (i32.const 16) (i32.sub (local.get $tmp) (i32.shl (local.get $r) (i32.const 5))) (local.get $s))))
        ;; Parent p reads the 64 bytes at $tmp + 64 (p - batch start / 2).
        (call $hash_rows_contig (i32.sub (local.get $tmp) (i32.shl (local.get $r) (i32.const 5))) (i32.const 64) (i32.const 64)
          (i32.shr_u (local.get $r) (i32.const 1)) (i32.shr_u (local.get $end) (i32.const 1))
          (local.get $nodeKey) (i32.const 16) (local.get $out) (local.get $s))
        (local.set $r (local.get $end))
        (br $batches))))
`;

/** The module's text. */
export function generateBlake3x4Wat(): string {
  return [
    `;; Generated by core/commit/gen-blake3x4.ts; do not edit (edit the generator and rerun it).`,
    `;; BLAKE3 (plain or keyed) of four equal-length messages at once, one per i32x4 lane.`,
    `(module`,
    `  (import "env" "memory" (memory 1 65536 shared))`,
    compress(),
    HELPERS,
    mainLoop(TABLE_HEADER, "", tableGather()),
    mainLoop(CONTIG_HEADER, CONTIG_SETUP, contigGather()),
    FUSED,
    `)`,
    ``,
  ].join("\n");
}

if (process.argv[1]?.endsWith("gen-blake3x4.ts")) {
  writeFileSync(new URL("./blake3x4.wat", import.meta.url), generateBlake3x4Wat());
}
