/**
 * glue/parallel/wire.ts: tasks and results survive JSON unchanged, and whatever a broken or
 * hostile process puts in their place is refused with an error naming the field.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine } from "../../glue/machine.js";
import {
  type ChunkResult,
  type ChunkTask,
  type CommitResult,
  type ProveTask,
  runSegmentTask,
  segmentContext,
  type SegmentTask,
} from "../../glue/parallel/tasks.js";
import {
  decodeResult,
  decodeTask,
  encodeResult,
  encodeTask,
  WireError,
} from "../../glue/parallel/wire.js";
import { chunkStarts } from "../../glue/riscv/chunks.js";
import { executeWithCheckpoints, loadElf } from "../../glue/riscv/index.js";

const program = loadElf(readFileSync("examples/guests/read_input.elf"));
const input = new TextEncoder().encode("over the wire");
const viaJson = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

let commit: SegmentTask;
let prove: ProveTask;
let committed: CommitResult;
let chunk: ChunkTask;
let chunkProven: ChunkResult;

beforeAll(() => {
  const coprocessors = builtinCoprocessors();
  const m = buildMachine(program, { coprocessors });
  const ctx = segmentContext(m, program, input);
  const { checkpoints, journal } = executeWithCheckpoints(program, 128, { input, coprocessors });
  commit = { kind: "commit", programId: ctx.programId, checkpoint: checkpoints[1] };
  committed = runSegmentTask(ctx, commit) as CommitResult;
  const part = {
    statement: {
      vkDigest: new Uint8Array(32).fill(7),
      logHeights: committed.logHeights,
      publics: [Uint32Array.of(1, 2, 3), new Uint32Array(0)],
    },
    root: committed.root,
  };
  prove = { ...commit, kind: "prove", parts: [part, part], journal };
  const { chunks } = chunkStarts(program, 256, { input, coprocessors });
  chunk = {
    kind: "chunk",
    programId: ctx.programId,
    start: chunks[1],
    segmentCycles: 128,
    zk: true,
  };
  // The shape of a chunk proof's claim and figures (the values need not be a real proof's).
  chunkProven = {
    kind: "chunk",
    index: 1,
    chunk: {
      index: 1,
      startPc: chunks[1].pc,
      end: { pc: 0x1234, clk: 1024 },
      roots: {
        start: Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 2013265920),
        end: Uint32Array.of(7, 6, 5, 4, 3, 2, 1, 0),
      },
      handOvers: [{ pc: 0x1000, clk: 512 }],
      journal: Uint8Array.of(1, 2, 3),
      cycles: 256,
      segments: 2,
      pages: [0, 4, 5, 511],
      heights: { cpu: 256, memory: 64, keccak: 0 },
      traceCells: 2 ** 33,
      pagingCells: 2 ** 20,
    },
    proofs: Uint8Array.of(9, 8, 7, 6, 5),
  };
}, 120_000);

describe("the wire format", () => {
  it("round-trips tasks and results through JSON", () => {
    expect(decodeTask(viaJson(encodeTask(commit)))).toEqual(commit);
    expect(decodeTask(viaJson(encodeTask(prove)))).toEqual(prove);
    expect(decodeResult(viaJson(encodeResult(committed)))).toEqual(committed);
    const proof = { kind: "prove" as const, index: 1, proof: Uint8Array.of(0, 1, 254, 255) };
    expect(decodeResult(viaJson(encodeResult(proof)))).toEqual(proof);
  });

  it("round-trips chunk tasks and results through JSON", () => {
    expect(chunk.start.pages.size).toBeGreaterThan(0);
    const task = decodeTask(viaJson(encodeTask(chunk))) as ChunkTask;
    expect(task).toEqual(chunk);
    expect([...task.start.pages.keys()]).toEqual([...chunk.start.pages.keys()]);
    expect(task.start.pages).toBeInstanceOf(Map);
    expect(task.start.regs).toBeInstanceOf(Uint32Array);
    const w = encodeTask(chunk) as { start: { pages: { page: number; words: unknown }[] } };
    expect(w.start.pages[0].page).toBe([...chunk.start.pages.keys()][0]);
    expect(decodeResult(viaJson(encodeResult(chunkProven)))).toEqual(chunkProven);
    const { end: _, ...terminating } = chunkProven.chunk;
    const last: ChunkResult = { ...chunkProven, chunk: terminating };
    expect(decodeResult(viaJson(encodeResult(last)))).toEqual(last);
  });

  it("carries typed arrays as base64 with their kind", () => {
    const w = encodeTask(prove) as { parts: { root: unknown }[]; journal: unknown };
    expect(w.parts[0].root).toEqual({
      type: "u8",
      base64: Buffer.from(committed.root).toString("base64"),
    });
    const decoded = decodeTask(viaJson(w)) as ProveTask;
    expect(decoded.checkpoint.regs).toBeInstanceOf(Uint32Array);
    expect(decoded.parts[0].statement.publics[0]).toBeInstanceOf(Uint32Array);
  });

  /** Decoding `edit`ed JSON of `wire` fails with a WireError matching `message`. */
  function refused(
    decode: (w: unknown) => unknown,
    wire: unknown,
    edit: (w: any) => void, // the edits reach into any field
    message: RegExp,
  ) {
    const w = viaJson(wire);
    edit(w);
    expect(() => decode(w)).toThrow(WireError);
    expect(() => decode(w)).toThrow(message);
  }

  it("refuses malformed tasks, naming the field", () => {
    const t = encodeTask(prove);
    const b64 = (b: number[]) => Buffer.from(b).toString("base64");
    refused(decodeTask, t, (w) => (w.kind = "verify"), /malformed task: kind/);
    refused(
      decodeTask,
      t,
      (w) => (w.programId.base64 = b64([1, 2])),
      /programId: 2 bytes, expected 32/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[1].root.base64 = "@@@@"),
      /parts\.1\.root\.base64: not base64/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[0].statement.logHeights[0] = 31),
      /parts\.0\.statement\.logHeights\.0/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[0].statement.publics[0].base64 = b64([1, 2, 3])),
      /publics\.0: 3 bytes are not whole u32s/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.checkpoint.base64 = b64([1, 2, 3, 4])),
      /checkpoint: .*checkpoint/,
    );
    refused(decodeTask, t, (w) => (w.journal = { type: "u32", base64: "" }), /journal\.type/);
    refused(decodeTask, t, (w) => delete w.parts, /parts/);
    refused(decodeTask, null, () => {}, /malformed task/);
  });

  it("refuses malformed chunk tasks, naming the field", () => {
    const t = encodeTask(chunk);
    const words = (n: number) => Buffer.from(new Uint32Array(n).buffer).toString("base64");
    refused(
      decodeTask,
      t,
      (w) => (w.start.pages[0].words.base64 = words(255)),
      /start\.pages\.0\.words: 255 u32s, expected 256/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.start.regs.base64 = words(31)),
      /start\.regs: 31 u32s, expected 32/,
    );
    refused(
      decodeTask,
      t,
      (w) => w.start.pages.push({ ...w.start.pages[0] }),
      /start\.pages\.\d+\.page: page \d+ twice/,
    );
    refused(decodeTask, t, (w) => (w.start.pages[0].page = 2 ** 21), /start\.pages\.0\.page/);
    refused(decodeTask, t, (w) => (w.start.pages = {}), /start\.pages/);
    refused(decodeTask, t, (w) => (w.segmentCycles = 96), /segmentCycles: not a power of two/);
    refused(decodeTask, t, (w) => (w.segmentCycles = 4), /segmentCycles/);
    refused(decodeTask, t, (w) => (w.segmentCycles = 2 ** 23), /segmentCycles/);
    refused(decodeTask, t, (w) => (w.zk = 1), /zk/);
    refused(decodeTask, t, (w) => (w.start.last = "no"), /start\.last/);
    refused(decodeTask, t, (w) => (w.start.pc = -4), /start\.pc/);
  });

  it("refuses malformed chunk results, naming the field", () => {
    const r = encodeResult(chunkProven);
    const words = (a: number[]) => Buffer.from(Uint32Array.from(a).buffer).toString("base64");
    refused(
      decodeResult,
      r,
      (w) => (w.chunk.roots.end.base64 = words([0, 0, 0, 0, 0, 0, 0, 2013265921])),
      /chunk\.roots\.end: word 7 \(2013265921\) is not below p/,
    );
    refused(
      decodeResult,
      r,
      (w) => (w.chunk.roots.start.base64 = words([1, 2])),
      /chunk\.roots\.start: 2 u32s, expected 8/,
    );
    refused(decodeResult, r, (w) => (w.chunk.index = 2), /chunk\.index: chunk 2's proof/);
    refused(decodeResult, r, (w) => (w.chunk.end = { pc: 4 }), /chunk\.end\.clk/);
    refused(decodeResult, r, (w) => (w.chunk.handOvers[0].clk = -1), /chunk\.handOvers\.0\.clk/);
    refused(decodeResult, r, (w) => (w.chunk.journal = "abc"), /chunk\.journal/);
    refused(decodeResult, r, (w) => (w.chunk.pages[1] = 0.5), /chunk\.pages\.1/);
    refused(decodeResult, r, (w) => (w.chunk.heights.cpu = -1), /chunk\.heights\.cpu/);
    refused(decodeResult, r, (w) => (w.chunk.traceCells = 1.5), /chunk\.traceCells/);
    refused(decodeResult, r, (w) => delete w.chunk.segments, /chunk\.segments/);
    refused(decodeResult, r, (w) => (w.proofs.type = "u32"), /proofs\.type/);
  });

  it("refuses malformed results, naming the field", () => {
    const r = encodeResult(committed);
    const b64 = (b: number[]) => Buffer.from(b).toString("base64");
    refused(decodeResult, r, (w) => (w.root.base64 = b64([1])), /root: 1 bytes, expected 32/);
    refused(decodeResult, r, (w) => (w.index = -1), /index/);
    refused(decodeResult, r, (w) => (w.index = 1.5), /index/);
    refused(decodeResult, r, (w) => (w.summary.index += 1), /summary\.index: segment 2's summary/);
    refused(
      decodeResult,
      r,
      (w) => (w.summary.regs.base64 = b64([0, 0, 0, 0])),
      /summary\.regs: 1 u32s, expected 32/,
    );
    refused(
      decodeResult,
      r,
      (w) => (w.summary.lookups.xor.base64 = ""),
      /summary\.lookups\.xor: 0 u32s/,
    );
    refused(
      decodeResult,
      r,
      (w) => (w.summary.syscallRows += 1),
      /summary\.syscall: \d+ values are not \d+ rows/,
    );
    refused(decodeResult, r, (w) => (w.summary.finalTs.base64 = ""), /summary\.finalTs/);
    refused(decodeResult, r, (w) => (w.summary.handOver = { pc: "0" }), /summary\.handOver\.pc/);
    refused(decodeResult, { kind: "prove", index: 0, proof: 5 }, () => {}, /proof/);
  });
});
