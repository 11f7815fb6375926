/**
 * Continuations by memory image id: a run proven as a chain of chunks verifies with the whole
 * run's journal, pages every kind of page and leaves untouched ones as they were; chunks prove
 * alone, in any order, on worker processes; and a chain with a dropped, reordered, repeated or
 * foreign chunk, a forged page, a changed register at a boundary, a chunk that claims to halt in
 * the middle or a tampered end root is rejected.
 */
import { readFileSync } from "node:fs";
import { serializeLinkedProof } from "../../core/stark/serialize.js";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import {
  type ChainReceipt,
  chainProgramIdOf,
  chainReceiptOf,
  parseChainReceipt,
  type ProvenChain,
  proveChain,
  serializeChainReceipt,
  verifyChainReceipt,
} from "../../glue/paging/chain.js";
import {
  chainMachines,
  type ChunkProof,
  proveChunk,
  startTree,
} from "../../glue/paging/chunk-proof.js";
import { TREE_DEPTH } from "../../glue/paging/layout.js";
import { inProcessRunner } from "../../glue/parallel/in-process.js";
import { LocalWorkers, workerScript } from "../../glue/parallel/pool.js";
import { segmentContext } from "../../glue/parallel/tasks.js";
import { type ChunkStart, chunkStarts } from "../../glue/riscv/chunks.js";
import { execute, loadElf } from "../../glue/riscv/index.js";

const elf = readFileSync("examples/guests/page_kinds.elf");
const program = loadElf(elf);
const coprocessors = builtinCoprocessors();
const u32le = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
const input = u32le(200);
const chunkCycles = 2048;
const segmentCycles = 1024;
const ms = chainMachines(program, { coprocessors });
const id = chainProgramIdOf(ms, program);
const runner = (inp: Uint8Array) => inProcessRunner(segmentContext(ms.run, program, inp));
const page = (byteAddress: number) => byteAddress >>> 10;

/** The chunk start states of the test's run (or of another input's). */
const starts = (inp = input) => chunkStarts(program, chunkCycles, { input: inp, coprocessors });
const proveOne = (start: ChunkStart, inp = input): Promise<ChunkProof> =>
  proveChunk(ms, program, start, runner(inp), { input: inp, segmentCycles });

const verify = (r: ChainReceipt) => verifyChainReceipt(r, id, coprocessors);
const withChunks = (r: ChainReceipt, chunks: ChainReceipt["chunks"]): ChainReceipt => ({
  ...r,
  chunks,
});

describe("a run as a chain of chunk proofs", () => {
  let proven: ProvenChain;
  beforeAll(async () => {
    proven = await proveChain(program, { input, coprocessors, chunkCycles, segmentCycles });
  });

  it("verifies, from its bytes, with the whole run's journal", () => {
    const run = execute(program, { input, coprocessors });
    expect(proven.chunks.length).toBe(Math.ceil(run.cycles / chunkCycles));
    expect(proven.chunks.length).toBeGreaterThanOrEqual(4);
    expect(proven.cycles).toBe(run.cycles);
    const parsed = parseChainReceipt(serializeChainReceipt(proven.receipt));
    expect(Buffer.from(verify(parsed))).toEqual(Buffer.from(run.journal));
  });

  it("pages text, rodata, data, bss and stack pages, the register page, and leaves untouched pages as they were", () => {
    const middle = proven.chunks[1];
    const kinds = {
      registers: 0,
      text: page(0x200800),
      rodata: page(0x201000),
      data: page(0x202000),
      bss: page(0x202800), // the coprocessor's state and the start of the bss table
      stack: page(0x2003fc),
    };
    for (const [kind, p] of Object.entries(kinds))
      expect(middle.pages, `the ${kind} page`).toContain(p);
    // The page-aligned table the guest reads only after its loop: untouched in the middle
    // chunks, its leaf is the same in their start and end images; the last chunk pages it in.
    const untouched = page(0x202400);
    const s = starts().chunks;
    expect(middle.pages).not.toContain(untouched);
    const leaf = (c: ChunkStart) => startTree(c).node(TREE_DEPTH, untouched);
    expect(leaf(s[2])).toEqual(leaf(s[1]));
    expect(leaf(s[1]).some((x) => x !== 0)).toBe(true);
    expect(proven.chunks.at(-1)!.pages).toContain(untouched);
    // Each chunk starts at the image the previous one ends at.
    proven.chunks.slice(1).forEach((c, i) => {
      expect(c.roots.start).toEqual(proven.chunks[i].roots.end);
      expect(c.startPc).toBe(proven.chunks[i].end!.pc);
    });
  });

  it("rejects a dropped, reordered or repeated chunk", () => {
    const c = proven.receipt.chunks;
    const r = proven.receipt;
    expect(() => verify(withChunks(r, [c[0], c[2], ...c.slice(3)]))).toThrow(/chunk 1/);
    expect(() => verify(withChunks(r, [c[0], c[2], c[1], ...c.slice(3)]))).toThrow(/chunk 1/);
    expect(() => verify(withChunks(r, [c[0], c[1], c[1], ...c.slice(2)]))).toThrow(/chunk 2/);
    expect(() => verify(withChunks(r, [c[1], ...c.slice(1)]))).toThrow(/chunk 0/);
  });

  it("rejects a chunk of another run (another input) in its place", async () => {
    const other = starts(u32le(201)).chunks;
    const foreign = await proveOne(other[1], u32le(201));
    const c = proven.receipt.chunks;
    const link = { end: foreign.end, endRoot: foreign.roots.end, ...foreign };
    expect(foreign.roots.start).not.toEqual(proven.chunks[1].roots.start);
    expect(() => verify(withChunks(proven.receipt, [c[0], link, ...c.slice(2)]))).toThrow(
      /chunk 1/,
    );
  });

  it("rejects a chunk that claims to halt in the middle, and a chain without its last chunk", () => {
    const c = proven.receipt.chunks;
    const { end: _, ...halting } = c[1];
    expect(() => verify(withChunks(proven.receipt, [c[0], halting]))).toThrow(/chunk 1/);
    expect(() => verify(withChunks(proven.receipt, c.slice(0, -1)))).toThrow(
      /only the last chunk terminates/,
    );
  });

  it("rejects a tampered end root", () => {
    const c = proven.receipt.chunks;
    const endRoot = c[1].endRoot.slice();
    endRoot[3] ^= 1;
    expect(() =>
      verify(withChunks(proven.receipt, [c[0], { ...c[1], endRoot }, ...c.slice(2)])),
    ).toThrow(/chunk 1/);
  });

  it("rejects a chunk proven from a changed register or a forged page", async () => {
    const s = starts().chunks;
    const forge = async (change: (st: ChunkStart) => void) => {
      const st: ChunkStart = {
        ...s[2],
        regs: s[2].regs.slice(),
        pages: new Map([...s[2].pages].map(([p, w]) => [p, w.slice()])),
      };
      change(st);
      const forged = await proveOne(st);
      // The forged chunk's own proof is of another start image…
      expect(forged.roots.start).not.toEqual(proven.chunks[1].roots.end);
      const c = proven.receipt.chunks;
      const link = { ...c[2], endRoot: forged.roots.end, handOvers: forged.handOvers };
      const chain = [c[0], c[1], { ...link, proofs: forged.proofs, journal: forged.journal }];
      // …so in the chain, where it must start at chunk 1's end, it is refused.
      expect(() => verify(withChunks(proven.receipt, [...chain, ...c.slice(3)]))).toThrow(
        /chunk 2/,
      );
    };
    await forge((st) => (st.regs[31] ^= 0x100)); // t6: unused by the guest, the run is the same
    await forge((st) => st.pages.get(page(0x202400))![5]++); // a word of the untouched table
  });

  it("proves its chunks alone and in any order, to the same receipt", async () => {
    const s = starts().chunks;
    // The last chunk first, then a middle one: each alone, from its start state only.
    const last = await proveOne(s[3]);
    const middle = await proveOne(s[1]);
    const spliced = [proven.chunks[0], middle, proven.chunks[2], last];
    expect(Buffer.from(serializeChainReceipt(chainReceiptOf(ms, program, spliced)))).toEqual(
      Buffer.from(serializeChainReceipt(proven.receipt)),
    );
  }, 600_000);

  it("proves on worker processes — whole chunks, or a chunk's segments — to the same proofs", async () => {
    const script = workerScript(new URL("../../cli/", import.meta.url), "worker");
    const pool = new LocalWorkers(script, 2, { elf, input, modules: [] });
    try {
      await pool.ready();
      const opts = { input, coprocessors, chunkCycles, segmentCycles };
      const chunksOnWorkers = await proveChain(program, { ...opts, chunkRunner: pool });
      expect(Buffer.from(serializeChainReceipt(chunksOnWorkers.receipt))).toEqual(
        Buffer.from(serializeChainReceipt(proven.receipt)),
      );
      const s = starts().chunks;
      const segmentsOnWorkers = await proveChunk(ms, program, s[1], pool, opts);
      expect(Buffer.from(serializeLinkedProof(segmentsOnWorkers.proofs))).toEqual(
        Buffer.from(serializeLinkedProof(proven.chunks[1].proofs)),
      );
    } finally {
      await pool.close();
    }
  }, 600_000);
});

describe("chain options and zero knowledge", () => {
  it("refuses a chunk that runs on but is not a whole number of segments", async () => {
    await expect(
      proveChain(program, { input, coprocessors, chunkCycles: 1500, segmentCycles }),
    ).rejects.toThrow(/whole number of 1024-cycle segments/);
  });

  it("a zero-knowledge chain verifies, and two proofs of a chunk differ", async () => {
    const short = u32le(64);
    const opts = { input: short, coprocessors, chunkCycles, segmentCycles, prove: { zk: true } };
    const a = await proveChain(program, opts);
    expect(a.chunks.length).toBe(2);
    const run = execute(program, { input: short, coprocessors });
    expect(Buffer.from(verify(a.receipt))).toEqual(Buffer.from(run.journal));
    const again = await proveChunk(ms, program, starts(short).chunks[0], runner(short), opts);
    expect(again.roots).toEqual(a.chunks[0].roots);
    expect(Buffer.from(serializeLinkedProof(again.proofs))).not.toEqual(
      Buffer.from(serializeLinkedProof(a.chunks[0].proofs)),
    );
  }, 600_000);
});
